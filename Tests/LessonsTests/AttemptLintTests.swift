import Lessons
import Testing
import TutorTestSupport

@Suite("Linting mistakes and alternatives", .serialized)
struct AttemptLintTests {
  private func lint(_ text: String) throws -> (problems: [String], lines: [String]) {
    let lesson = try LessonParser.parse(text, file: "attempts.md").get()
    let catalog = LessonCatalog(directory: "", lessons: [lesson], problems: [])
    var lines: [String] = []
    let reports = LessonLinter(catalog: catalog).run { lines.append($0) }.reports
    return (reports.flatMap(\.problems).map(\.description), lines)
  }

  @Test func provenAttemptsAreCountedPerDayAndInTotal() throws {
    let (problems, lines) = try lint(attemptLesson)
    #expect(problems == [])
    #expect(
      lines.suffix(3) == [
        "Day 3: 1 steps, 2 checks, 3 mistakes proven to fail, 2 alternatives proven to pass",
        "Total: 1 steps, 2 checks, 3 mistakes proven to fail, 2 alternatives proven to pass",
        "Week walk: ok (1 checked steps, day 3 in order in one sandbox, each check failing before its step and passing after)",
      ], "\(lines)")
  }

  @Test func aMistakeThatPassesTheStepsCheckIsReportedWithItsLine() throws {
    let text = attemptLesson.replacingOccurrences(
      of: "SET rt:session:42 ada EX 300", with: "SET rt:session:42 ada EX 20")
    let line = try lineNumber(of: "SET rt:session:42 ada EX 20", in: text) - 1
    #expect(
      try lint(text).problems == [
        "attempts.md:\(line): mistake passes the check: SET rt:session:42 ada EX 20"
      ])
  }

  @Test func aMistakeThatPassesACardsCheckIsReportedWithWhy() throws {
    let text = attemptLesson.replacingOccurrences(
      of: "SET rt:quiz:lock:a w2 EX 60\n", with: "")
    let line = try lineNumber(of: "```mistake lock-once", in: text)
    #expect(
      try lint(text).problems == [
        "attempts.md:\(line): card 'lock-once': mistake passes the check: SET without NX lets w2 take the lock"
      ])
  }

  @Test func anAlternativeThatFailsIsReported() throws {
    let text = attemptLesson.replacingOccurrences(
      of: "EXPIRE rt:session:42 30", with: "EXPIRE rt:session:42 90")
    let line = try lineNumber(of: "```alternative", in: text)
    let problems = try lint(text).problems
    #expect(problems.count == 1, "\(problems)")
    #expect(
      problems.first?.hasPrefix(
        "attempts.md:\(line): alternative fails the check: SET rt:session:42 ada; EXPIRE rt:session:42 90: "
      ) == true, "\(problems)")
  }

  @Test func eachAttemptStartsFromTheStateBeforeTheStep() throws {
    // After the mistakes, rt:session:42 holds "ada"; from the step's own starting state there
    // is nothing to expire, so this alternative alone must fail.
    let text = attemptLesson.replacingOccurrences(
      of: "SET rt:session:42 ada\nEXPIRE rt:session:42 30", with: "EXPIRE rt:session:42 30")
    let line = try lineNumber(of: "```alternative", in: text)
    let problems = try lint(text).problems
    #expect(problems.count == 2, "\(problems)")
    #expect(
      problems.allSatisfy {
        $0.hasPrefix("attempts.md:\(line): alternative fails the check: EXPIRE rt:session:42 30: ")
      }, "\(problems)")
  }
}
