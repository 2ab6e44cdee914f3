import Demos
import Testing
