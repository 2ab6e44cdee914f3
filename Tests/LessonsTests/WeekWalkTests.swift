import Lessons
import Testing
import TutorTestSupport

/// The linter's walk of the whole week in one sandbox, as a learner meets the steps.
@Suite("Linting the week in one sandbox", .serialized)
struct WeekWalkTests {
  /// Day 1 stores a greeting; day 2 stores the same key again, so day 2's check already
  /// passes when its step opens unless `clear` is the step's `clear` block.
  private func week(clear: String) throws -> LessonCatalog {
    let day1 = try LessonParser.parse(
      """
      \(LessonFixture.frontMatter(day: 1, title: "Strings"))
      # Concepts {#concepts}

      \(LessonFixture.greetingStep)
      """, file: "day1.md"
    ).get()
    let day2 = try LessonParser.parse(
      """
      \(LessonFixture.frontMatter(day: 2, title: "Again"))
      # Concepts {#concepts}

      ## Greet again {#greet-again}

      ```redis
      SET rt:greeting hello
      ```
      \(clear)
      ```check
      GET rt:greeting => hello
      ```
      """, file: "day2.md"
    ).get()
    return LessonCatalog(directory: "", lessons: [day2, day1], problems: [])
  }

  private func lint(_ catalog: LessonCatalog) -> (problems: [String], lines: [String]) {
    var lines: [String] = []
    let reports = LessonLinter(catalog: catalog).run { lines.append($0) }.reports
    return (reports.flatMap(\.problems).map(\.description), lines)
  }

  @Test func aStepWhoseCheckPassesOnAnEarlierDaysKeysIsFlagged() throws {
    let (problems, lines) = lint(try week(clear: ""))
    #expect(
      problems == [
        "day2.md:13: check passes before the step's own commands ran (keys left by an earlier step: rt:greeting); give the step a ```clear block or make its check need this step's change"
      ], "\(problems)")
    #expect(lines.last == "Week walk: 1 problem(s) (days 1–2 in order in one sandbox)")
  }

  @Test func aClearBlockMakesTheStepStartFresh() throws {
    let (problems, lines) = lint(try week(clear: "\n```clear\nrt:greet*\n```\n"))
    #expect(problems == [])
    #expect(
      lines.last
        == "Week walk: ok (2 checked steps, days 1–2 in order in one sandbox, each check failing before its step and passing after)"
    )
  }

  @Test func aClearLineOutsideRtIsRefused() {
    let text = """
      \(LessonFixture.frontMatter(day: 1, title: "Strings"))
      # Concepts {#concepts}

      ## Greet {#greet}

      ```clear
      session:42
      ```
      """
    guard case .failure(let problems) = LessonParser.parse(text, file: "day1.md") else {
      Issue.record("a clear line outside rt: loaded")
      return
    }
    #expect(
      problems.problems.map(\.description) == [
        "day1.md:16: cannot clear 'session:42': a clear line is one rt: key or rt:…* pattern (only lesson keys are cleared)"
      ])
  }
}
