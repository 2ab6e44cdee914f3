import RedisCLIFormat
import RedisClient
import RedisSandbox
import Shell
import Testing
import TutorTestSupport

/// The shell in-process, fed scripted lines, against a real redis-server.
@Suite("Shell against a real redis-server")
struct ShellTests {
  let server: RedisServerFixture
  init() throws { server = try RedisServerFixture() }

  private func makeShell(
    _ lines: [String], interactive: Bool = false, mode: OutputMode = .terminal
  ) -> (Shell, CapturedOutput, CapturedOutput, ScriptedLines) {
    let scripted = ScriptedShell(lines, server: server, interactive: interactive, mode: mode)
    return (scripted.shell, scripted.output, scripted.errors, scripted.input)
  }

  @Test func repeatPrefixRunsTheCommandThatManyTimes() {
    let (shell, output, _, _) = makeShell(["3 INCR c", "0 INCR c"])
    _ = shell.run()
    #expect(
      output.text
        == "(integer) 1\n(integer) 2\n(integer) 3\nInvalid redis-cli repeat command option value.\n"
    )
  }

  @Test func promptFollowsDatabaseAndTransaction() {
    let (shell, _, _, input) = makeShell(
      ["SELECT 4", "MULTI", "INCR n", "EXEC"], interactive: true)
    _ = shell.run()
    let base = "127.0.0.1:\(server.port)"
    #expect(
      input.prompts == [
        base + "> ", base + "[4]> ", base + "[4](TX)> ", base + "[4](TX)> ", base + "[4]> ",
      ])
  }

  @Test func sensitiveCommandsStayOutOfPersistentHistory() {
    let (shell, _, _, input) = makeShell(
      ["AUTH secret", "SET a 1", "CONFIG SET requirepass x", "ACL SETUSER bob on >pw"],
      interactive: true)
    shell.settings.assumeYes = true
    _ = shell.run()
    let persisted = input.history.filter(\.persist).map { String(decoding: $0.line, as: UTF8.self) }
    #expect(persisted == ["SET a 1"])
    #expect(input.history.count == 4)
  }

  @Test func aSecretSplitOverLinesOrThatDoesNotParseStaysOutOfPersistentHistory() {
    let (shell, output, _, input) = makeShell(
      ["AUTH \"first", "second\"", "AUTH \"garbled\"x", "CONFIG SET requirepass 'x'y", "SET a 1"],
      interactive: true)
    _ = shell.run()
    let persisted = input.history.filter(\.persist).map { String(decoding: $0.line, as: UTF8.self) }
    #expect(persisted == ["SET a 1"])
    #expect(input.history.count == 4)
    #expect(
      output.text.contains("Invalid argument(s)\nInvalid argument(s)\nOK\n"), "\(output.text)")
  }

  @Test func anOpenQuoteContinuesOnTheNextLine() throws {
    let (shell, output, _, input) = makeShell(
      ["SET script \"return", "1\"", "GET script"], interactive: true)
    _ = shell.run()
    #expect(output.text == "OK\n\"return\\n1\"\n")
    #expect(input.prompts.contains("...> "))
  }

  @Test func peekDescribesAKey() throws {
    let admin = try server.connect()
    _ = try admin.send("HSET", "user:1", "name", "ada", "lang", "go")
    _ = try admin.send("EXPIRE", "user:1", "100")
    let (shell, output, _, _) = makeShell([":peek user:1", ":peek nothing"], interactive: true)
    _ = shell.run()
    #expect(output.text.contains("type      hash (encoding listpack)"))
    #expect(output.text.contains("size      2 fields"))
    #expect(output.text.contains("ttl       expires in "))
    #expect(output.text.contains("memory    "))
    #expect(output.text.contains("\"nothing\" does not exist"))
  }

  @Test func aKilledConnectionIsRebuiltBeforeTheNextCommand() throws {
    let (shell, output, _, _) = makeShell([], interactive: true)
    #expect(shell.execute([Array("SELECT".utf8), Array("5".utf8)], repeat: 1))
    let id = try #require(shell.link.connection?.send("CLIENT", "ID").integer)
    _ = try server.connect().send("CLIENT", "KILL", "ID", String(id))
    output.clear()
    #expect(shell.execute(["CLIENT", "INFO"].map { Array($0.utf8) }, repeat: 1))
    #expect(output.text.contains("reconnecting"))
    #expect(output.text.contains("db=5"))
  }

  @Test func unknownMetaCommandsAndBadInputAreOneLine() {
    let (shell, output, _, _) = makeShell(
      [":nope", "\"unclosed", "SET a \"b\"c"], interactive: false)
    _ = shell.run()
    #expect(output.text == "Invalid argument(s)\nInvalid argument(s)\n")
  }

  @Test func slowCommandsShowTheirTimeLikeRedisCli() throws {
    let input = ScriptedLines(["PING", "PING"], interactive: true)
    let output = CapturedOutput()
    var now = 100.0
    let steps = [0.0, 0.25, 0.0, 0.6]  // first PING takes 0.25 s, the second 0.6 s
    var step = 0
    let shell = Shell(
      link: ServerLink(options: server.options, sandbox: nil),
      settings: ShellSettings(outputMode: .terminal, color: false), input: input, output: output,
      errors: CapturedOutput(),
      monotonicSeconds: {
        now += steps[step % steps.count]
        step += 1
        return now
      })
    shell.connectAtStart()
    _ = shell.run()
    #expect(output.text == "PONG\nPONG\n(0.60s)\n")
  }

  @Test func aSandboxThatCrashedInAOFModeSaysItReplayedTheAppendOnlyFile() throws {
    let directory = try TemporaryDirectory.make(prefix: "shell-sandbox").path + "/sandbox"
    let sandbox = try Sandbox(directory: directory, persistence: .aof(.always))
    defer { sandbox.stop() }
    let input = ScriptedLines(["SET kept yes", ":sandbox crash", "GET kept"], interactive: false)
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let shell = Shell(
      link: ServerLink(
        options: ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: 0)), sandbox: sandbox),
      settings: ShellSettings(outputMode: .terminal, color: false), input: input, output: output,
      errors: errors)
    shell.connectAtStart()
    _ = shell.run()
    #expect(output.text == "OK\n\"yes\"\n")
    let port = try #require(sandbox.port)
    #expect(
      errors.text.contains(
        "The sandbox server had stopped; restarted it on port \(port) by replaying its append-only file (appendonlydir, appendfsync always).\n"
      ), "\(errors.text)")
    #expect(!errors.text.contains("snapshot"))
  }

  @Test func refusedWithoutATerminalOnANamedServer() throws {
    let (shell, output, errors, _) = makeShell(["SET a 1", "FLUSHDB", "GET a"], mode: .raw)
    _ = shell.run()
    #expect(output.text == "OK\n1\n")
    #expect(errors.text.contains("Refused: FLUSHDB"))
  }

  @Test func helpComesFromCommandDocs() {
    let (shell, output, _, _) = makeShell(["HELP GET", "HELP @nosuchgroup"], interactive: true)
    _ = shell.run()
    #expect(output.text.contains("GET key"))
    #expect(output.text.contains("summary: "))
    #expect(output.text.contains("group: string"))
    #expect(output.text.contains("No command group 'nosuchgroup'"))
  }

  @Test func completionOffersCommandsMetaCommandsAndKeys() throws {
    _ = try server.connect().send("SET", "session:42", "x")
    let (shell, _, _, _) = makeShell([], interactive: true)
    let commands = shell.complete(Array("hgeta".utf8)).candidates.map {
      String(decoding: $0, as: UTF8.self)
    }
    #expect(commands.contains("hgetall"))
    let meta = shell.complete(Array(":pe".utf8)).candidates.map {
      String(decoding: $0, as: UTF8.self)
    }
    #expect(meta == [":peek"])
    let keys = shell.complete(Array("GET sess".utf8))
    #expect(keys.candidates.map { String(decoding: $0, as: UTF8.self) } == ["session:42"])
    #expect(keys.replaceFrom == 4)
  }

  @Test func hintsShowTheRemainingArguments() {
    let (shell, _, _, _) = makeShell([], interactive: true)
    #expect(shell.hint(for: Array("LPOP key ".utf8)) == "[count]")
    #expect(shell.hint(for: Array(":peek ".utf8)) == "KEY")
    shell.settings.hints = false
    #expect(shell.hint(for: Array("LPOP key ".utf8)) == nil)
  }
}

