import Foundation
import Testing
import TutorTestSupport

/// A day whose check explains itself at length, so its failure is wider than any terminal.
private let longCheckLesson = LessonFixture.twoBlockDay(
  title: "Screen day",
  step: LessonFixture.greetingStep.replacingOccurrences(
    of: "# store the word hello",
    with:
      "# store the word hello under the key rt:greeting, exactly as the example above shows, and then type :check again to see this line go away"
  ))

/// The same day with an introduction and a step that together are taller than 24 rows.
private let tallDayLesson =
  longCheckLesson
  .replacingOccurrences(
    of: "# Warm-up {#warmup}",
    with: (1...7).map { "Introduction paragraph \($0) of the day." }.joined(separator: "\n\n")
      + "\n\n# Warm-up {#warmup}"
  )
  .replacingOccurrences(
    of: "Store *hello* under a key.",
    with: (1...6).map { "Step paragraph \($0)." }.joined(separator: "\n\n"))

/// Messages, `:help`, the prompt and long lesson text in real 80- and 120-column terminals.
@Suite("End to end: text that fits the screen", .serialized)
struct ScreenFitEndToEndTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-fit") }

  private func startTutor(_ lesson: String, columns: Int, rows: Int) throws -> TmuxSession {
    let directory = home.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try lesson.write(
      to: directory.appendingPathComponent("day1-screen.md"), atomically: true, encoding: .utf8)
    return try TmuxSession(
      [TutorBinary.path, "--lessons", directory.path, "--plan", "4h"],
      environment: TutorBinary.environment(home: home, extra: ["NO_COLOR": "1"]), width: columns,
      height: rows)
  }

  /// Runs `line` on a cleared screen and returns the screen once the prompt is back.
  private func runOnClearScreen(_ line: String, in session: TmuxSession, until text: String)
    throws -> String
  {
    try session.enter(":clear")
    try session.waitForScreen { !$0.contains("Your turn") }
    try session.enter(line)
    try session.waitFor(text)
    let (_, screen) = try session.waitForScreen {
      $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(">")
        && $0.split(separator: "\n").count > 2
    }
    return screen
  }

  /// The screen's words with single spaces, however the lines were broken.
  private func flowing(_ screen: String) -> String {
    screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  /// Fails when the terminal itself had to wrap a line: then our text did not fit.
  private func expectNothingRanPastTheEdge(_ session: TmuxSession, _ what: String) throws {
    let screen = try session.screen()
    let joined = try session.screenJoiningWrappedLines()
    #expect(
      joined.split(separator: "\n").count == screen.split(separator: "\n").count,
      "\(what): a line ran past the right edge:\n\(screen)")
  }

  @Test(arguments: [80, 120])
  func helpChecksAndSandboxLinesAreWrappedAtSpacesToTheWidth(columns: Int) throws {
    let session = try startTutor(longCheckLesson, columns: columns, rows: 100)
    try session.waitFor("Your turn")

    let help = try runOnClearScreen(":help", in: session, until: "Tutor commands:")
    try expectNothingRanPastTheEdge(session, ":help")
    for summary in [
      ":sandbox [status|restart [MODE]|crash|wipe] the private redis-server: show, restart (MODE: none, rdb, aof-always, aof-everysec, aof-no), kill -9, or empty it",
      ":drill [NAME] [solve|redis] DSA drills: heap, lru, window, bfs, mixed; trace, solve, or the Redis version; :drill lists them",
      ":check check the current step on the server and say what is missing",
    ] {
      #expect(flowing(help).contains(summary), "at \(columns) columns:\n\(help)")
    }

    let check = try runOnClearScreen(":check", in: session, until: "Not yet:")
    try expectNothingRanPastTheEdge(session, ":check")
    #expect(
      flowing(check).contains(
        "✗ GET rt:greeting → (nil), expected \"hello\" — store the word hello under the key rt:greeting, exactly as the example above shows, and then type :check again to see this line go away"
      ), "\(check)")
    let failure = check.split(separator: "\n").drop { !$0.hasPrefix("  ✗ ") }
    #expect(failure.dropFirst().first?.hasPrefix("    ") == true, "no hanging indent:\n\(check)")

    let status = try runOnClearScreen(":sandbox", in: session, until: "persistence")
    try expectNothingRanPastTheEdge(session, ":sandbox")
    let sandbox = home.appendingPathComponent("data/redis-tutor/sandbox").path
    #expect(flowing(status).contains("url redis://default:$(cat \(sandbox)/password)@127.0.0.1:"))
    try session.enter(":quit")
  }

  @Test(arguments: [80, 120])
  func thePromptLeavesAtLeastFortyColumnsToType(columns: Int) throws {
    let session = try startTutor(longCheckLesson, columns: columns, rows: 40)
    let screen = try session.waitFor("Your turn")
    let (_, shown) = try session.waitForScreen {
      $0.split(separator: "\n").last?.hasSuffix("sandbox>") == true
        || $0.split(separator: "\n").last?.contains("sandbox 127.0.0.1:") == true
    }
    let prompt = String(shown.split(separator: "\n").last ?? "") + " "
    if columns == 80 {
      #expect(prompt == "[d1 1/2 0/10m] sandbox> ", "\(screen)")
    } else {
      #expect(prompt.hasPrefix("[day 1 · warmup 1/2 · 0/10m] sandbox 127.0.0.1:"), "\(screen)")
    }
    #expect(columns - prompt.count >= 40)
    try session.enter(":quit")
  }

  @Test(arguments: [80, 120])
  func aDayTallerThanTheScreenPausesBeforeItsTitleScrollsAway(columns: Int) throws {
    let session = try startTutor(tallDayLesson, columns: columns, rows: 24)
    let paused = try session.waitFor("-- more")
    #expect(paused.contains("Day 1: Screen day"), "\(paused)")
    try session.press("Space")
    try session.waitFor("Your turn")
    try session.enter(":lesson 1")
    let again = try session.waitFor("-- more")
    #expect(again.contains("Day 1: Screen day"), "\(again)")
    try session.press("q")
    try session.enter(":plan")
    let plan = try session.waitFor("Day 1 plan (4h)")
    #expect(flowing(plan).contains("0 min spent, 0/1 steps done"), "\(plan)")
    try session.enter(":quit")
  }
}
