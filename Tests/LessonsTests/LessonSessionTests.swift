import Foundation
import Lessons
import Progress
import RedisCLIFormat
import RedisClient
import Testing
import TutorTestSupport

extension ManualClock {
  /// The clock as the lesson engine's clock.
  var studyClock: StudyClock { StudyClock(now: now) }
}

/// Everything the engine said, by kind.
final class RecordedDisplay {
  var lines: [String] = []
  var display: LessonDisplay {
    LessonDisplay(
      markdown: { [self] in lines.append("md: " + $0) },
      note: { [self] in lines.append("note: " + $0) },
      success: { [self] in lines.append("ok: " + $0) },
      problem: { [self] in lines.append("problem: " + $0) })
  }
  func contains(_ text: String) -> Bool { lines.contains { $0.contains(text) } }
}

@Suite("Lesson engine on a real server and database", .serialized)
struct LessonSessionTests {
  let server: RedisServerFixture
  let connection: Connection
  let directory: URL
  let catalog: LessonCatalog

  init() throws {
    server = try RedisServerFixture()
    connection = try server.connect()
    directory = try TemporaryDirectory.make(prefix: "lesson-session")
    let lessons = directory.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    try sampleLesson.write(
      to: lessons.appendingPathComponent("day1.md"), atomically: true, encoding: .utf8)
    catalog = try LessonCatalog.load(directory: lessons.path)
  }

  func store() throws -> ProgressStore {
    try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
  }

  func session(
    _ store: ProgressStore?, clock: ManualClock = ManualClock(), plan: StudyPlan = .sixHours,
    display: RecordedDisplay = RecordedDisplay()
  ) -> LessonSession {
    LessonSession.resume(
      catalog: catalog, store: store, defaultPlan: plan, clock: clock.studyClock,
      display: display.display)!
  }

