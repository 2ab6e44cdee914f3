import Progress
import Testing
