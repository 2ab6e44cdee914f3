import Quiz
import Testing