@Suite("Prompt")
struct PromptTests {
  @Test func matchesRedisCli() {
    #expect(Prompt(endpoint: nil).text == "not connected> ")
    #expect(Prompt(endpoint: .tcp(host: "127.0.0.1", port: 6379)).text == "127.0.0.1:6379> ")
    #expect(Prompt(endpoint: .tcp(host: "::1", port: 6379), database: 2).text == "[::1]:6379[2]> ")
    #expect(
      Prompt(endpoint: .unix(path: "/tmp/r.sock"), inTransaction: true).text
        == "redis /tmp/r.sock(TX)> ")
    #expect(
      Prompt(endpoint: .tcp(host: "h", port: 1), subscribed: true, onSandbox: true).text
        == "sandbox h:1(subscribed mode)> ")
  }
}

@Suite("Sensitive commands")
struct SensitiveCommandTests {
  private func argv(_ text: String) -> [[UInt8]] {
    text.split(separator: " ").map { Array($0.utf8) }
  }

  @Test func recognisesSecrets() {
    for line in [
      "AUTH pw", "auth user pw", "HELLO 2 AUTH u p", "ACL SETUSER bob >pw",
      "CONFIG SET masterauth x", "MIGRATE h 1 k 0 5 AUTH pw",
    ] {
      #expect(SensitiveCommand.contains(argv(line)), "\(line)")
    }
    for line in ["GET auth", "CONFIG SET maxmemory 1mb", "ACL LIST", "HELLO 2"] {
      #expect(!SensitiveCommand.contains(argv(line)), "\(line)")
    }
  }

