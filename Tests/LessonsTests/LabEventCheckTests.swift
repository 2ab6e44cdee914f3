import Foundation
import Lessons
import RedisClient
import RedisSandbox
import Testing
import TutorTestSupport

/// A step whose check asks for a crash in none mode after a write, as the first lab does.
private func labLesson(_ checkLines: String) -> String {
  """
  \(LessonFixture.frontMatter(day: 1, title: "Labs"))
  # Concepts {#concepts}

  ## Crash it {#crash-it}

  ```redis
  SET rt:lab:k "before the crash"
  :sandbox crash
  ```

  ```check
  \(checkLines)
  ```

  """
}

private func parsedCheck(_ checkLines: String) throws -> Check {
  try #require(
    LessonParser.parse(labLesson(checkLines), file: "day1.md").get().allSteps.first?.check)
}

private func problems(_ checkLines: String) -> [String] {
  switch LessonParser.parse(labLesson(checkLines), file: "day1.md") {
  case .success: return []
  case .failure(let problems): return problems.problems.map(\.message)
  }
}

/// `:lab` check lines: parsed into the check, each problem in one line.
@Suite("Lab check lines: parsing")
struct LabEventParsingTests {
  @Test func aLabLineNamesTheActionTheModeTheKeysAndTheMessage() throws {
    let check = try parsedCheck(
      ":lab crash aof-everysec after rt:lab:a \"rt:lab:b c\" # write both, then crash\nEXISTS rt:lab:a => 1"
    )
    #expect(check.lines.count == 1)
    let lab = try #require(check.labEvents.first)
    #expect(lab.action == .crash)
    #expect(lab.mode == "aof-everysec")
    #expect(lab.keys == [Array("rt:lab:a".utf8), Array("rt:lab:b c".utf8)])
    #expect(lab.message == "write both, then crash")
    #expect(lab.source.line == 21)
  }

  @Test func aRestartWithoutKeysAndTheAofShorthand() throws {
    let lab = try #require(try parsedCheck(":lab restart aof").labEvents.first)
    #expect(lab.action == .restart)
    #expect(lab.mode == "aof-everysec")
    #expect(lab.keys.isEmpty)
    #expect(lab.message == nil)
  }

  @Test func badLabLinesAreReportedInOneLineEach() {
    #expect(
      problems(":lab crash fast")
        == ["unknown persistence mode 'fast' (one of none, rdb, aof-always, aof-everysec, aof-no)"])
    #expect(
      problems(":lab explode none") == ["a lab line is ':lab crash|restart MODE [after KEY…]'"])
    #expect(
      problems(":lab crash none rt:lab:k")
        == [
          "a lab line is ':lab crash|restart MODE [after KEY…]': after the mode comes 'after' and at least one key"
        ])
    #expect(
      problems(":lab crash none after")
        == [
          "a lab line is ':lab crash|restart MODE [after KEY…]': after the mode comes 'after' and at least one key"
        ])
  }
}

/// `:lab` lines read the event log, and ask the real server which commands wrote which keys.
@Suite("Lab check lines: against a real server")
struct LabEventEvaluationTests {
  let server: RedisServerFixture
  let connection: Connection

  init() throws {
    server = try RedisServerFixture()
    connection = try server.connect()
  }

  private func argv(_ words: String...) -> [[UInt8]] { words.map { Array($0.utf8) } }

  /// The explanations of the check's failures after `events`, or [] when it passed.
  private func failures(_ lines: String, after events: [LabEventLog.Event]) throws -> [String] {
    let log = LabEventLog()
    for event in events { log.record(event) }
    let result = try CheckRunner(connection: connection, labEvents: log).run(parsedCheck(lines))
    switch result {
    case .passed: return []
    case .notYet(let failures): return failures.map(\.explanation)
    default:
      Issue.record("unexpected result \(result)")
      return ["?"]
    }
  }

  private let crashLine = ":lab crash none after rt:lab:k # write rt:lab:k, then crash"

  @Test func aCrashInTheModeAfterTheWritePasses() throws {
    let events: [LabEventLog.Event] = [
      .restarted(.none), .command(argv("SET", "rt:lab:k", "v")), .crashed(.none),
      .command(argv("SET", "rt:lab:other", "after")),
    ]
    #expect(try failures(crashLine, after: events) == [])
  }

