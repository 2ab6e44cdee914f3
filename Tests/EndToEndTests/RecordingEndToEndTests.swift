import Foundation
import Progress
import Recording
import Testing
import TutorTestSupport

/// Recording in a real terminal, then `sessions`, `replay`, `replay --rerun` and `export`.
@Suite("End to end: recordings", .serialized)
struct RecordingEndToEndTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-record") }

  private var dataDirectory: String { home.appendingPathComponent("data/redis-tutor").path }

  private func tutor(_ arguments: [String], input: String = "") throws -> TutorBinary.Result {
    try TutorBinary.run(
      arguments, stdin: Array(input.utf8), home: home, environment: ["NO_COLOR": "1"])
  }

  /// Runs `lines` in a recorded terminal session of the plain shell, then quits.
  private func recordSession(_ lines: [String], waitFor last: String) throws {
    let session = try TmuxSession(
      [TutorBinary.path, "--no-lesson"],
      environment: TutorBinary.environment(home: home, extra: ["NO_COLOR": "1"]))
    try session.waitFor("sandbox")
    for line in lines { try session.enter(line) }
    try session.waitFor(last)
    try session.enter("quit")
    _ = try session.waitForScreen { _ in (try? session.programExited()) == true }
  }

  private func onlyRecording() throws -> RecordingInfo {
    let store = try ProgressStore(path: dataDirectory + "/progress.sqlite")
    let recordings = try store.recordings()
    #expect(recordings.count >= 1)
    return try #require(recordings.first)
  }

  @Test func aTerminalSessionIsRecordedWithoutItsSecretsAndPlaysBack() throws {
    try recordSession(
      [
        "SET rt:a hello", "AUTH secretpw123", "CONFIG GET requirepass", "GET rt:a",
        "RPUSH rt:list x y z", "ECHO done",
      ], waitFor: "\"done\"")
    let info = try onlyRecording()
    #expect(info.commands == 6)
    #expect(info.endedAt != nil)

    // The cast is asciicast v2 and holds what the terminal showed, minus the secret.
    let cast = try String(contentsOfFile: info.castPath, encoding: .utf8)
    #expect(AsciicastChecker.violations(in: cast) == [])
    let file = try AsciicastFile.parse(cast)
    let shown = file.events.filter { $0.code == .output }.map(\.data).joined()
    #expect(shown.contains("SET rt:a hello\r\nOK\r\n"), "\(shown)")
    #expect(shown.contains("AUTH (redacted)"), "\(shown)")
    #expect(shown.contains("(reply hidden in the recording)"), "\(shown)")
    // No file the tutor wrote holds the password.
    #expect(try filesHolding("secretpw123", under: home) == [])

    let list = try tutor(["sessions"])
    #expect(list.status == 0)
    #expect(list.output.hasPrefix("id  started"), "\(list.output)")
    #expect(list.output.contains("  6  "), "\(list.output)")

    let replay = try tutor(["replay", String(info.id), "--speed", "0"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.output.contains("RPUSH rt:list x y z\r\n(integer) 3\r\n"), "\(replay.output)")

    // Re-run on a fresh sandbox: nothing differs (AUTH and the hidden reply are not re-run).
    let rerun = try tutor(["replay", String(info.id), "--rerun"])
    #expect(rerun.output.hasSuffix(", 0 different\n"), "\(rerun.output)")
    #expect(!rerun.output.contains("@@"), "\(rerun.output)")
    #expect(rerun.output.contains("AUTH (redacted): a secret in it was never stored"))

    let markdown = try tutor(["export", String(info.id), "--format", "md"])
    #expect(markdown.output.hasPrefix("# Session \(info.id) — "), "\(markdown.output)")
    #expect(markdown.output.contains("redis> SET rt:a hello\nOK\n"), "\(markdown.output)")
    #expect(markdown.output.contains("redis> AUTH (redacted)"), "\(markdown.output)")

    let exported = home.appendingPathComponent("copy.cast").path
    let castExport = try tutor(["export", String(info.id), "--format", "cast", "-o", exported])
    #expect(castExport.status == 0, "\(castExport.stderr)")
    #expect(try String(contentsOfFile: exported, encoding: .utf8) == cast)

    let removed = try tutor(["sessions", "rm", String(info.id)])
    #expect(removed.output == "Removed session \(info.id).\n")
    #expect(!FileManager.default.fileExists(atPath: info.castPath))
    let again = try tutor(["sessions", "rm", String(info.id)])
    #expect(again.status == 1)
    #expect(
      again.stderr.contains("there is no session \(info.id); redis-tutor sessions lists them"))
  }

  /// Lines typed in a terminal session whose secrets must reach no file.
  struct SecretLines: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var lines: [String]
    var secrets: [String]
    /// How the recording shows the first line.
    var recorded: String
  }

  static let secretLines: [SecretLines] = [
    SecretLines(
      testDescription: "AUTH split over two lines",
      lines: ["AUTH \"split-pw-start", "split-pw-end\""],
      secrets: ["split-pw-start", "split-pw-end"], recorded: "AUTH (redacted)\r\n(error) "),
    SecretLines(
      testDescription: "AUTH that does not parse", lines: ["AUTH \"garbled-pw\"x"],
      secrets: ["garbled-pw"], recorded: "AUTH (redacted)\r\nInvalid argument(s)"),
    SecretLines(
      testDescription: "HELLO with AUTH",
      lines: ["HELLO 3 AUTH nobody hello-pw", "HELLO 2 AUTH nobody hello-pw"],
      secrets: ["hello-pw"], recorded: "HELLO 2 AUTH (redacted) (redacted)\r\n(error) WRONGPASS"),
    SecretLines(
      testDescription: "ACL SETUSER with a password",
      lines: ["ACL SETUSER learner on >acl-user-pw ~rt:* +get"], secrets: ["acl-user-pw"],
      recorded: "ACL SETUSER learner (redacted) (redacted) (redacted) (redacted)\r\nOK"),
    SecretLines(
      testDescription: "CONFIG SET requirepass",
      lines: [
        "CONFIG SET requirepass config-pw", "AUTH config-pw", "CONFIG SET requirepass \"\"",
      ],
      secrets: ["config-pw"], recorded: "CONFIG SET requirepass (redacted)\r\nOK"),
    SecretLines(
      testDescription: "CONFIG SET that does not parse",
      lines: ["CONFIG SET masterauth 'master-pw'x"], secrets: ["master-pw"],
      recorded: "CONFIG (redacted)\r\nInvalid argument(s)"),
    SecretLines(
      testDescription: "MIGRATE with AUTH",
      lines: ["MIGRATE 127.0.0.1 1 \"\" 0 1000 AUTH migrate-pw KEYS rt:none"],
      secrets: ["migrate-pw"], recorded: "AUTH (redacted) KEYS rt:none\r\nNOKEY"),
  ]

  @Test(arguments: secretLines)
  func aSecretReachesNoFile(_ typed: SecretLines) throws {
    try recordSession(typed.lines + ["ECHO secret-typed"], waitFor: "\"secret-typed\"")
    for secret in typed.secrets {
      #expect(try filesHolding(secret, under: home) == [], "\(secret)")
    }
    let cast = try AsciicastFile.read(path: try onlyRecording().castPath)
    let shown = cast.events.filter { $0.code == .output }.map(\.data).joined()
    #expect(shown.contains(typed.recorded), "\(shown)")
    // The line editor's history holds the ordinary line typed after the secret.
    let history = try String(contentsOfFile: dataDirectory + "/history", encoding: .utf8)
    #expect(history.contains("ECHO secret-typed"), "\(history)")
  }

  @Test func rerunShowsNoDifferenceForAnUnchangedSessionAndExactlyTheChangedReply() throws {
    // The sandbox keeps its data between runs: a first, unrecorded run leaves rt:left behind.
    _ = try tutor(["--no-lesson", "--no-record"], input: "SET rt:left over\n")
    try recordSession(
      [
        "SET rt:n 10", "INCR rt:n", "EXPIRE rt:n 100", "TTL rt:n", "SADD rt:s a b c",
        "SMEMBERS rt:s", "TIME", "GET rt:left", "ECHO end",
      ], waitFor: "\"end\"")
    let info = try onlyRecording()
    let rerun = try tutor(["replay", String(info.id), "--rerun"])
    #expect(rerun.status == 0, "\(rerun.stderr)")
    // On a fresh sandbox rt:left does not exist: that one reply differs, and only it.
    #expect(rerun.output.contains("- \"over\""), "\(rerun.output)")
    #expect(rerun.output.contains("+ (nil)"), "\(rerun.output)")
    // TTL and SMEMBERS may or may not come out the same; TIME never does.
    #expect(rerun.output.contains("9 commands re-run: "), "\(rerun.output)")
    #expect(rerun.output.contains("TIME clock), 1 different\n"), "\(rerun.output)")
    #expect(rerun.output.components(separatedBy: "@@ #").count == 2, "\(rerun.output)")
  }

  @Test func lessonStepsAreMarkedAndReplayCanStartAtOne() throws {
    let directory = home.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try terminalLesson.write(
      to: directory.appendingPathComponent("day1-test.md"), atomically: true, encoding: .utf8)
    let session = try TmuxSession(
      [TutorBinary.path, "--lessons", directory.path, "--plan", "4h"],
      environment: TutorBinary.environment(home: home, extra: ["NO_COLOR": "1"]), height: 50)
    try session.waitFor("Store a greeting")
    try session.enter("SET rt:greeting hello")
    try session.waitFor("✓ Step passed")
    try session.enter(":next")
    try session.waitFor("Which command read it back?")
    try session.enter("GET rt:greeting")
    try session.waitFor("\"hello\"")
    try session.enter(":quit")
    _ = try session.waitForScreen { _ in (try? session.programExited()) == true }

    let info = try onlyRecording()
    let file = try AsciicastFile.read(path: info.castPath)
    #expect(file.markers.map(\.label).contains { $0.contains("greeting") }, "\(file.markers)")
    #expect(file.markers.map(\.label).contains { $0.contains("look-back") }, "\(file.markers)")
    let store = try ProgressStore(path: dataDirectory + "/progress.sqlite")
    let log = try store.commandLog(info.id)
    #expect(log.map(\.step) == ["greeting", "look-back"])

    let replay = try tutor(["replay", String(info.id), "--speed", "0", "--from-step", "look-back"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(!replay.output.contains("Store *hello*"), "\(replay.output)")
    #expect(replay.output.contains("GET rt:greeting"), "\(replay.output)")
    let missing = try tutor(["replay", String(info.id), "--from-step", "nowhere"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("nowhere"), "\(missing.stderr)")
  }

  @Test func aDamagedRecordingPlaysUpToTheDamage() throws {
    try recordSession(["SET rt:a 1", "ECHO last-one"], waitFor: "\"last-one\"")
    let info = try onlyRecording()
    let cast = try String(contentsOfFile: info.castPath, encoding: .utf8)
    let cut = cast.index(cast.startIndex, offsetBy: cast.count * 2 / 3)
    try String(cast[..<cut]).write(toFile: info.castPath, atomically: true, encoding: .utf8)
    let replay = try tutor(["replay", String(info.id), "--speed", "0"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.output.contains("[recording damaged: line "), "\(replay.output)")
    try "not a recording".write(toFile: info.castPath, atomically: true, encoding: .utf8)
    let refused = try tutor(["replay", String(info.id)])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("session \(info.id) cannot be played: "), "\(refused.stderr)")
  }

  @Test func recordingStopsAtItsCapAndTheShellGoesOn() throws {
    let store = try ProgressStore(path: dataDirectory + "/progress.sqlite")
    try store.setSetting("recordings.max-mb", "0.002")
    let session = try TmuxSession(
      [TutorBinary.path, "--no-lesson"],
      environment: TutorBinary.environment(home: home, extra: ["NO_COLOR": "1"]))
    try session.waitFor("sandbox")
    try session.enter("RPUSH rt:big " + (1...300).map { "item\($0)" }.joined(separator: " "))
    try session.waitFor("Recording stopped: ")
    try session.enter("ECHO still-here")
    try session.waitFor("\"still-here\"")
    try session.enter("quit")
    _ = try session.waitForScreen { _ in (try? session.programExited()) == true }
    let info = try onlyRecording()
    #expect(info.stoppedReason != nil)
    let cast = try String(contentsOfFile: info.castPath, encoding: .utf8)
    #expect(AsciicastChecker.violations(in: cast) == [])
    #expect(try tutor(["sessions"]).output.contains("(stopped)"))
  }

  @Test func theLimitsAreSettings() throws {
    let saved = try tutor(["sessions", "--keep", "2", "--max-mb", "1.5"])
    #expect(saved.status == 0, "\(saved.stderr)")
    #expect(saved.stderr.contains("Recording settings saved: keep 2 recordings, 1.5 MB each."))
    for index in 1...3 {
      _ = try tutor(["--no-lesson", "--record"], input: "ECHO run\(index)\n")
    }
    let store = try ProgressStore(path: dataDirectory + "/progress.sqlite")
    #expect(try store.recordings().count == 2)
    let bad = try tutor(["sessions", "--keep", "0"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("--keep 0: keep at least 1 recording"), "\(bad.stderr)")
  }

  @Test func pipedInputIsNotRecordedUnlessAsked() throws {
    _ = try tutor(["--no-lesson"], input: "PING\n")
    let store = try ProgressStore(path: dataDirectory + "/progress.sqlite")
    #expect(try store.recordings().isEmpty)
    _ = try tutor(["--no-lesson", "--record"], input: "PING\nSET rt:x 1\n")
    #expect(try store.recordings().first?.commands == 2)
  }

  @Test func replayInsideTheShellLeavesTheLearnersSandboxAlone() throws {
    let result = try TutorBinary.run(
      ["--lesson", "1", "--lessons", repositoryLessons, "--plan", "4h"],
      stdin: Array("SET rt:mine kept\n:replay\nGET rt:mine\nEXISTS rt:hello\n".utf8), home: home,
      environment: ["NO_COLOR": "1"], deadline: 120)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("Walk-through of day 1 done: "), "\(result.output)")
    // The walk-through ran on its own sandbox: the learner's key is there, its keys are not.
    #expect(result.output.hasSuffix("kept\n0\n"), "\(result.output.suffix(200))")
  }

  @Test func aLessonPlaysItselfToTheEnd() throws {
    let result = try TutorBinary.run(
      ["replay", "lesson", "1", "--speed", "0", "--lessons", repositoryLessons], home: home,
      environment: ["NO_COLOR": "1"], deadline: 120)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("redis> SET rt:hello \"world\"\nOK\n"), "\(result.output)")
    #expect(result.output.contains("✓ check passed"))
    #expect(result.output.contains("Walk-through of day 1 done: "), "\(result.output)")
  }
}

/// The files under `directory` (at any depth, databases and their write-ahead logs
/// included) whose bytes contain `secret`.
func filesHolding(_ secret: String, under directory: URL) throws -> [String] {
  let needle = Data(secret.utf8)
  var holding: [String] = []
  let files = try #require(
    FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]))
  for case let url as URL in files
  where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
    if try Data(contentsOf: url).range(of: needle) != nil { holding.append(url.path) }
  }
  return holding
}
