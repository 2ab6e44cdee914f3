import Lessons
import Testing
import TutorTestSupport

/// `lessons check` proves a parameterised step with every set of values, not only the lowest.
@Suite("Linting per-learner numbers", .serialized)
struct ParameterLintTests {
  private func lint(_ text: String) throws -> (problems: [String], lines: [String]) {
    let lesson = try LessonParser.parse(text, file: "day2.md").get()
    let catalog = LessonCatalog(directory: "", lessons: [lesson], problems: [])
    var lines: [String] = []
    let reports = LessonLinter(catalog: catalog).run { lines.append($0) }.reports
    return (reports.flatMap(\.problems).map(\.description), lines)
  }

  @Test func aParameterisedStepIsProvenWithEachSetOfValues() throws {
    let (problems, lines) = try lint(parameterisedLesson)
    #expect(problems == [])
    #expect(
      lines.first
        == "day2.md: ok (day 2: 1 steps, 1 checked, 0 facts, 0 cards, 1 with per-learner numbers, each proven with 5 sets of values)"
    )
  }

  @Test func aMistakeThatPassesOnlyWithTheHighestValuesIsReported() throws {
    // EX 420 is right for 7 minutes, the highest pick, so only that run catches it.
    let text = parameterisedLesson.replacingOccurrences(
      of: "# why: {{minutes}} seconds, not minutes\nSET rt:session:{{user}} on EX {{minutes}}",
      with: "# why: a fixed seven minutes\nSET rt:session:{{user}} on EX 420")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let line = try #require(lines.firstIndex { $0.contains("a fixed seven minutes") })
    #expect(
      try lint(text).problems == [
        "day2.md:\(line): with user=999999, minutes=7, seconds=420, lowest=410: mistake passes the check: a fixed seven minutes"
      ])
  }

  @Test func aCheckThatOnlyTheLowestValuesSatisfyIsReportedForTheOthers() throws {
    // A check that hard-codes the lowest user passes the lesson as written, and nobody else.
    let text = parameterisedLesson.replacingOccurrences(
      of: "TTL rt:session:{{user}} =>", with: "TTL rt:session:100 =>")
    let problems = try lint(text).problems
    #expect(problems.count >= 4, "\(problems)")
    #expect(
      problems.contains {
        $0.contains("with user=999999, minutes=7, seconds=420, lowest=410: ")
          && $0.contains("after its example the check still fails")
      }, "\(problems)")
  }
}
