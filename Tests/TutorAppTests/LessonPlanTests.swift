import Lessons
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// A day of two blocks, the first with the greeting step.
private let twoBlockLesson = LessonFixture.twoBlockDay(title: "Plan day")

/// `:plan` shows the day's plan, not the step again.
@Suite("Lesson plan in the shell")
struct LessonPlanTests {
  let server: RedisServerFixture
  let library: LessonLibrary

  init() throws {
    server = try RedisServerFixture()
    library = try LessonLibrary(lesson: twoBlockLesson)
  }

  @Test func planShowsEachBlocksTimeAndStepsDoneAndWhereYouAre() throws {
    let scripted = ScriptedShell([":lesson 1", "SET rt:greeting hello"], server: server)
    _ = library.controller(on: scripted.shell)
    _ = scripted.shell.run()
    library.clock.advance(5 * 60)
    scripted.errors.clear()
    scripted.shell.handle(line: Array(":plan".utf8))
    let shown = scripted.errors.text
    let flowing = shown.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    #expect(flowing.contains("Day 1 plan (4h): Plan day"), "\(shown)")
    #expect(
      flowing.contains(
        "1. ✓ Warm-up (hands-on, 10 min): 5 min spent, 1/1 steps done ← you are here, step 1/2"),
      "\(shown)")
    #expect(flowing.contains("2. Review (review, 5 min): 0 min spent, 0/1 steps done"), "\(shown)")
    #expect(!shown.contains("Store hello under a key"), "the step was shown again:\n\(shown)")
  }
}
