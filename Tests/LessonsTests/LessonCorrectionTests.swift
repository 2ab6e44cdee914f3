import Lessons
import RedisClient
import Testing
import TutorTestSupport

/// The week's checks accept the safe pattern each lesson teaches and refuse the unsafe one.
///
/// Each test plays a step or quiz card of the repository's lessons on a real server twice:
/// once with the answer the lesson teaches, which must pass, and once with the pattern the
/// lesson used to teach (dead-lettering by position, a lock or claim without `NX`, an
/// expiry reset on every hit), which must fail.
@Suite("Lesson checks refuse unsafe patterns", .serialized)
struct LessonCorrectionTests {
  let server: RedisServerFixture
  let connection: Connection
  let catalog: LessonCatalog

  init() throws {
    server = try RedisServerFixture()
    connection = try server.connect()
    catalog = try LessonCatalog.load(directory: walkthroughLessons)
  }

  private func lesson(_ day: Int) throws -> Lesson {
    try #require(catalog.lessons.first { $0.day == day }, "day \(day) is missing")
  }

  /// Sends each command line, failing the test on an error reply (a typo would pass unseen).
  private func send(_ commands: [String]) throws {
    for command in commands {
      guard let argv = CardCommands.argv(command) else { continue }
      let reply = try connection.send(argv)
      #expect(!reply.isError, "\(command): \(reply.string ?? "")")
    }
  }

  /// Whether the step's check passes after `answer`, on an empty server where the day's
  /// earlier steps (6-hour plan) have been played from their examples.
  private func stepPasses(day: Int, step id: String, after answer: [String]) throws -> Bool {
    let steps = try lesson(day).steps(in: .sixHours)
    let index = try #require(steps.firstIndex { $0.id == id }, "day \(day) has no step \(id)")
    let check = try #require(steps[index].check, "step \(id) has no check")
    _ = try connection.send("FLUSHALL")
    try send(steps[..<index].flatMap(\.example).map(\.text))
    try send(answer)
    return try CheckRunner(connection: connection).run(check).passed
  }

  /// The step's own example, line by line, so the right answer is the one the lesson shows.
  private func example(day: Int, step id: String) throws -> [String] {
    let step = try #require(try lesson(day).allSteps.first { $0.id == id })
    return step.example.map(\.text)
  }

  /// The step's example with the lines from `first` to `last` (inclusive) replaced.
  private func example(
    day: Int, step id: String, replacing first: String, through last: String,
    with replacement: [String]
  ) throws -> [String] {
    let lines = try example(day: day, step: id)
    let start = try #require(lines.firstIndex(of: first), "no line '\(first)' in \(id)")
    let end = try #require(lines[start...].firstIndex(of: last), "no line '\(last)' in \(id)")
    return Array(lines[..<start]) + replacement + Array(lines[(end + 1)...])
  }

  /// Whether the card's check passes after `answer` (`;` separates commands, as in a card's
  /// solution line) on a freshly prepared card.
  private func cardPasses(day: Int, card id: String, after answer: String) throws -> Bool {
    let card = try #require(try lesson(day).cards.first { $0.id == id }, "no card \(id)")
    let runner = CardRunner(connection: connection)
    _ = try runner.prepare(card)
    try send(CardCommands.split(answer).map(\.text))
    return try runner.check(card).isEmpty
  }

  /// Every solution the card offers passes its check.
  private func everySolutionPasses(day: Int, card id: String) throws {
    let card = try #require(try lesson(day).cards.first { $0.id == id }, "no card \(id)")
    guard case .challenge(_, _, let solutions) = card.kind else {
      Issue.record("card \(id) is not a challenge")
      return
    }
    for solution in solutions {
      #expect(try cardPasses(day: day, card: id, after: solution.text), "\(solution.text)")
    }
  }

  // MARK: dead-lettering and acknowledging by value