  @Test func automaticChecksStayQuietUntilTheStepPasses() throws {
    let display = RecordedDisplay()
    let lesson = session(try store(), display: display)
    #expect(lesson.step.id == "set-get")
    _ = try connection.send("SET", "rt:greeting", "hello")
    let quiet = lesson.check(on: connection, automatic: true)
    #expect(quiet?.passed == false)
    #expect(!display.contains("Not yet"))
    lesson.check(on: connection, automatic: false)
    #expect(
      display.contains(
        "✗ GET rt:greeting → \"hello\", expected \"hello world\" — store the greeting"))
    _ = try connection.send("SET", "rt:greeting", "hello world")
    #expect(lesson.check(on: connection, automatic: true)?.passed == true)
    #expect(display.contains("ok: ✓ Step passed: Set and get."))
    #expect(try store().steps(day: 1)["set-get"]?.status == .passed)
  }

  @Test func nextWaitsForAPassAndTheNextSessionResumes() throws {
    let display = RecordedDisplay()
    let first = session(try store(), display: display)
    first.next()
    #expect(first.step.id == "set-get")
    #expect(display.contains("has not passed yet"))
    _ = try connection.send("SET", "rt:greeting", "hello world")
    first.check(on: connection, automatic: true)
    first.next()
    #expect(first.step.id == "reading")
    first.next()
    #expect(first.step.id == "connect")
    #expect(display.contains("Block 2/2: From Go (hands-on, 60 min) starts."))
    let second = session(try store())
    #expect(second.lesson.day == 1)
    #expect(second.step.id == "connect")
    #expect(try store().steps(day: 1)["reading"]?.status == .passed)
  }

  @Test func hintsRevealOneLevelAtATimeAndAreSaved() throws {
    let display = RecordedDisplay()
    let lesson = session(try store(), display: display)
    lesson.hint()
    lesson.hint()
    lesson.hint()
    let hints = display.lines.filter { $0.hasPrefix("md: **Hint") }
    #expect(
      hints == [
        "md: **Hint 1/2:** SET takes a key and a value.",
        "md: **Hint 2/2:** SET rt:greeting \"hello world\"",
        "md: **Hint 2/2:** SET rt:greeting \"hello world\"",
      ])
    #expect(display.contains("That was the last hint"))
    #expect(try store().steps(day: 1)["set-get"]?.hintsUsed == 2)
  }

  @Test func solutionIsHiddenUntilPassedUnlessConfirmed() throws {
    let display = RecordedDisplay()
    let lesson = session(try store(), display: display)
    lesson.solution { false }
    #expect(display.contains("Kept hidden."))
    #expect(!display.contains("**Solution:**"))
    lesson.solution { true }
    #expect(display.contains("md: **Solution:**\n\n```redis\nSET rt:greeting \"hello world\"\n```"))
  }

  @Test func resetDeletesOnlyTheLessonKeysItNames() throws {
    let lesson = session(try store())
    for key in ["rt:greeting", "rt:elsewhere", "learner:own"] {
      _ = try connection.send("SET", key, "hello world")
    }
    lesson.check(on: connection, automatic: true)
    lesson.reset(.step, connection: connection, onSandbox: false) { step in
      LessonKeys.named(by: step, on: connection)
    }
    #expect(try connection.send("EXISTS", "rt:greeting").integer == 0)
    #expect(try connection.send("EXISTS", "rt:elsewhere").integer == 1)
    #expect(try connection.send("EXISTS", "learner:own").integer == 1)
    #expect(try store().steps(day: 1)["set-get"] == nil)
    // On the sandbox, `all` also sweeps every other rt: key, still never the learner's own.
    lesson.reset(.all, connection: connection, onSandbox: true) { step in
      LessonKeys.named(by: step, on: connection)
    }
    #expect(try connection.send("EXISTS", "rt:elsewhere").integer == 0)
    #expect(try connection.send("EXISTS", "learner:own").integer == 1)
  }

  @Test func blockTimeCountsActiveStretchesAndAnnouncesOnce() throws {
    let clock = ManualClock()
    let display = RecordedDisplay()
    let lesson = session(try store(), clock: clock, display: display)
    #expect(lesson.promptPrefix == "[day 1 · concepts 1/2 · 0/75m] ")
    for _ in 0..<8 {
      clock.advance(540)
      lesson.tick()
    }
    #expect(lesson.promptPrefix == "[day 1 · concepts 1/2 · 72/75m] ")
    #expect(!display.contains("⏰"))
    clock.advance(540)
    lesson.tick()
    lesson.tick()
    let alarms = display.lines.filter { $0.contains("⏰") }
    #expect(
      alarms == [
        "ok: ⏰ Strings: the planned 60–75 min are up (81 min). Next: From Go (60 min). Finish this step, or :next to move on."
      ])
    clock.advance(5 * 3600)
    lesson.tick()
    #expect(lesson.promptPrefix == "[day 1 · concepts 1/2 · 81/75m] ")
    lesson.flushTime()
    #expect(try store().blockTimes(day: 1)["concepts"] == 81 * 60)
  }

  @Test func aBreakOverTenMinutesCountsForNoneOfItsMinutes() throws {
    let clock = ManualClock()
    let lesson = session(try store(), clock: clock)
    clock.advance(300)
    lesson.tick()
    #expect(lesson.blockMinutes == 5)
    clock.advance(20 * 60)
    lesson.tick()
    #expect(lesson.blockMinutes == 5)
    clock.advance(600)
    lesson.tick()
    #expect(lesson.blockMinutes == 15)
    lesson.flushTime()
    #expect(try store().blockTimes(day: 1)["concepts"] == 15 * 60)
  }

  @Test func aCheckThatWouldWriteIsRefusedAtRunTime() throws {
    let line = try #require(
      try LessonParser.parse(
        sampleLesson.replacingOccurrences(
          of: "STRLEN rt:greeting => 11", with: "INCR rt:counter => 1"), file: "x.md"
      ).get().allSteps.first?.check)
    let result = try CheckRunner(connection: connection).run(line)
    guard case .refused(let refused, let reason) = result else {
      Issue.record("expected a refusal, got \(result)")
      return
    }
    #expect(refused.commandText == "INCR rt:counter")
    #expect(reason == "'INCR' is flagged write; a check may only read")
    #expect(try connection.send("EXISTS", "rt:counter").integer == 0)
  }

  @Test func aStepThatNeedsANewerRedisSaysSo() throws {
    var check = try #require(catalog.lessons[0].allSteps.last?.check)
    check.needs = RedisVersion("99.0")
    let result = try CheckRunner(connection: connection).run(check)
    guard case .needsNewerRedis(let needs, let have) = result else {
      Issue.record("expected needsNewerRedis, got \(result)")
      return
    }
    #expect(needs.description == "99.0")
    #expect(have.parts.first == 7)
  }

  @Test func aDayOrStepNeedingANewerRedisSaysSoWhenShown() throws {
    var lesson = catalog.lessons[0]
    lesson.requires = RedisVersion("99.0")
    let display = RecordedDisplay()
    let session = LessonSession(
      catalog: catalog, lesson: lesson, plan: .sixHours, stepID: "connect", store: nil,
      clock: ManualClock().studyClock, display: display.display)
    session.noteServerVersion(RedisVersion("7.0.15"))
    session.showDay()
    #expect(display.contains("This day needs Redis ≥ 99.0; the server is 7.0.15."))
    #expect(!display.contains("This step needs"))
    var newer = catalog.lessons[0]
    newer.blocks[1].steps[0].check?.needs = RedisVersion("8.2")
    let second = RecordedDisplay()
    let stepSession = LessonSession(
      catalog: catalog, lesson: newer, plan: .sixHours, stepID: "connect", store: nil,
      clock: ManualClock().studyClock, display: second.display)
    stepSession.noteServerVersion(RedisVersion("7.0.15"))
    stepSession.showStep()
    #expect(second.contains("This step needs Redis ≥ 8.2 (the server is 7.0.15); :skip moves on."))
  }

  /// The sample day and a second day with one reading step.
  func twoDays() throws -> LessonCatalog {
    let dayTwo = """
      \(LessonFixture.frontMatter(day: 2, title: "Caching"))
      # Concepts {#concepts}

      ## Cache-aside {#cache-aside}

      Read the cache first.

      """
    return LessonCatalog(
      directory: directory.path,
      lessons: [
        try LessonParser.parse(sampleLesson, file: "day1.md").get(),
        try LessonParser.parse(dayTwo, file: "day2.md").get(),
      ], problems: [])
  }

  func resume(
    _ catalog: LessonCatalog, clock: ManualClock, display: RecordedDisplay = RecordedDisplay()
  ) throws -> LessonSession {
    try #require(
      LessonSession.resume(
        catalog: catalog, store: try store(), defaultPlan: .fourHours, clock: clock.studyClock,
        display: display.display))
  }

  @Test func aNewStudyDayAfterAFinishedDayOpensTheNextLesson() throws {
    let catalog = try twoDays()
    let clock = ManualClock()
    let display = RecordedDisplay()
    let today = try resume(catalog, clock: clock, display: display)
    _ = try connection.send("SET", "rt:greeting", "hello world")
    today.check(on: connection, automatic: true)
    today.next()
    today.next()
    #expect(display.contains("ok: 🎉 Day 1 complete: every step passed."))
    clock.advance(60)
    #expect(try resume(catalog, clock: clock).lesson.day == 1)

    clock.time = StudyClock.startOfNextDay(clock.time) + 9 * 3600
    let tomorrowDisplay = RecordedDisplay()
    let tomorrow = try resume(catalog, clock: clock, display: tomorrowDisplay)
    #expect(tomorrow.lesson.day == 2)
    #expect(tomorrow.step.id == "cache-aside")
    #expect(
      tomorrowDisplay.lines == [
        "note: Day 1 is finished, so a new study day starts day 2; :lesson 1 goes back."
      ])
  }

  @Test func aNewStudyDayAfterAnUnfinishedDayResumesIt() throws {
    let catalog = try twoDays()
    let clock = ManualClock()
    let today = try resume(catalog, clock: clock)
    today.showStep()
    today.next()
    #expect(today.step.id == "set-get")
    #expect(try store().position()?.step == "set-get")
    clock.time = StudyClock.startOfNextDay(clock.time) + 9 * 3600
    let tomorrow = try resume(catalog, clock: clock)
    #expect(tomorrow.lesson.day == 1)
    #expect(tomorrow.step.id == "set-get")
  }

  @Test func theSessionWorksUnsavedWithoutADatabase() throws {
    let lesson = session(nil)
    _ = try connection.send("SET", "rt:greeting", "hello world")
    lesson.check(on: connection, automatic: true)
    lesson.next()
    #expect(lesson.step.id == "reading")
  }
}
