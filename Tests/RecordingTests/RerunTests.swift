import Recording
import RedisClient
import Testing
import TutorTestSupport

/// Records a session the way the tutor logs it: each command run on a real server, its reply
/// kept as redis-cli terminal text.
final class SessionRecorder {
  let connection: Connection
  private(set) var commands: [LoggedCommand] = []

  init(connection: Connection) { self.connection = connection }

  /// Runs `argv` and logs it with the database selected before it was sent.
  func run(_ argv: String..., step: String = "basics") throws {
    let database = connection.database
    let reply = try connection.send(argv.map { Array($0.utf8) })
    commands.append(
      LoggedCommand(
        seq: commands.count + 1, argv: argv, reply: LoggedCommand.replyText(reply, to: argv),
        isError: reply.isError, database: database, at: Double(commands.count), duration: 0.001,
        day: 1, step: step))
  }
}

/// Re-runs `commands` on a second, fresh server.
func rerunOnFreshServer(_ commands: [LoggedCommand]) throws -> RerunResult {
  let server = try RedisServerFixture()
  defer { server.stop() }
  return try Rerunner(connection: server.connect()).run(commands)
}

/// A lesson-like session on a real server: strings, a list, a hash, a set, an expiry, the
/// clock, a random member and a second database.
func recordedScript() throws -> [LoggedCommand] {
  let server = try RedisServerFixture()
  defer { server.stop() }
  let recorder = SessionRecorder(connection: try server.connect())
  try recorder.run("SET", "greeting", "hello")
  try recorder.run("GET", "greeting")
  try recorder.run("INCR", "visits")
  try recorder.run("LPUSH", "queue", "a", "b", "c")
  try recorder.run("LRANGE", "queue", "0", "-1")
  try recorder.run("HSET", "user:1", "name", "Ada", "lang", "Swift")
  try recorder.run("HGETALL", "user:1")
  try recorder.run("SADD", "tags", "red", "green", "blue", "cyan", "plum")
  try recorder.run("SMEMBERS", "tags")
  try recorder.run("EXPIRE", "greeting", "100")
  try recorder.run("TTL", "greeting")
  try recorder.run("TIME")
  try recorder.run("SRANDMEMBER", "tags", "2")
  try recorder.run("SELECT", "1")
  try recorder.run("SET", "other", "in db 1")
  try recorder.run("GET", "other")
  return recorder.commands
}

@Suite struct RerunTests {
  @Test func anUnchangedScriptHasNoDifferencesAndExplainsTheExpectedOnes() throws {
    let commands = try recordedScript()
    let result = try rerunOnFreshServer(commands)
    #expect(result.differences == [])
    #expect(result.skipped == [])
    #expect(result.compared == commands.count)
    let time = try #require(result.expectedDifferences.first { $0.command == "TIME" })
    #expect(time.seq == 12)
    #expect(time.reason == "the server's clock has moved on since the recording")
    #expect(time.label == "TIME clock")
    for expected in result.expectedDifferences {
      #expect(
        ["TIME", "SMEMBERS tags", "SRANDMEMBER tags 2", "TTL greeting"].contains(
          expected.command))
    }
    #expect(result.identical == commands.count - result.expectedDifferences.count)
  }

  @Test func anEditedReplyIsTheOnlyDifference() throws {
    var commands = try recordedScript()
    #expect(commands[1].reply == "\"hello\"\n")
    commands[1].reply = "\"hullo\"\n"
    let result = try rerunOnFreshServer(commands)
    #expect(
      result.differences == [
        RerunDifference(
          seq: 2, command: "GET greeting", recorded: "\"hullo\"\n", now: "\"hello\"\n",
          step: "basics")
      ])
  }

  @Test func aCommandInTheSecondDatabaseRunsThere() throws {
    var commands = try recordedScript()
    commands[15].reply = "\"in db 0\"\n"
    let result = try rerunOnFreshServer(commands)
    #expect(result.differences.map(\.seq) == [16])
    #expect(result.differences.first?.now == "\"in db 1\"\n")
  }

  @Test func aRedactedCommandIsSkippedWithItsReason() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    let recorder = SessionRecorder(connection: try server.connect())
    try recorder.run("SET", "token", "s3cret")
    try recorder.run("GET", "visits")
    var commands = recorder.commands
    commands[0].argv = ["SET", "token", "(redacted)"]
    let result = try rerunOnFreshServer(commands)
    #expect(
      result.skipped == [
        SkippedCommand(
          seq: 1, command: "SET token (redacted)", reason: "a secret in it was never stored")
      ])
    #expect(result.compared == 1)
    #expect(result.differences == [])
  }

  @Test func streamingAndStoppingCommandsAreSkipped() throws {
    let logged = [
      command(1, ["SUBSCRIBE", "news"], reply: "1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n"),
      command(2, ["SHUTDOWN"], reply: "OK\n"),
    ]
    let result = try rerunOnFreshServer(logged)
    #expect(
      result.skipped.map(\.reason) == [
        "it streams messages instead of replying once", "it would stop the server",
      ])
    #expect(result.compared == 0)
  }

  @Test func aBlockingCommandThatTimedOutIsSkippedAndOneThatAnsweredRuns() throws {
    let logged = [
      command(1, ["BLPOP", "empty", "0.1"], reply: "(nil)\n"),
      command(2, ["RPUSH", "jobs", "j1"], reply: "(integer) 1\n"),
      command(3, ["BLPOP", "jobs", "0"], reply: "1) \"jobs\"\n2) \"j1\"\n"),
    ]
    let result = try rerunOnFreshServer(logged)
    #expect(
      result.skipped == [
        SkippedCommand(
          seq: 1, command: "BLPOP empty 0.1", reason: "blocking command that timed out")
      ])
    #expect(result.compared == 2)
    #expect(result.differences == [])
  }

  @Test func progressCountsEveryCommand() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    var calls: [[Int]] = []
    _ = try Rerunner(connection: server.connect()).run(
      [command(1, ["PING"], reply: "PONG\n"), command(2, ["SHUTDOWN"], reply: "")]
    ) { calls.append([$0, $1]) }
    #expect(calls == [[1, 2], [2, 2]])
  }
}