  @Test func noCrashSaysSo() throws {
    let events: [LabEventLog.Event] = [.restarted(.none), .command(argv("SET", "rt:lab:k", "v"))]
    #expect(
      try failures(crashLine, after: events) == [
        ":lab crash none after rt:lab:k → the last lab action was a clean restart, not a :sandbox crash — write rt:lab:k, then crash"
      ])
    #expect(
      try failures(crashLine, after: [.command(argv("SET", "rt:lab:k", "v"))]) == [
        ":lab crash none after rt:lab:k → no :sandbox crash since this step opened — write rt:lab:k, then crash"
      ])
  }

  @Test func aCrashInAnotherModeSaysWhichModeTheServerHad() throws {
    let events: [LabEventLog.Event] = [
      .command(argv("SET", "rt:lab:k", "v")), .crashed(.snapshot),
    ]
    #expect(
      try failures(crashLine, after: events) == [
        ":lab crash none after rt:lab:k → the server ran in mode rdb when it crashed, not none — write rt:lab:k, then crash"
      ])
  }

  @Test func aKeyOnlyReadOrWrittenAfterTheCrashDoesNotCount() throws {
    let readOnly: [LabEventLog.Event] = [
      .command(argv("GET", "rt:lab:k")), .command(argv("EXISTS", "rt:lab:k")), .crashed(.none),
    ]
    #expect(
      try failures(crashLine, after: readOnly) == [
        ":lab crash none after rt:lab:k → rt:lab:k was not written between this step's start and the crash — write rt:lab:k, then crash"
      ])
    let rewritten: [LabEventLog.Event] = [
      .command(argv("SET", "rt:lab:k", "v")), .crashed(.none),
      .command(argv("HSET", "rt:lab:k", "f", "v")),
    ]
    #expect(
      try failures(crashLine, after: rewritten) == [
        ":lab crash none after rt:lab:k → rt:lab:k was written again after the crash, so it no longer shows what the crash did — write rt:lab:k, then crash"
      ])
  }

  @Test func aValueThatOnlyMentionsTheKeyIsNotAWriteOfIt() throws {
    let events: [LabEventLog.Event] = [
      .command(argv("SET", "rt:lab:other", "rt:lab:k")), .crashed(.none),
    ]
    #expect(try failures(crashLine, after: events).count == 1)
  }

  @Test func aRestartLineWantsTheLastActionToBeThatRestart() throws {
    #expect(
      try failures(":lab restart rdb", after: [.crashed(.none), .restarted(.snapshot)]) == [])
    #expect(
      try failures(":lab restart rdb", after: [.restarted(.snapshot), .crashed(.snapshot)]) == [
        ":lab restart rdb → the last lab action was a crash, not a clean :sandbox restart rdb"
      ])
    #expect(
      try failures(":lab restart rdb", after: [.restarted(.none)]) == [
        ":lab restart rdb → the server restarted in mode none, not rdb"
      ])
  }

  @Test func withoutAnEventLogALabLineFailsAndSaysWhy() throws {
    let result = try CheckRunner(connection: connection).run(parsedCheck(crashLine))
    guard case .notYet(let failures) = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(
      failures.map(\.explanation) == [
        ":lab crash none after rt:lab:k → lab events are recorded on the tutor's sandbox only, and this check has none — write rt:lab:k, then crash"
      ])
  }

  @Test func aNewStepStartsANewLog() {
    let log = LabEventLog()
    log.enterStep("1/a")
    log.record(.crashed(.none))
    log.enterStep("1/a")
    #expect(log.events == [.crashed(.none)])
    log.enterStep("1/b")
    #expect(log.events.isEmpty)
  }
}

