import Drills
import Testing