@Suite struct RerunRulesTests {
  @Test func subcommandsAreLookedUpBeforeTheName() {
    #expect(RerunRules.rule(for: ["client", "id"])?.comparison == .ignoreValue)
    #expect(RerunRules.rule(for: ["CLIENT", "SETNAME", "x"]) == nil)
    #expect(RerunRules.rule(for: ["object", "idletime", "k"])?.comparison == .ignoreValue)
    #expect(RerunRules.rule(for: ["OBJECT", "ENCODING", "k"]) == nil)
    #expect(RerunRules.rule(for: ["ttl", "k"])?.comparison.label == "countdown")
    #expect(RerunRules.rule(for: ["GET", "k"]) == nil)
  }

  @Test func xaddIsAClockReadingOnlyWithAnAutomaticID() {
    #expect(RerunRules.rule(for: ["XADD", "s", "*", "f", "v"])?.comparison == .timestamp)
    #expect(RerunRules.rule(for: ["XADD", "s", "1-1", "f", "v"]) == nil)
  }

  @Test func aCountdownAllowsTheElapsedTimeEitherWay() throws {
    let ttl = try #require(RerunRules.rule(for: ["TTL", "k"])).comparison
    #expect(ttl.accepts(recorded: "(integer) 80\n", now: "(integer) 100\n", elapsed: 20))
    #expect(ttl.accepts(recorded: "(integer) 100\n", now: "(integer) 99\n", elapsed: 0))
    #expect(!ttl.accepts(recorded: "(integer) 50\n", now: "(integer) 100\n", elapsed: 20))
    #expect(!ttl.accepts(recorded: "(integer) -1\n", now: "(integer) 100\n", elapsed: 500))
    #expect(!ttl.accepts(recorded: "(integer) -2\n", now: "(integer) -1\n", elapsed: 500))
    #expect(!ttl.accepts(recorded: "(integer) 5\n", now: "(integer) -2\n", elapsed: 500))
    let pttl = try #require(RerunRules.rule(for: ["PTTL", "k"])).comparison
    #expect(pttl.accepts(recorded: "(integer) 90000\n", now: "(integer) 99500\n", elapsed: 10))
  }

