import Foundation
import Lessons
import RedisClient
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Checks cannot hang the tutor: a silent server gets one line, scripts are refused.
@Suite("Checks on a busy or paused server", .serialized)
struct CheckRunnerTests {
  let server: RedisServerFixture
  /// A connection like the shell's: it waits for ever for what the learner types.
  let learnerConnection: Connection

  init() throws {
    server = try RedisServerFixture()
    var options = server.options
    options.readTimeout = nil
    learnerConnection = try Connection(options)
  }

  /// Runs `body` while the server is stopped with SIGSTOP, then lets it run again.
  ///
  /// A watchdog lets the server run again after a deadline, so code that would wait for ever
  /// gets its reply late and fails the test's expectations instead of hanging the suite.
  private func whileServerIsPaused<Value>(_ body: () throws -> Value) throws -> Value {
    let pid = server.pid
    let finished = DispatchSemaphore(value: 0)
    #expect(kill(pid, SIGSTOP) == 0)
    Thread {
      if finished.wait(timeout: .now() + 30) == .timedOut { kill(pid, SIGCONT) }
    }.start()
    defer {
      finished.signal()
      kill(pid, SIGCONT)
    }
    return try body()
  }

  private func check(_ lines: String) throws -> Check {
    let text = sampleLesson.replacingOccurrences(
      of: "GET rt:greeting => \"hello world\" # store the greeting\nSTRLEN rt:greeting => 11",
      with: lines)
    return try #require(LessonParser.parse(text, file: "day1.md").get().allSteps.first?.check)
  }

  @Test func aStepCheckOnAPausedServerSaysSoInOneLineAndReturns() throws {
    let catalog = LessonCatalog(
      directory: "", lessons: [try LessonParser.parse(sampleLesson, file: "day1.md").get()],
      problems: [])
    let display = RecordedDisplay()
    let session = LessonSession(
      catalog: catalog, lesson: catalog.lessons[0], plan: .sixHours, stepID: "set-get",
      store: nil, clock: ManualClock().studyClock, display: display.display)
    let result = try whileServerIsPaused {
      session.check(on: learnerConnection, automatic: false)
    }
    #expect(result == nil)
    #expect(
      display.lines == [
        "problem: The check could not run: the server did not answer within 3 s; it is busy (a long script or DEBUG SLEEP) or paused, so the check gave up: try again once it answers"
      ])
    #expect(learnerConnection.options.readTimeout == nil)
    #expect(try learnerConnection.send("PING").string == "PONG")
  }

  @Test func aQuizCardCheckOnAPausedServerThrowsTheSameLine() throws {
    let card = try LessonParser.parse(cardLesson, file: "cards.md").get().cards[2]
    let runner = CardRunner(connection: learnerConnection)
    _ = try runner.prepare(card)
    let error = try whileServerIsPaused {
      #expect(throws: CheckError.self) { try runner.check(card) }
    }
    #expect(error == .unanswered(seconds: CheckRunner.defaultReplyTimeout))
    #expect(try learnerConnection.send("PING").string == "PONG")
  }

  @Test func theLearnersShorterReadTimeoutIsKept() throws {
    learnerConnection.setReadTimeout(0.5)
    let error = try whileServerIsPaused {
      #expect(throws: CheckError.self) {
        try CheckRunner(connection: learnerConnection).run(check("GET rt:greeting => nil"))
      }
    }
    #expect(error?.description.hasPrefix("the server did not answer within 0.5 s; ") == true)
    #expect(learnerConnection.options.readTimeout == 0.5)
  }

  @Test(
    "Scripts are refused in checks, read-only ones too",
    arguments: [
      ("EVAL_RO \"return 1\" 0 => 1", "EVAL_RO"),
      ("EVALSHA_RO e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0 => 1", "EVALSHA_RO"),
      ("FCALL_RO anything 0 => 1", "FCALL_RO"),
      ("FCALL anything 0 => 1", "FCALL"),
      ("EVAL \"return 1\" 0 => 1", "EVAL"),
      ("SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db => type array", "SCRIPT EXISTS"),
    ])
  func scriptsAreRefused(line: String, name: String) throws {
    let result = try CheckRunner(connection: learnerConnection).run(check(line))
    guard case .refused(let refused, let reason) = result else {
      Issue.record("expected a refusal, got \(result)")
      return
    }
    #expect(refused.commandText.hasPrefix(name))
    #expect(reason == "'\(name)' is a scripting command; a check may not run scripts")
  }

  @Test func theLinterReportsAScriptInACheckWithItsLine() throws {
    let scripted = "EVAL_RO \"return redis.call('STRLEN', KEYS[1])\" 1 rt:greeting => 11"
    let text = sampleLesson.replacingOccurrences(of: "STRLEN rt:greeting => 11", with: scripted)
    let line =
      try #require(
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == scripted })
      + 1
    let catalog = LessonCatalog(
      directory: "", lessons: [try LessonParser.parse(text, file: "day1.md").get()], problems: [])
    let problems = LessonLinter(catalog: catalog).run().reports.flatMap(\.problems)
    #expect(
      problems.map(\.description) == [
        "day1.md:\(line): check command refused: 'EVAL_RO' is a scripting command; a check may not run scripts"
      ])
  }
}
