import Foundation
import Lessons
import Testing
import TutorTestSupport

/// `redis-tutor quiz`, `quiz stats` and the daily greeting, on the repository's lessons, with
/// a clock read from a file so days can pass.
@Suite("End to end: self-quiz", .serialized)
struct QuizEndToEndTests {
  let home: URL
  let clockFile: String
  let start = 1_800_000_000.0

  init() throws {
    home = try TemporaryDirectory.make(prefix: "tutor-quiz")
    clockFile = home.appendingPathComponent("clock").path
    try setClock(start)
  }

  private func setClock(_ time: Double) throws {
    try String(time).write(toFile: clockFile, atomically: true, encoding: .utf8)
  }

  private var environment: [String: String] {
    ["REDIS_TUTOR_CLOCK_FILE": clockFile, "NO_COLOR": "1", "TZ": "UTC"]
  }

  private func quiz(_ arguments: [String], input: String) throws -> TutorBinary.Result {
    try TutorBinary.run(
      ["quiz"] + arguments + ["--lessons", repositoryLessons], stdin: Array(input.utf8),
      home: home, environment: environment)
  }

  private func stats() throws -> String {
    let result = try TutorBinary.run(
      ["quiz", "stats", "--lessons", repositoryLessons], home: home, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    return result.output
  }

  /// Answers day 1's first three cards right (a choice by its text, an answer, a prediction).
  private func answerFirstThree() throws -> String {
    let result = try quiz(["--day", "1", "--limit", "3"], input: "none\n\n512 MB\n\n5\n\n")
    #expect(result.status == 0, "\(result.stderr)")
    return result.output
  }

  @Test func aSessionGradesSavesAndSchedules() throws {
    let output = try answerFirstThree()
    #expect(output.hasPrefix("Quiz (day 1, at most 3): 3 cards, 0 due for review and 3 new.\n"))
    #expect(output.contains("── Card 1 of 3 · day 1 · choice · new ──"))
    #expect(output.contains("What does TYPE reply for a key that does not exist?"))
    #expect(
      output.contains("The server says, for STRLEN rt:quiz:word:\n(integer) 5\n"), "\(output)")
    #expect(output.components(separatedBy: "✓ Right.").count == 4, "\(output)")
    // No time passed on the test clock: right and fast is Easy. FSRS-6 gives a new card
    // rated Easy a stability of 8.3 days, fuzzed by a few days either way.
    let intervals = output.split(separator: "\n").filter {
      $0.hasPrefix("Rated Easy; next review in ")
    }
    .compactMap { Int($0.split(separator: " ")[5]) }
    #expect(intervals.count == 3, "\(output)")
    #expect(intervals.allSatisfy { (6...11).contains($0) }, "\(intervals)")
    #expect(output.hasSuffix("Quiz done: 3 cards answered, 3 right.\n"))

    let catalog = try LessonCatalog.load(directory: repositoryLessons)
    let total = catalog.lessons.map(\.cards.count).reduce(0, +)
    let dayOne = catalog.lesson(day: 1)?.cards.count ?? 0
    var report = try stats()
    #expect(report.contains("Due today: 0   this week: "), "\(report)")
    #expect(report.contains("new (never reviewed): \(total - 3) of \(total) cards"), "\(report)")
    #expect(report.contains("total 3 reviews in 30 days"), "\(report)")
    #expect(report.contains("  1  Redis basics"), "\(report)")
    #expect(report.contains("3/\(dayOne)"), "\(report)")

    // A month later the three are due, before ten new cards of the started day.
    try setClock(start + 30 * 86400)
    let later = try quiz([], input: "")
    #expect(
      later.output.hasPrefix("Quiz (today's queue): 13 cards, 3 due for review and 10 new.\n"),
      "\(later.output)")
    #expect(
      later.output.contains(
        "Quiz stopped: 0 cards answered, 0 right; answers so far are saved (13 left)."))
    report = try stats()
    #expect(report.contains("Due today: 3   this week: 3"), "\(report)")
  }

  @Test func badOptionsGetOneLine() throws {
    let result = try quiz(["--day", "9"], input: "")
    #expect(result.status == 64)
    #expect(result.stderr.contains("--day 9: days run from 1 to 7"), "\(result.stderr)")
    let scheduler = try quiz(["--scheduler", "anki"], input: "")
    #expect(scheduler.status == 64)
    #expect(scheduler.stderr.contains("--scheduler anki: use fsrs or sm2"), "\(scheduler.stderr)")
  }

  @Test func lessonOpensTheCardsStepInTheShell() throws {
    let result = try quiz(["--day", "1", "--limit", "1"], input: ":lesson\nPING\n")
    #expect(result.output.contains("Opening day 1 at step 'keys-and-values'."), "\(result.output)")
    // The quiz is over; the shell carries on with the lesson (prose on stderr when piped).
    #expect(result.output.hasSuffix("PONG\n"), "\(result.output)")
    #expect(result.stderr.contains("Keys, values and one thread"), "\(result.stderr)")
  }

  @Test func theDailySessionOffersDueReviewsAndCtrlCKeepsAnswers() throws {
    _ = try answerFirstThree()
    try setClock(start + 30 * 86400)
    let session = try TmuxSession(
      [TutorBinary.path, "--lessons", repositoryLessons, "--plan", "4h"],
      environment: TutorBinary.environment(home: home, extra: environment), height: 50)
    try session.waitFor("3 reviews are due today (and 10 new cards ready). Review now? [Y/n]")
    try session.press("Enter")
    // The three reviews come first, the most overdue (fuzzed intervals decide) leading.
    let screen = try session.waitFor("── Card 1 of 13 · day 1 · ")
    #expect(screen.contains("· review ──"), "\(screen)")
    let answers = [
      "What does TYPE reply": "none", "How large can a single Redis string": "512 MB",
      "STRLEN rt:quiz:word": "5",
    ]
    try session.enter(answers.first { screen.contains($0.key) }?.value ?? "?")
    try session.waitFor("rating Easy: Enter keeps it")
    try session.press("Enter")
    try session.waitFor("Rated Easy;")
    try session.waitFor("── Card 2 of 13")
    try session.press("C-c")
    // The quiz stops (its last line scrolls away under the lesson text), and the day's
    // lesson starts, as every daily session does.
    try session.waitFor("Day 1 · block 1/4")
    try session.enter(":quit")
    _ = try session.waitForScreen { _ in (try? session.programExited()) == true }
    let report = try stats()
    #expect(report.contains("Due today: 2"), "\(report)")
  }
}
