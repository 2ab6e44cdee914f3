import Foundation
import Testing
import TutorTestSupport

/// `:test` in the shell, in a real terminal: the command is remembered per stage, and Ctrl-C
/// stops the tester (and the learner's program) and returns to the prompt.
@Suite("End to end: :test in the shell", .serialized)
struct StageTestShellTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-test-shell") }

  func startTutor(columns: Int = 120) throws -> TmuxSession {
    let session = try TmuxSession(
      [TutorBinary.path, "--no-lesson"],
      environment: TutorBinary.environment(
        home: home, extra: ["NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"]),
      width: columns, height: 100)
    try session.waitFor("sandbox 127.0.0.1:")
    return session
  }

  @Test(.enabled(if: StageTesterTests.python != nil))
  func theCommandIsRememberedPerStage() throws {
    let session = try startTutor()
    defer { session.close() }
    try session.enter(":test day1-client")
    try session.waitFor("No command remembered for day1-client yet")
    let client = StageTesterTests.root + "/testers/references/day1-client/client.py"
    try session.enter(":test day1-client -- \(StageTesterTests.python!) \(client)")
    try session.waitFor("All 5 expectations passed: stage day1-client done.", within: .seconds(90))
    try session.enter(":test")
    try session.waitFor("day1-client runs \(StageTesterTests.python!)")
    try session.enter("clear")
    try session.enter(":test day1-client")
    let again = try session.waitFor(
      "All 5 expectations passed: stage day1-client done.", within: .seconds(90))
    #expect(again.contains("(remembered)"), "\(again)")
    let progress = try TutorBinary.run(["progress"], home: home)
    #expect(progress.output.contains("day1-client  ✓ passed"), "\(progress.output)")
  }

  @Test func ctrlCStopsTheTesterAndItsProgramAndTheShellCarriesOn() throws {
    let session = try startTutor()
    defer { session.close() }
    // A service that never listens: the tester waits for it until Ctrl-C.
    let marker = "\(Int.random(in: 100_000...999_999))"
    try session.enter(":test day2-cache -- sleep \(marker)")
    try session.waitFor("KEY_PREFIX")
    // The heading comes before the program starts: wait for it to run.
    let deadline = Date().addingTimeInterval(20)
    while try Self.sleeps(marker) == 0, Date() < deadline {
      usleep(20_000)
    }
    #expect(try Self.sleeps(marker) > 0)
    try session.press("C-c")
    try session.waitFor("Stopped by Ctrl-C")
    try session.enter("PING")
    try session.waitFor("PONG")
    #expect(try Self.sleeps(marker) == 0)
    #expect(try !session.programExited())
  }

  @Test(arguments: [80, 120])
  func theTestersLinesAreWrappedAtSpacesToTheWidth(columns: Int) throws {
    let session = try startTutor(columns: columns)
    defer { session.close() }
    try session.enter(":test list day2-cache")
    try session.waitFor("Exit status: 0 every expectation passed")
    try session.enter(":test day2-cache -- false")
    try session.waitFor("the program did not start")
    // The prompt is back once PING answers: the screen no longer changes.
    try session.enter("PING")
    try session.waitFor("PONG")
    let screen = try session.screen()
    let joined = try session.screenJoiningWrappedLines()
    #expect(
      joined.split(separator: "\n").count == screen.split(separator: "\n").count,
      "a line ran past the right edge at \(columns) columns:\n\(screen)")
    #expect(screen.split(separator: "\n").contains { $0.hasPrefix("  ") && $0.count > 20 })
  }

  /// How many `sleep SECONDS` processes run (the tester starts sleep by its full path).
  static func sleeps(_ seconds: String) throws -> Int {
    var count = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: "/proc") where Int(name) != nil
    {
      guard let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else {
        continue
      }
      let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
      if words.count == 2, words[0].hasSuffix("sleep"), words[1] == seconds { count += 1 }
    }
    return count
  }
}
