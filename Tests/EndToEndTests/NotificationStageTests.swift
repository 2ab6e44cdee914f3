import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// `redis-tutor test day5-notifications` and `day6-integration`, as built: the references
/// pass every expectation, each known-bad one fails with the named expectation, the starter
/// fails its first, and no key or process of the run is left behind.
@Suite("End to end: the notification stages", .serialized)
struct NotificationStageTests {
  static let python = StageTesterTests.python
  let redis: RedisServerFixture
  init() throws { redis = try RedisServerFixture() }

  /// Runs `redis-tutor test STAGE` on the fixture's server with python3 on `script`
  /// (relative to the repository's root).
  func test(_ stage: String, _ script: String) throws -> TutorBinary.Result {
    try TutorBinary.run(
      [
        "test", stage, "--redis-url", "redis://127.0.0.1:\(redis.port)/0", "--yes", "--",
        Self.python!, StageTesterTests.root + "/" + script,
      ], environment: ["PYTHONDONTWRITEBYTECODE": "1"], deadline: 180)
  }

  /// Keys the tester left on the server, and processes of `script` still running: none.
  func expectNothingLeft(_ script: String) throws {
    let connection = try redis.connect()
    #expect(try connection.send("KEYS", "*").array?.isEmpty == true)
    #expect(StageTesterTests.processes(holding: script) == [])
  }

  // MARK: day5-notifications

  @Test(.enabled(if: python != nil)) func day5ReferencePassesEveryExpectation() throws {
    let script = "testers/references/day5-notifications/service.py"
    let result = try test("day5-notifications", script)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    for name in [
      "accepted-quickly", "one-email-per-key", "retries-5xx", "dead-letter",
      "kill-loses-nothing", "sigterm-finishes",
    ] {
      #expect(result.output.contains("✓ \(name): "), "\(result.output)")
    }
    #expect(result.output.contains("All 6 expectations passed: stage day5-notifications done."))
    try expectNothingLeft(script)
  }

  @Test(.enabled(if: python != nil)) func sendingInTheHandlerFailsAcceptedQuickly() throws {
    let script = "testers/references/day5-notifications/bad_send_in_handler.py"
    let result = try test("day5-notifications", script)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✗ accepted-quickly: "), "\(text)")
    #expect(text.contains("had already delivered the email: store and queue the job"), "\(text)")
    #expect(text.contains("    request sent: POST /notifications with body {"), "\(text)")
    #expect(text.contains("    response:\n      202 Accepted"), "\(text)")
    #expect(
      text.contains("    the email provider saw:\n      POST /send, Idempotency-Key welcome-"),
      "\(text)")
    #expect(text.contains(": 1× 200 (1 delivery)"), "\(text)")
    #expect(text.contains("step enqueue (`:lesson 5`, then `:step enqueue`)"), "\(text)")
    try expectNothingLeft(script)
  }

  @Test(.enabled(if: python != nil)) func existsThenSendFailsOneEmailPerKey() throws {
    let script = "testers/references/day5-notifications/bad_exists_then_send.py"
    let result = try test("day5-notifications", script)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("✓ accepted-quickly: "), "\(result.output)")
    #expect(result.output.contains("✗ one-email-per-key: "), "\(result.output)")
    #expect(
      result.output.contains("checking EXISTS before sending races"), "\(result.output)")
    #expect(result.output.contains("step idempotency"), "\(result.output)")
    try expectNothingLeft(script)
  }

  @Test(.enabled(if: python != nil)) func noRetryFailsRetries5xx() throws {
    let script = "testers/references/day5-notifications/bad_no_retry.py"
    let result = try test("day5-notifications", script)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("✓ one-email-per-key: "), "\(result.output)")
    #expect(result.output.contains("✗ retries-5xx: "), "\(result.output)")
    #expect(
      result.output.contains("the provider answered 503 to the first 2 sends of receipt-"),
      "\(result.output)")
    #expect(result.output.contains(": 1× 503 (0 deliveries)"), "\(result.output)")
    try expectNothingLeft(script)
  }

  @Test(.enabled(if: python != nil)) func theStarterFailsOnlyAcceptedQuickly() throws {
    let script = "starters/day5-notifications/python/main.py"
    let result = try test("day5-notifications", script)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("✗ accepted-quickly: "), "\(result.output)")
    #expect(result.output.contains("expected status 202, got 501"), "\(result.output)")
    #expect(result.output.contains("TODO: POST /notifications"), "\(result.output)")
    #expect(result.output.contains("with 2 workers"), "\(result.output)")
    try expectNothingLeft(script)
  }

  // MARK: day6-integration

  @Test(.enabled(if: python != nil)) func day6ReferencePassesEveryExpectation() throws {
    let script = "testers/references/day6-integration/service.py"
    let result = try test("day6-integration", script)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    for name in [
      "miss-fills", "hit-skips-store", "write-invalidates", "notification-sent",
      "job-timing-lines",
    ] {
      #expect(result.output.contains("✓ \(name): "), "\(result.output)")
    }
    #expect(result.output.contains("All 5 expectations passed: stage day6-integration done."))
    try expectNothingLeft(script)
  }

  @Test(.enabled(if: python != nil)) func aWaitTimedFromTheTakeFailsJobTimingLines() throws {
    let script = "testers/references/day6-integration/bad_wait_from_take.py"
    let result = try test("day6-integration", script)
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("✓ notification-sent: "), "\(result.output)")
    #expect(result.output.contains("✗ job-timing-lines: "), "\(result.output)")
    #expect(result.output.contains("printed wait_ms 0, run_ms "), "\(result.output)")
    #expect(result.output.contains("but it waited in the queue at least "), "\(result.output)")
    #expect(result.output.contains(#"{"event": "job_done""#), "its lines: \(result.output)")
    try expectNothingLeft(script)
  }
}
