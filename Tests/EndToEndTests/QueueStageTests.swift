import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// `redis-tutor test day4-queue` and `reliable-queue`, as built, on a real redis-server: the
/// reference workers pass, each known-bad worker fails with its named expectation, the
/// Python starter fails the first one, and no worker process and no key is left behind.
@Suite("End to end: the queue stages", .serialized)
struct QueueStageTests {
  let redis: RedisServerFixture
  init() throws { redis = try RedisServerFixture() }

  static var python: String? { StageTesterTests.python }

  /// Runs `redis-tutor test STAGE` on the fixture's server with a Python program.
  func test(_ stage: String, _ program: String, options: [String] = [])
    throws -> TutorBinary.Result
  {
    try TutorBinary.run(
      ["test", stage, "--redis-url", "redis://127.0.0.1:\(redis.port)/0", "--yes"] + options
        + ["--", Self.python!, StageTesterTests.root + "/" + program],
      environment: ["PYTHONDONTWRITEBYTECODE": "1"], deadline: 120)
  }

  /// Checks that the run left no key on the server and no process of `program` running.
  func expectNothingLeft(_ program: String) throws {
    let keys = try redis.connect().send("KEYS", "*").array?.compactMap(\.string) ?? []
    #expect(keys == [], "keys left: \(keys)")
    #expect(StageTesterTests.processes(holding: program) == [])
  }

  @Test(.enabled(if: python != nil)) func day4ReferencePassesEveryExpectation() throws {
    let program = "testers/references/day4-queue/worker.py"
    let result = try test("day4-queue", program)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    for name in ["jobs-done", "retries-back-off", "dead-letter"] {
      #expect(result.output.contains("✓ \(name): "), "\(result.output)")
    }
    #expect(result.output.contains("All 3 expectations passed: stage day4-queue done."))
    try expectNothingLeft(program)
  }

  @Test(.enabled(if: python != nil)) func theReliableWorkerPassesBothStages() throws {
    let program = "testers/references/reliable-queue/reliable_worker.py"
    let day4 = try test("day4-queue", program)
    #expect(day4.status == 0, "\(day4.output)\(day4.stderr)")
    let reliable = try test("reliable-queue", program)
    #expect(reliable.status == 0, "\(reliable.output)\(reliable.stderr)")
    #expect(reliable.output.contains("✓ survives-kill: "), "\(reliable.output)")
    try expectNothingLeft(program)
  }

