import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// The built binary in a real terminal (tmux): completion, hints, history, Ctrl-C, Ctrl-D.
@Suite("End to end: interactive terminal", .serialized)
struct InteractiveTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-tty") }

  private func startTutor(_ arguments: [String] = [], extra: [String: String] = ["NO_COLOR": "1"])
    throws
    -> TmuxSession
  {
    // A plain shell: the daily lesson has its own tests (LessonEndToEndTests).
    let session = try TmuxSession(
      [TutorBinary.path, "--no-lesson"] + arguments,
      environment: TutorBinary.environment(home: home, extra: extra)
    )
    try session.waitFor(">")
    return session
  }

  private var sandboxPID: Int32? {
    let file = home.appendingPathComponent("data/redis-tutor/sandbox/redis.pid")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test func sandboxPromptRunsCommandsInTerminalFormat() throws {
    let session = try startTutor()
    let screen = try session.waitFor("sandbox 127.0.0.1:")
    #expect(screen.split(separator: "\n").first?.hasSuffix(">") == true)
    try session.enter("RPUSH l a b")
    try session.waitFor("(integer) 2")
    try session.enter("LRANGE l 0 -1")
    try session.waitFor("2) \"b\"")
    try session.enter("SELECT 3")
    try session.waitFor("[3]>")
  }

  @Test func tabCompletesCommandNamesAndKeys() throws {
    let session = try startTutor()
    try session.enter("SET user:1000:name ada")
    try session.waitFor("OK")
    try session.type("HGETA")
    try session.press("Tab")
    try session.type("h")
    try session.waitFor("HGETALL h")
    try session.press("C-u")
    try session.type("GET user:10")
    try session.press("Tab")
    try session.waitFor("GET user:1000:name")
    try session.press("Enter")
    try session.waitFor("\"ada\"")
  }

  @Test func hintsShowTheRemainingArgumentsInGrey() throws {
    let session = try startTutor(extra: [:])
    try session.type("LPOP mylist ")
    let (matched, screen) = try session.waitForScreen(withEscapes: true) { $0.contains("[count]") }
    #expect(matched, "\(screen)")
  }

  @Test func ctrlCCancelsABlockingCommandAndTheShellCarriesOn() throws {
    let session = try startTutor()
    try session.enter("SELECT 2")
    try session.waitFor("[2]>")
    try session.enter("BLPOP q 0")
    try session.waitFor("BLPOP q 0")
    try session.press("C-c")
    try session.waitFor("(interrupted)")
    try session.enter("CLIENT INFO")
    let screen = try session.waitFor("db=2")
    #expect(screen.contains("[2]>"))
    #expect(try !session.programExited())
  }

  @Test func ctrlCFreesTheShellFromAFrozenServer() throws {
    let server = try RedisServerFixture()
    let session = try startTutor(["-p", String(server.port), "-n", "1"])
    try session.waitFor("[1]>")
    // A stopped server still accepts connections (the kernel queues them) but never
    // answers, so only deadlines and Ctrl-C can end a wait on it.
    #expect(kill(server.pid, SIGSTOP) == 0)
    defer { kill(server.pid, SIGCONT) }
    try session.enter("GET x")
    try session.waitFor("GET x")
    try session.press("C-c")
    // The rebuild cannot re-select db 1 on a frozen server: it gives up at its deadline.
    try session.waitFor("(interrupted)", within: .seconds(3))
    try session.waitFor("not connected>", within: .seconds(3))

    try session.enter("GET x")
    try session.waitFor("not connected> GET x")
    try session.press("C-c")
    // Well inside the 5 s the reconnect would otherwise wait for SELECT's reply.
    let (freed, screen) = try session.waitForScreen(within: .seconds(3)) { screen in
      let lines = screen.split(separator: "\n")
      return lines.filter { $0.contains("(interrupted)") }.count == 2
        && lines.last == "not connected>"
    }
    #expect(freed, "\(screen)")

    #expect(kill(server.pid, SIGCONT) == 0)
    try session.enter("CLIENT INFO")
    let thawed = try session.waitFor("db=1")
    #expect(thawed.contains("[1]>"))
    #expect(try !session.programExited())
  }

  @Test func ctrlCAtThePromptClearsTheLine() throws {
    let session = try startTutor()
    try session.type("GET something")
    try session.press("C-c")
    try session.enter("PING")
    try session.waitFor("PONG")
    #expect(try !session.programExited())
  }

  @Test func subscribeStreamsUntilCtrlC() throws {
    let session = try startTutor()
    try session.enter("SUBSCRIBE news")
    try session.waitFor("Reading messages")
    let screen = try session.screen()
    let port = try #require(
      screen.split(separator: "\n").compactMap { line -> Int? in
        guard let range = line.range(of: "127.0.0.1:") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
      }.first)
    let password = try String(
      contentsOf: home.appendingPathComponent("data/redis-tutor/sandbox/password"), encoding: .utf8)
    let publisher = try Connection(
      ConnectionOptions(
        endpoint: .tcp(host: "127.0.0.1", port: port),
        password: password.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(
      eventually {
        ((try? publisher.send("PUBLISH", "news", "hello")) ?? .integer(0)) == .integer(1)
      })
    try session.waitFor("3) \"hello\"")
    try session.press("C-c")
    try session.waitFor("(interrupted)")
    try session.enter("PING")
    try session.waitFor("PONG")
  }

  @Test func multiLineInputContinuesInsideAnOpenQuote() throws {
    let session = try startTutor()
    try session.enter("SET poem \"roses")
    try session.waitFor("...>")
    try session.enter("violets\"")
    try session.waitFor("OK")
    try session.enter("GET poem")
    try session.waitFor("\"roses\\nviolets\"")
  }

  @Test func historyIsKeptWithoutPasswordsAndRecalledNextTime() throws {
    let session = try startTutor()
    try session.enter("AUTH hunter2")
    try session.waitFor("(error)")
    try session.enter("SET remembered 1")
    try session.waitFor("OK")
    try session.press("C-d")
    #expect(try session.waitForScreen { _ in (try? session.programExited()) == true }.matched)
    let historyPath = home.appendingPathComponent("data/redis-tutor/history").path
    let history = try String(contentsOfFile: historyPath, encoding: .utf8)
    #expect(history.contains("SET remembered 1"))
    #expect(!history.contains("hunter2"))
    let attributes = try FileManager.default.attributesOfItem(atPath: historyPath)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)

    let next = try startTutor()
    try next.press("Up")
    try next.waitFor("SET remembered 1")
    try next.press("C-c")
    try next.press("C-r")
    try next.type("remem")
    try next.waitFor("SET remembered 1")
  }

  @Test func ctrlDQuitsAndStopsTheSandbox() throws {
    let session = try startTutor()
    try session.enter("PING")
    try session.waitFor("PONG")
    let pid = try #require(sandboxPID)
    #expect(kill(pid, 0) == 0)
    try session.press("C-d")
    #expect(eventually { kill(pid, 0) != 0 })
    #expect(try session.waitForScreen { _ in (try? session.programExited()) == true }.matched)
  }

  @Test(arguments: [SIGKILL, SIGTERM, SIGHUP])
  func theSandboxNeverOutlivesTheTutor(signal: Int32) throws {
    let session = try startTutor()
    try session.enter("PING")
    try session.waitFor("PONG")
    let serverPID = try #require(sandboxPID)
    let tutorPID = try session.programPID()
    #expect(kill(tutorPID, signal) == 0)
    #expect(
      eventually { kill(serverPID, 0) != 0 }, "redis-server \(serverPID) outlived signal \(signal)")
  }

  @Test func aSandboxThatDiesIsRestartedOnTheNextCommand() throws {
    let session = try startTutor()
    try session.enter("SET survivor yes")
    try session.waitFor("OK")
    try session.enter("SAVE")
    // "OK" is on the screen already; an echo after SAVE proves the snapshot is written.
    try session.enter("ECHO saved")
    try session.waitFor("\"saved\"")
    let serverPID = try #require(sandboxPID)
    #expect(kill(serverPID, SIGKILL) == 0)
    try session.enter("GET survivor")
    let screen = try session.waitFor("\"yes\"")
    #expect(screen.contains("restarted"))
  }

  @Test func dangerousCommandsOnANamedServerAskFirst() throws {
    let server = try RedisServerFixture()
    let admin = try server.connect()
    _ = try admin.send("SET", "precious", "1")
    let session = try startTutor(["-p", String(server.port)])
    try session.enter("FLUSHALL")
    try session.waitFor("Run it? [y/N]")
    try session.enter("n")
    try session.waitFor("Not run.")
    #expect(try admin.send("GET", "precious") == .bulk("1"))
    try session.enter("FLUSHALL")
    try session.waitFor("Run it? [y/N]")
    try session.enter("yes")
    #expect(eventually { (try? admin.send("GET", "precious")) == .null })
  }
}
