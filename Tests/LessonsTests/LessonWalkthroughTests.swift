import Foundation
import Lessons
import RedisSandbox
import Testing
import TutorTestSupport

/// The repository's lessons.
let walkthroughLessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

@Suite("Lesson walk-throughs", .serialized)
struct LessonWalkthroughTests {
  private func play(
    _ lesson: Lesson, wait: @escaping (Double) -> Bool = { _ in true }
  ) throws -> (LessonWalkthrough.Result, String) {
    let directory = try TemporaryDirectory.make(prefix: "walkthrough")
    defer { try? FileManager.default.removeItem(at: directory) }
    let runner = try ExampleRunner(sandbox: Sandbox(directory: directory.path, persistence: .none))
    runner.stageTester = TutorBinary.stageTester
    defer { runner.stop() }
    var output = ""
    let walkthrough = LessonWalkthrough(
      lesson: lesson, plan: .sixHours, runner: runner, pace: .readable(speed: 0), color: false,
      markdown: { TerminalMarkdown(width: 80, color: false).render($0) + "\n" },
      write: { output += $0 }, wait: wait)
    return (walkthrough.play(), output)
  }

  @Test func everyDayPlaysToTheEndWithEveryCheckPassing() throws {
    let catalog = try LessonCatalog.load(directory: walkthroughLessons)
    #expect(catalog.lessons.count == 7)
    for lesson in catalog.lessons {
      let (result, output) = try play(lesson)
      #expect(result.failures == [], "day \(lesson.day): \(result.failures)")
      #expect(result.steps == lesson.steps(in: .sixHours).count)
      #expect(result.checked == lesson.steps(in: .sixHours).filter(\.isChecked).count)
      #expect(result.passed == result.checked)
      #expect(!result.stopped)
      #expect(
        output.hasSuffix(
          "Walk-through of day \(lesson.day) done: \(result.steps) steps, \(result.checked) of \(result.checked) checks passed.\n"
        ))
    }
  }

  @Test func commandsAreTypedWithTheirRealRepliesAndChecksAfterThem() throws {
    let lesson = try LessonParser.parse(sampleLesson, file: "sample.md").get()
    let (result, output) = try play(lesson)
    #expect(result.checked >= 1 && result.passed == result.checked)
    #expect(output.contains("redis> SET rt:greeting \"hello world\"\nOK\n"), "\(output)")
    #expect(output.contains("redis> GET rt:greeting\n\"hello world\"\n"), "\(output)")
    #expect(output.contains("✓ check passed"))
    // The prose is shown, without the example block the walk-through types itself.
    #expect(output.contains("Type SET then GET."), "\(output)")
    #expect(!output.contains("# a comment line"), "\(output)")
  }

  @Test func stoppingEndsTheWalkthroughEarly() throws {
    let lesson = try LessonParser.parse(sampleLesson, file: "sample.md").get()
    var waits = 0
    let (result, output) = try play(lesson) { _ in
      waits += 1
      return waits < 5
    }
    #expect(result.stopped)
    #expect(!output.contains("Walk-through of day"))
  }
}
