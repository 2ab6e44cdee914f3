import Lessons
import RedisClient
import RedisSandbox
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// A day whose second step declares `rt:visits` in a `clear` block: the first step leaves it.
private let freshStepLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Counting"))
  # Concepts {#concepts}

  ## Start a count {#start-count}

  ```redis
  SET rt:visits 5
  ```

  ## Count a visit {#count-visit}

  ```redis
  INCR rt:visits
  ```

  ```clear
  rt:visits
  ```

  ```check
  GET rt:visits => "1"
  ```

  """

/// Opening a step with a `clear` block on a named server: the shell asks before deleting.
@Suite("Steps that start fresh")
struct FreshStepTests {
  let server: RedisServerFixture
  let library: LessonLibrary

  init() throws {
    server = try RedisServerFixture()
    library = try LessonLibrary(lesson: freshStepLesson)
  }

  private func seed() throws -> Connection {
    let connection = try server.connect()
    _ = try connection.send("SET", "rt:visits", "5")
    _ = try connection.send("SET", "rt:other", "kept")
    return connection
  }

  private func run(_ lines: [String], interactive: Bool) -> ScriptedShell {
    let scripted = ScriptedShell(lines, server: server, interactive: interactive)
    _ = library.controller(on: scripted.shell)
    _ = scripted.shell.run()
    return scripted
  }

  @Test func openingTheStepDeletesOnlyItsClearKeysOnceTheLearnerAgrees() throws {
    let connection = try seed()
    try library.store.setSetting("plan", "4h")
    let scripted = run([":lesson 1", ":step count-visit", "y"], interactive: true)
    #expect(
      scripted.output.text.contains(
        "Cleared rt:visits, left from day 1, so this step starts fresh."),
      "\(scripted.output.text)")
    #expect(try connection.send("EXISTS", "rt:visits").integer == 0)
    #expect(try connection.send("GET", "rt:other").string == "kept")
  }

  @Test func withoutAnAnswerANamedServersKeysAreNamedAndKept() throws {
    let connection = try seed()
    let scripted = run([":lesson 1", ":step count-visit"], interactive: false)
    #expect(
      scripted.errors.text.contains(
        "Kept rt:visits; this step's check may pass before you change anything."),
      "\(scripted.errors.text)")
    #expect(try connection.send("GET", "rt:visits").string == "5")
  }

  @Test func onTheSandboxTheStepsClearKeysGoWithoutAsking() throws {
    let directory = try TemporaryDirectory.make(prefix: "fresh-step").path + "/sandbox"
    let sandbox = try Sandbox(directory: directory)
    defer { sandbox.stop() }
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let lines = [
      "SET rt:visits 5", "SET rt:other kept", ":lesson 1", ":step count-visit", "GET rt:visits",
      "GET rt:other",
    ]
    let shell = Shell(
      link: ServerLink(
        options: ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: 0)), sandbox: sandbox),
      settings: ShellSettings(outputMode: .terminal, color: false),
      input: ScriptedLines(lines, interactive: false), output: output, errors: errors)
    shell.connectAtStart()
    _ = library.controller(on: shell)
    _ = shell.run()
    #expect(output.text == "OK\nOK\n(nil)\n\"kept\"\n")
    #expect(
      errors.text.contains("\nCleared rt:visits, left from day 1, so this step starts fresh.\n"),
      "\(errors.text)")
  }

  @Test func showingTheStepAgainKeepsWhatTheLearnerTyped() throws {
    let connection = try seed()
    try library.store.setSetting("plan", "4h")
    let scripted = run(
      [":lesson 1", ":step count-visit", "y", "SET rt:visits 7", ":step", "y"], interactive: true)
    #expect(try connection.send("GET", "rt:visits").string == "7", "\(scripted.output.text)")
  }

  @Test func aStepWithoutLeftoversSaysNothingAboutClearing() throws {
    let connection = try server.connect()
    _ = try connection.send("SET", "rt:other", "kept")
    let scripted = run([":lesson 1", ":step count-visit"], interactive: false)
    #expect(!scripted.errors.text.contains("Cleared"), "\(scripted.errors.text)")
    #expect(!scripted.errors.text.contains("Kept"), "\(scripted.errors.text)")
  }
}
