import Foundation
import Lessons
import RedisClient
import RedisSandbox
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// A day with one lab step: the check wants a crash in rdb mode after rt:lab:k was written.
private let labLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Crashes"))
  # Concepts {#concepts}

  ## Crash in rdb mode {#crash-rdb}

  ```redis
  :sandbox restart rdb
  SET rt:lab:k "before the crash"
  :sandbox crash
  ```

  ```check
  :lab crash rdb after rt:lab:k # in rdb mode, write rt:lab:k, then :sandbox crash
  ```

  """

/// The shell records the learner's lab actions with the mode the server really ran in.
@Suite("Lab events in the shell", .serialized)
struct LabEventTests {
  let library: LessonLibrary

  init() throws {
    library = try LessonLibrary(lesson: labLesson)
  }

  /// Runs `lines` in a shell on a fresh sandbox that starts with no persistence; returns
  /// what went to stderr (lesson text and notes, since the input is piped).
  private func run(_ lines: [String]) throws -> String {
    let directory = try TemporaryDirectory.make(prefix: "lab-events").path + "/sandbox"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let sandbox = try Sandbox(directory: directory, persistence: .none)
    defer { sandbox.stop() }
    try sandbox.start()
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let shell = Shell(
      link: ServerLink(
        options: ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: 0)), sandbox: sandbox),
      settings: ShellSettings(outputMode: .terminal, color: false),
      input: ScriptedLines([":lesson 1"] + lines, interactive: false), output: output,
      errors: errors)
    shell.connectAtStart()
    _ = library.controller(on: shell)
    _ = shell.run()
    return errors.text
  }

  @Test func aCrashAfterConfigSetCountsInTheModeTheServerReallyHad() throws {
    let errors = try run([
      "CONFIG SET save \"60 1\"", "SET rt:lab:k v", ":sandbox crash", ":check",
    ])
    #expect(errors.contains("✓ Step passed: Crash in rdb mode."), "\(errors)")
  }

  @Test func aCleanRestartIsNotACrash() throws {
    let errors = try run([
      ":sandbox restart rdb", "SET rt:lab:k v", ":sandbox restart rdb", ":check",
    ])
    #expect(!errors.contains("✓ Step passed"), "\(errors)")
    #expect(
      errors.contains(
        "✗ :lab crash rdb after rt:lab:k → the last lab action was a clean restart, not a :sandbox crash — in rdb mode, write rt:lab:k, then :sandbox crash"
      ), "\(errors)")
  }

  @Test func aCrashInNoneModeIsTheWrongMode() throws {
    let errors = try run(["SET rt:lab:k v", ":sandbox crash", ":check"])
    #expect(
      errors.contains("the server ran in mode none when it crashed, not rdb"), "\(errors)")
  }
}