  @Test func aTypedLineIsJudgedWholeEvenWhenItDoesNotParse() {
    for line in [
      "AUTH \"first\nsecond\"", "AUTH \"pw\"x", "auth 'pw", "3 AUTH \"pw\"x", "\"AUTH\"x pw",
      "HELLO 3 AUTH u \"pw\"x", "ACL SETUSER bob \">pw\"x", "CONFIG SET requirepass \"pw\"x",
      "MIGRATE h 1 \"\" 0 5 AUTH \"pw\"x", "SENTINEL SET m auth-pass pw", "0 AUTH pw",
    ] {
      #expect(SensitiveCommand.isSensitive(line: Array(line.utf8)), "\(line)")
    }
    for line in ["", "GET auth", "GET \"k\"x", "SET k \"open", "CONFIG SET maxmemory 1mb"] {
      #expect(!SensitiveCommand.isSensitive(line: Array(line.utf8)), "\(line)")
    }
    let unparsable = SensitiveCommand.redacted(line: Array("3 auth \"pw\"x".utf8))
    #expect(unparsable?.map { String(decoding: $0, as: UTF8.self) } == ["auth", "(redacted)"])
    let parsed = SensitiveCommand.redacted(line: Array("AUTH \"first\nsecond\"".utf8))
    #expect(parsed?.map { String(decoding: $0, as: UTF8.self) } == ["AUTH", "(redacted)"])
  }

  @Test func migrateKeepsWhatFollowsItsPassword() {
    let migrate = SensitiveCommand.redacted(argv("MIGRATE h 1 \"\" 0 5 AUTH pw KEYS k"))
    #expect(
      migrate.map { String(decoding: $0, as: UTF8.self) } == [
        "MIGRATE", "h", "1", "\"\"", "0", "5", "AUTH", "(redacted)", "KEYS", "k",
      ])
    let withUser = SensitiveCommand.redacted(argv("MIGRATE h 1 \"\" 0 5 AUTH2 u pw KEYS k"))
    #expect(
      withUser.map { String(decoding: $0, as: UTF8.self) } == [
        "MIGRATE", "h", "1", "\"\"", "0", "5", "AUTH2", "(redacted)", "(redacted)", "KEYS", "k",
      ])
  }

  @Test func redactsOnlyTheSecrets() {
    let redacted = SensitiveCommand.redacted(argv("CONFIG SET maxmemory 1mb requirepass hunter2"))
    #expect(
      redacted.map { String(decoding: $0, as: UTF8.self) } == [
        "CONFIG", "SET", "maxmemory", "1mb", "requirepass", "(redacted)",
      ])
    let hello = SensitiveCommand.redacted(argv("HELLO 2 AUTH alice pw SETNAME x"))
    #expect(
      hello.map { String(decoding: $0, as: UTF8.self) } == [
        "HELLO", "2", "AUTH", "(redacted)", "(redacted)", "SETNAME", "x",
      ])
  }
}