  @Test func aClockReadingNeedsOnlyTheSameReplyType() throws {
    let time = try #require(RerunRules.rule(for: ["TIME"])).comparison
    #expect(
      time.accepts(
        recorded: "1) \"1700000000\"\n2) \"1\"\n", now: "1) \"1800000000\"\n2) \"22\"\n",
        elapsed: 0))
    #expect(!time.accepts(recorded: "1) \"1\"\n2) \"2\"\n", now: "(error) ERR x\n", elapsed: 0))
    let info = try #require(RerunRules.rule(for: ["INFO"])).comparison
    #expect(
      info.accepts(
        recorded: "# Server\r\nuptime:1\r\n", now: "# Server\r\nuptime:2\r\n", elapsed: 0))
  }

  @Test func randomMembersKeepTheirCount() throws {
    let pick = try #require(RerunRules.rule(for: ["SRANDMEMBER", "s", "2"])).comparison
    #expect(pick.accepts(recorded: "1) \"a\"\n2) \"b\"\n", now: "1) \"c\"\n2) \"a\"\n", elapsed: 0))
    #expect(!pick.accepts(recorded: "1) \"a\"\n2) \"b\"\n", now: "1) \"c\"\n", elapsed: 0))
    #expect(pick.accepts(recorded: "\"a\"\n", now: "\"b\"\n", elapsed: 0))
  }

  @Test func unorderedRepliesCompareElementsOrPairsInAnyOrder() throws {
    let members = try #require(RerunRules.rule(for: ["SMEMBERS", "s"])).comparison
    #expect(
      members.accepts(recorded: "1) \"a\"\n2) \"b\"\n", now: "1) \"b\"\n2) \"a\"\n", elapsed: 0))
    #expect(
      !members.accepts(recorded: "1) \"a\"\n2) \"b\"\n", now: "1) \"b\"\n2) \"c\"\n", elapsed: 0))
    let hash = try #require(RerunRules.rule(for: ["HGETALL", "h"])).comparison
    let recorded = "1) \"f1\"\n2) \"v1\"\n3) \"f2\"\n4) \"v2\"\n"
    #expect(
      hash.accepts(
        recorded: recorded, now: "1) \"f2\"\n2) \"v2\"\n3) \"f1\"\n4) \"v1\"\n", elapsed: 0))
    #expect(
      !hash.accepts(
        recorded: recorded, now: "1) \"f2\"\n2) \"v1\"\n3) \"f1\"\n4) \"v2\"\n", elapsed: 0))
  }

  @Test func aScanComparesItsItemsOnlyWhenBothRepliesHeldEverything() throws {
    let scan = try #require(RerunRules.rule(for: ["SCAN", "0"])).comparison
    let complete = "1) \"0\"\n2) 1) \"a\"\n   2) \"b\"\n"
    #expect(
      scan.accepts(recorded: complete, now: "1) \"0\"\n2) 1) \"b\"\n   2) \"a\"\n", elapsed: 0))
    #expect(!scan.accepts(recorded: complete, now: "1) \"0\"\n2) 1) \"b\"\n", elapsed: 0))
    #expect(
      scan.accepts(recorded: "1) \"6\"\n2) 1) \"a\"\n", now: "1) \"3\"\n2) 1) \"c\"\n", elapsed: 0))
  }

  @Test func streamEntriesCompareWithTheirIDsMasked() throws {
    let range = try #require(RerunRules.rule(for: ["XRANGE", "s", "-", "+"])).comparison
    let recorded = "1) 1) \"1700000000000-0\"\n   2) 1) \"f\"\n      2) \"v\"\n"
    let now = "1) 1) \"1800000000000-0\"\n   2) 1) \"f\"\n      2) \"v\"\n"
    #expect(range.accepts(recorded: recorded, now: now, elapsed: 0))
    #expect(
      !range.accepts(
        recorded: recorded, now: now.replacingOccurrences(of: "\"v\"", with: "\"w\""), elapsed: 0))
  }
}

@Suite struct TerminalReplyParserTests {
  static let replies: [Reply] = [
    .status("OK"), .status(""), .integer(29), .integer(-2), .bulk("hello"), .bulk(""),
    .bulk("quote \" and backslash \\ and\nnewline\ttab\r"), .bulk([0, 1, 0xFF, 0x7F, 7, 8]),
    .bulk("(nil)"), .bulk("1) not an array"), .null, .error("ERR unknown command 'FOO'"),
    .array([]), .array([.bulk("a"), .bulk("b")]),
    .array([.integer(1), .null, .status("OK"), .error("WRONGTYPE x"), .array([])]),
    .array((1...12).map { .bulk("item \($0)") }),
    .array([.array([.bulk("a"), .array([.integer(1), .integer(2)])]), .bulk("z")]),
    .array(
      (1...11).map { .array([.bulk("k\($0)"), .array((1...10).map { .integer(Int64($0)) })]) }),
  ]