  @Test func day4TraceDeadLettersTheFailedOrderByValueNotTheOneAtTheEnd() throws {
    let taughtBefore = [
      "LPUSH rt:queue:orders order:1 order:2 order:3",
      "LMOVE rt:queue:orders rt:processing:orders RIGHT LEFT",
      "LREM rt:processing:orders 1 order:1",
      "LMOVE rt:queue:orders rt:processing:orders RIGHT LEFT",
      "LMOVE rt:processing:orders rt:dlq:orders RIGHT LEFT",
    ]
    #expect(try stepPasses(day: 4, step: "trace", after: taughtBefore) == false)
    #expect(try stepPasses(day: 4, step: "trace", after: example(day: 4, step: "trace")))
    let byPosition = try example(
      day: 4, step: "trace", replacing: "MULTI", through: "EXEC",
      with: ["LMOVE rt:processing:orders rt:dlq:orders RIGHT LEFT"])
    #expect(try stepPasses(day: 4, step: "trace", after: byPosition) == false)
  }

  @Test func day4DeadLetterListTakesOnlyTheFailedJob() throws {
    let step = "dead-letter"
    let taughtBefore = [
      "ZREM rt:retry:mail job:7", "LPUSH rt:queue:mail job:7",
      "LMOVE rt:queue:mail rt:processing:mail RIGHT LEFT", "HINCRBY rt:attempts:mail job:7 1",
      "HSET rt:errors:mail job:7 \"550 mailbox unavailable\"",
      "LMOVE rt:processing:mail rt:dlq:mail RIGHT LEFT",
    ]
    #expect(try stepPasses(day: 4, step: step, after: taughtBefore) == false)
    #expect(try stepPasses(day: 4, step: step, after: example(day: 4, step: step)))
    for end in ["RIGHT", "LEFT"] {
      let byPosition = try example(
        day: 4, step: step, replacing: "MULTI", through: "EXEC",
        with: ["LMOVE rt:processing:mail rt:dlq:mail \(end) LEFT"])
      #expect(try stepPasses(day: 4, step: step, after: byPosition) == false, "\(end)")
    }
  }

  @Test func day4AckAndDeadLetterCardsRefuseRemovingByPosition() throws {
    try everySolutionPasses(day: 4, card: "ack-job")
    #expect(try cardPasses(day: 4, card: "ack-job", after: "LPOP rt:quiz:proc:ack") == false)
    #expect(try cardPasses(day: 4, card: "ack-job", after: "RPOP rt:quiz:proc:ack") == false)

    try everySolutionPasses(day: 4, card: "dead-letter-move")
    for wrong in [
      "LMOVE rt:quiz:proc:dlq rt:quiz:dlq:mail RIGHT LEFT",
      "LMOVE rt:quiz:proc:dlq rt:quiz:dlq:mail LEFT LEFT",
      "RPOPLPUSH rt:quiz:proc:dlq rt:quiz:dlq:mail",
    ] {
      #expect(try cardPasses(day: 4, card: "dead-letter-move", after: wrong) == false, "\(wrong)")
    }
  }

  @Test func day5ThirdFailureDeadLettersJob201ByValue() throws {
    let step = "attempt-3"
    let taughtBefore = [
      "ZREM rt:test:retry:email 201", "LPUSH rt:test:queue:email 201",
      "LMOVE rt:test:queue:email rt:test:processing:email RIGHT LEFT",
      "HINCRBY rt:test:job:201 attempts 1",
      "HSET rt:test:job:201 status dead last_error \"550 mailbox unavailable\"",
      "LMOVE rt:test:processing:email rt:test:dlq:email RIGHT LEFT",
    ]
    #expect(try stepPasses(day: 5, step: step, after: taughtBefore) == false)
    #expect(try stepPasses(day: 5, step: step, after: example(day: 5, step: step)))
    let byPosition = try example(
      day: 5, step: step, replacing: "MULTI", through: "EXEC",
      with: ["LMOVE rt:test:processing:email rt:test:dlq:email RIGHT LEFT"])
    #expect(try stepPasses(day: 5, step: step, after: byPosition) == false)
  }