/// The example runner records lab actions with the mode the server really had.
@Suite("Lab events on a real sandbox", .serialized)
struct LabEventSandboxTests {
  /// Waits until the server has written its first AOF after `CONFIG SET appendonly yes`.
  private func waitForAppendOnlyFile(_ connection: Connection) throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
      let fields = (try connection.send("INFO", "persistence").string ?? "")
        .split(whereSeparator: \.isNewline)
      if fields.contains("aof_enabled:1") && fields.contains("aof_rewrite_in_progress:0")
        && fields.contains("aof_rewrite_scheduled:0")
      {
        return
      }
      usleep(20_000)
    }
    Issue.record("the first AOF was not written within 20 s")
  }

  @Test func aCrashAfterConfigSetRecordsTheModeTheServerReallyHad() throws {
    let runner = try ExampleRunner.throwaway("lab-events")
    defer { runner.stop() }
    _ = try runner.run("CONFIG SET appendonly yes")
    try waitForAppendOnlyFile(runner.connection)
    _ = try runner.run("SET rt:lab:k \"logged\"")
    _ = try runner.run(":sandbox crash")
    #expect(runner.labEvents.events.last == .crashed(.aof(.everysec)))
    let check = try parsedCheck(":lab crash aof-everysec after rt:lab:k\nEXISTS rt:lab:k => 1")
    let result = try CheckRunner(connection: runner.connection, labEvents: runner.labEvents).run(
      check)
    #expect(result.passed, "\(result)")
    let wrongMode = try parsedCheck(":lab crash none after rt:lab:k")
    #expect(
      !(try CheckRunner(connection: runner.connection, labEvents: runner.labEvents).run(wrongMode)
        .passed))
  }

  @Test func aRestartRecordsTheModeItStartedIn() throws {
    let runner = try ExampleRunner.throwaway("lab-events")
    defer { runner.stop() }
    _ = try runner.run(":sandbox restart rdb")
    #expect(runner.labEvents.events == [.restarted(.snapshot)])
    _ = try runner.run("GET rt:lab:missing")
    _ = try runner.run("INCR")
    #expect(
      runner.labEvents.events == [
        .restarted(.snapshot), .command([Array("GET".utf8), Array("rt:lab:missing".utf8)]),
      ])
  }
}

/// A lab step whose attempts change the sandbox's mode and its snapshot: each attempt must
/// start from the step's own mode and files, not from what the attempt before left.
private let labAttemptLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Labs"))
  # Concepts {#concepts}

  ## Snapshot, then crash {#snapshot-crash}

  ```redis
  :sandbox restart rdb
  SET rt:lab:a "in the snapshot"
  SAVE
  :sandbox crash
  ```

  ```check
  :lab crash rdb after rt:lab:a
  EXISTS rt:lab:a => 1
  ```

  ```alternative
  :sandbox restart rdb
  SET rt:lab:a "in the snapshot"
  SAVE
  :sandbox crash
  ```

  ```mistake
  # why: a clean restart into none mode, not a crash (it leaves rt:lab:a in dump.rdb)
  :sandbox restart rdb
  SET rt:lab:a "in the snapshot"
  SAVE
  :sandbox restart none
  ```

  ```mistake
  # why: no SAVE: only the dump.rdb the attempt before left would bring the key back
  :sandbox restart rdb
  SET rt:lab:a "only in memory"
  :sandbox crash
  ```

  """

@Suite("Linting lab attempts", .serialized)
struct LabAttemptLintTests {
  /// Lints `source` as the only lesson: the problems found and the lines printed.
  private func lint(_ source: String) throws -> (problems: [String], lines: [String]) {
    let lesson = try LessonParser.parse(source, file: "labs.md").get()
    let catalog = LessonCatalog(directory: "", lessons: [lesson], problems: [])
    var lines: [String] = []
    let reports = LessonLinter(catalog: catalog).run { lines.append($0) }.reports
    return (reports.flatMap(\.problems).map(\.description), lines)
  }

  @Test func eachLabAttemptStartsFromTheStepsModeAndFiles() throws {
    let (problems, lines) = try lint(labAttemptLesson)
    #expect(problems == [])
    #expect(
      lines.contains(
        "Day 1: 1 steps, 1 checks, 2 mistakes proven to fail, 1 alternatives proven to pass"),
      "\(lines)")
  }
}

/// A step that starts in rdb mode with a key in its snapshot file: a crash brings it back.
private let snapshotFileLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Labs"))
  # Concepts {#concepts}

  ## Snapshot a key {#snapshot}

  ```redis
  :sandbox restart rdb
  SET rt:lab:b "in the snapshot"
  SAVE
  ```

  ## Crash, and the snapshot comes back {#crash-back}

  ```redis
  :sandbox crash
  ```

  ```check
  :lab crash rdb
  EXISTS rt:lab:b => 1
  ```

  ```alternative
  # why: a crash loads the step's own dump.rdb, which putting the keys back must not empty
  :sandbox crash
  ```

  ```mistake
  # why: a clean restart, not a crash
  :sandbox restart rdb
  ```

  """

extension LabAttemptLintTests {
  @Test func anAttemptCrashingInRdbModeLoadsTheStepsOwnSnapshotFile() throws {
    let (problems, lines) = try lint(snapshotFileLesson)
    #expect(problems == [])
    #expect(
      lines.contains(
        "Day 1: 2 steps, 1 checks, 1 mistakes proven to fail, 1 alternatives proven to pass"),
      "\(lines)")
  }
}