  @Test(.enabled(if: python != nil)) func aWorkerThatRecoversNothingFailsAfterTheRestart() throws {
    let program = "testers/references/reliable-queue/bad_no_recovery.py"
    let result = try test("reliable-queue", program)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✗ survives-kill: "), "\(text)")
    #expect(text.contains("-crash-1 was not done after the restart: on start, move"), "\(text)")
    #expect(
      text.split(separator: "\n").contains {
        $0.contains(":processing ") && $0.contains("  list  ")
      }, "the job is still in processing: \(text)")
    #expect(text.contains("the fix is taught in day 4, step recover"), "\(text)")
    try expectNothingLeft(program)
  }

  @Test(.enabled(if: python != nil)) func aWorkerWithoutRetriesFailsRetriesBackOff() throws {
    let program = "testers/references/day4-queue/bad_no_retry.py"
    let result = try test("day4-queue", program)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✓ jobs-done: "), "\(text)")
    #expect(text.contains("✗ retries-back-off: "), "\(text)")
    #expect(
      text.contains("on its first try and was never tried again: a 5xx is transient"), "\(text)")
    #expect(text.contains("    request sent: LPUSH rt:test:day4-queue:"), "\(text)")
    #expect(text.contains("    the job sink saw:\n      job "), "\(text)")
    #expect(text.contains("tries: 500 at "), "the sink's answers are shown: \(text)")
    #expect(
      text.split(separator: "\n").contains { $0.contains(":dead ") && $0.contains("  list  ") },
      "the dead list is among the keys: \(text)")
    #expect(text.contains("the fix is taught in day 4, step backoff"), "\(text)")
    #expect(text.contains("1 of 3 expectations passed; stopped at retries-back-off."))
    try expectNothingLeft(program)
  }

  @Test(.enabled(if: python != nil)) func deadLetteringByPositionFailsWithTwoLoops() throws {
    let program = "testers/references/day4-queue/bad_dead_by_position.py"
    let result = try test("day4-queue", program)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✓ retries-back-off: "), "\(text)")
    #expect(text.contains("✗ dead-letter: "), "\(text)")
    #expect(text.contains("-held-1, which was still being worked on"), "\(text)")
    #expect(text.contains("you dead-lettered by position"), "\(text)")
    #expect(text.contains("tries: held at "), "\(text)")
    #expect(text.contains("the fix is taught in day 4, step dead-letter"), "\(text)")
    try expectNothingLeft(program)
  }

  @Test(.enabled(if: python != nil)) func aBRPOPWorkerLosesTheKilledJob() throws {
    let program = "testers/references/day4-queue/worker.py"
    let result = try test("reliable-queue", program)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✗ survives-kill: "), "\(text)")
    #expect(
      text.contains("-crash-1 is not in rt:test:reliable-queue:"), "\(text)")
    #expect(text.contains("only in the dead worker's memory and is lost"), "\(text)")
    #expect(text.contains("held at "), "\(text)")
    #expect(text.contains(", then the worker hung up; done 0×"), "the sink saw the kill: \(text)")
    #expect(text.contains("the fix is taught in day 4, step recover"), "\(text)")
    try expectNothingLeft(program)
  }

  @Test(.enabled(if: python != nil)) func thePythonStarterFailsTheFirstExpectation() throws {
    let program = "starters/day4-queue/python/main.py"
    let result = try test("day4-queue", program)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✗ jobs-done: "), "\(text)")
    #expect(text.contains("was taken from the queue but never tried: POST"), "\(text)")
    #expect(text.contains("TODO: job "), "the starter's TODO is shown: \(text)")
    #expect(text.contains("0 of 3 expectations passed; stopped at jobs-done."))
    try expectNothingLeft(program)
  }

  /// The Go reference (GoReferenceTests runs it on day4-queue) passes the bonus stage too.
  @Test(
    .enabled(
      if: GoReferenceTests.toolchainInstalled,
      "needs go and redigo: install golang-go and golang-github-gomodule-redigo-dev (make deps)"))
  func theGoReferenceWorkerSurvivesTheKill() throws {
    let scratch = try TemporaryDirectory.make(prefix: "go-reference")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let binary = try GoReferenceTests.build("day4-queue", into: scratch)
    let result = try TutorBinary.run(
      ["test", "reliable-queue", "--redis-url", "redis://127.0.0.1:\(redis.port)/0", "--yes"]
        + ["--", binary], deadline: 120)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("✓ survives-kill: "), "\(result.output)")
    try expectNothingLeft(binary)
  }

  @Test func listShowsTheQueueStagesAsWorkers() throws {
    let one = try TutorBinary.run(["test", "list", "day4-queue"])
    #expect(one.status == 0, "\(one.stderr)")
    #expect(
      one.output.contains("    REDIS_URL, KEY_PREFIX\n"), "a worker gets no PORT: \(one.output)")
    #expect(
      one.output.contains("    SINK_URL  the job sink: POST SINK_URL/attempt"), "\(one.output)")
    #expect(one.output.contains("      taught in day 4, step dead-letter"), "\(one.output)")
    let all = try TutorBinary.run(["test", "list"])
    #expect(all.output.contains("Day 4  day4-queue: "), "\(all.output)")
    #expect(all.output.contains("Day 4  reliable-queue: "), "\(all.output)")
  }
}