  @Test func day7RetryCardRefusesPoppingTheProcessingList() throws {
    try everySolutionPasses(day: 7, card: "recap-retry")
    for pop in ["RPOP", "LPOP"] {
      let answer = "ZADD rt:quiz:rv:retry 1700000100 j3 ; \(pop) rt:quiz:rv:proc"
      #expect(try cardPasses(day: 7, card: "recap-retry", after: answer) == false, "\(pop)")
    }
  }

  // MARK: failure messages say what the server holds

  /// The failure lines of day 1's lock step after `answer`, on an empty server.
  private func lockStepFailures(after answer: [String]) throws -> [String] {
    let step = try #require(try lesson(1).allSteps.first { $0.id == "set-nx" })
    let check = try #require(step.check)
    _ = try connection.send("FLUSHALL")
    try send(answer)
    guard case .notYet(let failures) = try CheckRunner(connection: connection).run(check) else {
      return []
    }
    return failures.map(\.explanation)
  }

  @Test func day1LockWithATooLongTTLIsNotToldItHasNone() throws {
    let reason =
      " — the lock needs a TTL of at most 60 seconds, so a crashed holder's lock frees itself soon"
    let tooLong = try lockStepFailures(after: [
      "SET rt:lock:daily-report worker-1 NX EX 120", "SET rt:lock:daily-report worker-2 NX EX 120",
    ])
    #expect(tooLong.count == 1)
    // The TTL reads 120, or 119 when a slow machine crosses a second between SET and TTL.
    #expect(tooLong.first?.hasPrefix("TTL rt:lock:daily-report → (integer) 1") == true)
    #expect(tooLong.first?.hasSuffix(", expected an integer from 1 to 60" + reason) == true)
    #expect(tooLong.first?.contains("no expiry") == false)

    let withoutTTL = try lockStepFailures(after: ["SET rt:lock:daily-report worker-1 NX"])
    #expect(
      withoutTTL == [
        "TTL rt:lock:daily-report → (integer) -1 (the key has no expiry), expected an integer from 1 to 60"
          + reason
      ])
  }

  // MARK: prose says what the sandbox holds

  @Test func day3SlidingLogSaysTheLogIsEmptyUntilItsFirstZADD() throws {
    let steps = try lesson(3).steps(in: .sixHours)
    let index = try #require(steps.firstIndex { $0.id == "sliding-log" })
    _ = try connection.send("FLUSHALL")
    try send(steps[..<index].flatMap(\.example).map(\.text))
    #expect(try connection.send("ZCARD", "rt:rl:log:ip:10.0.0.1") == .integer(0))
    let step = steps[index]
    #expect(!step.prose.contains("already holds"))
    #expect(step.prose.contains("`rt:rl:log:ip:10.0.0.1` is empty so far"))
    let seed = try #require(step.example.first?.text)
    #expect(seed.hasPrefix("ZADD rt:rl:log:ip:10.0.0.1 1699999990000 "))
    try send([seed])
    #expect(try connection.send("ZCARD", "rt:rl:log:ip:10.0.0.1") == .integer(3))
  }

  // MARK: locks and idempotency claims need NX

  @Test func day1LockStepRefusesASecondSetWithoutNX() throws {
    #expect(try stepPasses(day: 1, step: "set-nx", after: example(day: 1, step: "set-nx")))
    let withoutNX = [
      "SET rt:lock:daily-report worker-1 EX 60", "SET rt:lock:daily-report worker-2 EX 60",
    ]
    #expect(try stepPasses(day: 1, step: "set-nx", after: withoutNX) == false)
  }

  @Test func day1LockCardRefusesTakingAHeldLock() throws {
    try everySolutionPasses(day: 1, card: "lock-nx-ex")
    for wrong in [
      "SET rt:quiz:lock:report w1 EX 10 ; SET rt:quiz:lock:export w1 EX 10",
      "SETEX rt:quiz:lock:report 10 w1 ; SETEX rt:quiz:lock:export 10 w1",
    ] {
      #expect(try cardPasses(day: 1, card: "lock-nx-ex", after: wrong) == false, "\(wrong)")
    }
  }

  @Test func day2ReloadLockRefusesASecondSetWithoutNX() throws {
    let step = "stampede-lock"
    let example = try example(day: 2, step: step)
    #expect(try stepPasses(day: 2, step: step, after: example))
    // The step's own key and lease (its numbers are drawn per learner), without NX.
    let withoutNX = example.map { $0.replacingOccurrences(of: " NX ", with: " ") }
    #expect(withoutNX != example)
    #expect(try stepPasses(day: 2, step: step, after: withoutNX) == false)

    try everySolutionPasses(day: 2, card: "reload-lock")
    let stealing =
      "PSETEX rt:quiz:lock:item:8 30000 req-c1 ; PSETEX rt:quiz:lock:item:9 30000 req-c1"
    #expect(try cardPasses(day: 2, card: "reload-lock", after: stealing) == false)
  }

  @Test func day5ClaimsTheIdempotencyKeyWithNXAndALease() throws {
    let step = "idempotency"
    // The step's own key and lease (its numbers are drawn per learner).
    let example = try example(day: 5, step: step)
    let claim = try #require(example.first)
    let lease = try #require(claim.range(of: " NX PX "))
    // A day-long claim is no lease: a worker that dies before sending blocks the email.
    let dayLong = [String(claim[..<lease.lowerBound]) + " NX EX 86400"]
    #expect(try stepPasses(day: 5, step: step, after: dayLong) == false)
    let withoutNX = example.map { $0.replacingOccurrences(of: " NX ", with: " ") }
    #expect(try stepPasses(day: 5, step: step, after: withoutNX) == false)
    #expect(try stepPasses(day: 5, step: step, after: example))

    try everySolutionPasses(day: 5, card: "idem-claim")
    for wrong in [
      "SET rt:quiz:idem:receipt:order:9 job:81 PX 60000 ; SET rt:quiz:idem:receipt:order:8 job:81 PX 60000",
      "SETEX rt:quiz:idem:receipt:order:9 60 job:81 ; SETEX rt:quiz:idem:receipt:order:8 60 job:81",
    ] {
      #expect(try cardPasses(day: 5, card: "idem-claim", after: wrong) == false, "\(wrong)")
    }
  }

  @Test func day5DuplicateJobIsSkippedByAFailedClaimNotAnOverwrite() throws {
    let step = "duplicate"
    // Check, send, then record: two copies running at once would both have sent.
    let checkThenRecord = [
      "EXISTS rt:sent:welcome:user:43", "SET rt:sent:welcome:user:43 102 NX EX 604800",
      "HSET rt:job:102 status done", "LREM rt:processing:email 1 102",
      "EXISTS rt:sent:welcome:user:42", "HSET rt:job:103 status duplicate",
      "LREM rt:processing:email 1 103",
    ]
    #expect(try stepPasses(day: 5, step: step, after: checkThenRecord) == false)
    #expect(try stepPasses(day: 5, step: step, after: example(day: 5, step: step)))
    let overwriting = try example(
      day: 5, step: step, replacing: "SET rt:idem:welcome:user:42 103 NX PX 60000",
      through: "SET rt:idem:welcome:user:42 103 NX PX 60000",
      with: ["SET rt:idem:welcome:user:42 103 PX 60000"])
    #expect(try stepPasses(day: 5, step: step, after: overwriting) == false)
  }

  // MARK: a window's expiry is set once

  @Test func day1TransactionKeepsTheRunningMinutesEnd() throws {
    let step = "go-pipeline"
    let everyHit = ["MULTI", "INCR rt:go:pipe:hits", "EXPIRE rt:go:pipe:hits 60", "EXEC"]
    #expect(try stepPasses(day: 1, step: step, after: everyHit) == false)
    #expect(try stepPasses(day: 1, step: step, after: example(day: 1, step: step)))
    let resetting = try example(
      day: 1, step: step, replacing: "EXPIRE rt:go:pipe:hits 60 NX",
      through: "EXPIRE rt:go:pipe:hits 60 NX", with: ["EXPIRE rt:go:pipe:hits 60"])
    #expect(try stepPasses(day: 1, step: step, after: resetting) == false)
  }
}
