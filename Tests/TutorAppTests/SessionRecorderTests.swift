import Foundation
import Progress
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// What the session recorder writes to the cast and the command log.
@Suite("Session recorder")
struct SessionRecorderTests {
  /// Records `steps` (a typed line after its prompt, or output) and returns what the cast's
  /// output events show, joined.
  private func recordedOutput(_ steps: [(prompt: String?, text: String)]) throws -> String {
    let directory = try TemporaryDirectory.make(prefix: "recorder")
    defer { try? FileManager.default.removeItem(at: directory) }
    let recorder = SessionRecorder(
      directory: directory.path, now: { 1000 }, note: { _ in }, openStore: { nil })
    try recorder.start(
      SessionRecorder.Details(
        title: "test", width: 80, height: 24, server: "sandbox", day: nil, terminal: "xterm"))
    for step in steps {
      if let prompt = step.prompt {
        recorder.typed(prompt: prompt, line: Array(step.text.utf8))
      } else {
        recorder.output(step.text)
      }
    }
    recorder.stop()
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    let castName = try #require(names.first { $0.hasSuffix(".cast") })
    return try shownOutput(castPath: directory.appendingPathComponent(castName).path)
  }

  /// What the output events of the cast at `castPath` show, joined.
  private func shownOutput(castPath: String) throws -> String {
    let cast = try String(contentsOfFile: castPath, encoding: .utf8)
    var shown = ""
    for line in cast.split(separator: "\n").dropFirst() {
      let event = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
      if event[1] as? String == "o", let data = event[2] as? String { shown += data }
    }
    return shown
  }

  @Test func aSecretSplitOverTwoLinesOrThatDoesNotParseIsEchoedRedacted() throws {
    let shown = try recordedOutput([
      ("redis> ", "AUTH \"first"), (Prompt.continuation, "second\""),
      (nil, "(error) ERR no password\n"),
      ("redis> ", "AUTH \"garbled\"x"), (nil, "Invalid argument(s)\n"),
      ("redis> ", "CONFIG SET requirepass \"pw\"x"), (nil, "Invalid argument(s)\n"),
    ])
    #expect(
      shown == "redis> AUTH (redacted)\r\n(error) ERR no password\r\n"
        + "redis> AUTH (redacted)\r\nInvalid argument(s)\r\n"
        + "redis> CONFIG (redacted)\r\nInvalid argument(s)\r\n")
  }

  @Test func anOrdinaryLineSplitOverTwoLinesIsEchoedAsTyped() throws {
    let shown = try recordedOutput([
      ("redis> ", "SET script \"return"), (Prompt.continuation, "1\""), (nil, "OK\n"),
      ("redis> ", "GET \"open"), ("Run it? [y/N] ", "n"), (nil, "Not run.\n"),
    ])
    #expect(
      shown == "redis> SET script \"return\r\n...> 1\"\r\nOK\r\n"
        + "redis> GET \"open\r\nRun it? [y/N] n\r\nNot run.\r\n")
  }

  @Test func aCommandAndItsReplyReachTheCastAndTheCommandLog() throws {
    let server = try RedisServerFixture()
    let directory = try TemporaryDirectory.make(prefix: "recorder-shell")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
    let recorder = SessionRecorder(
      directory: directory.appendingPathComponent("recordings").path, now: ManualClock().now,
      note: { _ in }, openStore: { store })
    let screen = CapturedOutput()
    let output = RecordedOutput(screen)
    let lines = RecordedLines(
      ScriptedLines(["SET greeting hello", "GET greeting"], interactive: true))
    let shell = Shell(
      link: ServerLink(options: server.options, sandbox: nil),
      settings: ShellSettings(outputMode: .terminal, color: false), input: lines, output: output,
      errors: CapturedOutput())
    recorder.attach(to: shell, start: { nil })
    output.recorder = recorder
    lines.recorder = recorder
    try recorder.start(
      SessionRecorder.Details(
        title: "shell", width: 80, height: 24, server: "sandbox", day: nil, terminal: "xterm"))
    shell.connectAtStart()
    _ = shell.run()

    #expect(screen.text == "OK\n\"hello\"\n")
    let recording = try #require(try store.recordings().first)
    let prompt = "127.0.0.1:\(server.port)> "
    #expect(
      try shownOutput(castPath: recording.castPath)
        == prompt + "SET greeting hello\r\nOK\r\n" + prompt + "GET greeting\r\n\"hello\"\r\n")
    let log = try store.commandLog(recording.id)
    #expect(log.map(\.seq) == [1, 2])
    #expect(log.map(\.argv) == [["SET", "greeting", "hello"], ["GET", "greeting"]])
    #expect(log.map(\.reply) == ["OK\n", "\"hello\"\n"])
    #expect(log.map(\.isError) == [false, false])
  }
}