  @Test(arguments: replies) func formatterOutputReadsBackAsTheSameReply(_ reply: Reply) {
    let text = LoggedCommand.replyText(reply, to: ["GET"])
    #expect(TerminalReplyParser.parse(text) == reply, "\(text)")
  }

  @Test func realServerRepliesReadBack() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    let connection = try server.connect()
    try connection.send("RPUSH", "list", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")
    try connection.send("XADD", "stream", "1-1", "f", "v", "g", "w")
    let commands: [[String]] = [
      ["COMMAND", "INFO", "GET", "SET"], ["LRANGE", "list", "0", "-1"],
      ["XRANGE", "stream", "-", "+"],
      ["CONFIG", "GET", "max*"], ["HELLO", "2"], ["GET", "missing"], ["LPOP", "stream"],
    ]
    for argv in commands {
      let reply = try connection.send(argv.map { Array($0.utf8) })
      let text = LoggedCommand.replyText(reply, to: argv)
      #expect(TerminalReplyParser.parse(text) == reply, "\(argv): \(text)")
    }
  }

  @Test func rawTextIsNotTerminalText() {
    #expect(TerminalReplyParser.parse("") == nil)
    #expect(TerminalReplyParser.parse("OK") == nil)
    #expect(TerminalReplyParser.parse("# Server\r\nredis_version:7.0\r\n\r\n") == nil)
  }
}

@Suite struct RerunReportTests {
  static let result = RerunResult(
    compared: 6,
    expectedDifferences: [
      ExpectedDifference(
        seq: 4, command: "TTL greeting",
        reason: "the time to live counts down, so it depends on when it was asked",
        label: "TTL countdown"),
      ExpectedDifference(
        seq: 5, command: "TIME", reason: "the server's clock has moved on since the recording",
        label: "TIME clock"),
    ],
    differences: [
      RerunDifference(
        seq: 2, command: "GET greeting", recorded: "\"hullo\"\n", now: "\"hello\"\n",
        step: "strings-get"),
      RerunDifference(
        seq: 6, command: "LRANGE \"my list\" 0 -1", recorded: "1) \"a\"\n2) \"b\"\n",
        now: "(empty array)\n", step: nil),
    ],
    skipped: [
      SkippedCommand(seq: 1, command: "AUTH (redacted)", reason: "a secret in it was never stored")
    ])

  @Test func theDiffViewShowsEachDifferenceThenTheReasonsAndASummary() {
    #expect(
      RerunReport.text(Self.result, color: false) == """
        @@ #2 strings-get: GET greeting @@
        - "hullo"
        + "hello"

        @@ #6: LRANGE "my list" 0 -1 @@
        - 1) "a"
        - 2) "b"
        + (empty array)

        Expected to differ:
          #4 TTL greeting: the time to live counts down, so it depends on when it was asked
          #5 TIME: the server's clock has moved on since the recording

        Not re-run:
          #1 AUTH (redacted): a secret in it was never stored

        6 commands re-run: 2 identical, 2 expected to differ (TTL countdown, TIME clock), 2 different

        """)
  }

  @Test func colorPaintsRemovedLinesRedAndAddedLinesGreen() {
    let lines = RerunReport.text(Self.result, color: true).split(separator: "\n")
    #expect(lines[1] == "\u{1B}[31m- \"hullo\"\u{1B}[0m")
    #expect(lines[2] == "\u{1B}[32m+ \"hello\"\u{1B}[0m")
  }

  @Test func aCleanRerunIsOneSummaryLine() {
    #expect(
      RerunReport.text(RerunResult(compared: 1), color: true)
        == "1 command re-run: 1 identical, 0 expected to differ, 0 different\n")
  }
}

/// A logged command with the fields these tests do not care about filled in.
func command(
  _ seq: Int, _ argv: [String], reply: String, database: Int = 0, day: Int? = nil,
  step: String? = nil
) -> LoggedCommand {
  LoggedCommand(
    seq: seq, argv: argv, reply: reply, isError: reply.hasPrefix("(error)"), database: database,
    at: Double(seq), duration: 0.001, day: day, step: step)
}
