import Foundation
import Testing

/// `redis-tutor test` on the rate limiter stages, as built.
///
/// day3-limiter's reference passes every expectation and each known-bad limiter fails the
/// expectation that names its mistake; the sliding-window reference passes the bonus stage,
/// where the fixed window fails with the edge burst; the Python starter fails the first
/// expectation with its TODO. Nothing is left running and no key is left on the server.
@Suite("End to end: the limiter stages", .serialized)
struct LimiterStageTests {
  /// The stage tester's helpers, with a redis-server of their own.
  let tester: StageTesterTests
  init() throws { tester = try StageTesterTests() }

  static let day3 = [
    "limit-per-address", "keys-expire", "retry-after", "allowed-again", "concurrent-requests",
    "route-limits",
  ]

  /// Runs `program` (under testers/references) on `stage` and checks that it passed every
  /// expectation before `failing` and stopped at `failing`, and that it left nothing behind.
  func run(
    _ stage: String, _ program: String, failsAt failing: String?, expectations: [String]
  ) throws -> String {
    let result = try tester.test(stage, tester.reference(program))
    let text = result.output + result.stderr
    #expect(result.status == (failing == nil ? 0 : 1), "\(text)")
    for name in expectations {
      if name == failing {
        #expect(text.contains("✗ \(name): "), "\(text)")
        break
      }
      #expect(text.contains("✓ \(name): "), "\(text)")
    }
    #expect(try tester.leftoverKeys() == [])
    #expect(StageTesterTests.processes(holding: "testers/references/\(program)") == [])
    return text
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func theReferencePassesEveryExpectation()
    throws
  {
    let text = try run(
      "day3-limiter", "day3-limiter/service.py", failsAt: nil, expectations: Self.day3)
    #expect(text.contains("All 6 expectations passed: stage day3-limiter done."), "\(text)")
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func getThenSetFailsConcurrentRequests()
    throws
  {
    let text = try run(
      "day3-limiter", "day3-limiter/bad_get_then_set.py", failsAt: "concurrent-requests",
      expectations: Self.day3)
    #expect(
      text.contains("not on a GET before a SET"), "the race is named: \(text)")
    #expect(text.contains("    the tester sent (address, route: answers):\n"), "\(text)")
    #expect(text.contains("the fix is taught in day 3, step atomicity"), "\(text)")
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func expireOnEveryRequestFailsAllowedAgain()
    throws
  {
    let text = try run(
      "day3-limiter", "day3-limiter/bad_expire_every_request.py", failsAt: "allowed-again",
      expectations: Self.day3)
    #expect(text.contains("the window did not end: is the counter's TTL renewed"), "\(text)")
    #expect(text.contains("step expire-nx"), "\(text)")
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func theTTLAsRetryAfterFailsRetryAfter()
    throws
  {
    let text = try run(
      "day3-limiter", "day3-limiter/bad_ttl_retry_after.py", failsAt: "retry-after",
      expectations: Self.day3)
    #expect(text.contains("not the key's TTL or the whole window"), "\(text)")
    #expect(text.contains("    response:\n      429 "), "\(text)")
    #expect(text.contains("Retry-After: "), "the response shows the header: \(text)")
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func countersWithoutTTLFailKeysExpire()
    throws
  {
    let text = try run(
      "day3-limiter", "day3-limiter/bad_no_ttl.py", failsAt: "keys-expire",
      expectations: Self.day3)
    #expect(text.contains("has no TTL after the requests"), "\(text)")
    #expect(text.contains("string  no TTL"), "the report shows the counter: \(text)")
    #expect(text.contains("      from 127.0.0.2 GET /items/"), "what the tester sent: \(text)")
    #expect(text.contains(": 5× 200, 3× 429"), "\(text)")
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func aSlidingLogPassesAndAFixedWindowFails()
    throws
  {
    let expectations = ["no-edge-burst", "passes-again"]
    let good = try run(
      "sliding-window", "sliding-window/service.py", failsAt: nil, expectations: expectations)
    #expect(good.contains("All 2 expectations passed: stage sliding-window done."), "\(good)")
    let fixed = try run(
      "sliding-window", "day3-limiter/service.py", failsAt: "no-edge-burst",
      expectations: expectations)
    #expect(fixed.contains("the 2× burst at the edge of a fixed window"), "\(fixed)")
    #expect(fixed.contains("step sliding-log"), "\(fixed)")
  }

  @Test(.enabled(if: StageTesterTests.python != nil)) func theStarterFailsTheFirstExpectation()
    throws
  {
    let result = try tester.test(
      "day3-limiter",
      [StageTesterTests.python!, StageTesterTests.root + "/starters/day3-limiter/python/main.py"])
    let text = result.output
    #expect(result.status == 1, "\(text)\(result.stderr)")
    #expect(text.contains("✗ limit-per-address: "), "\(text)")
    #expect(text.contains("got 501; the first 5 must pass with 200"), "\(text)")
    #expect(text.contains("TODO: the rate limiter is not written yet"), "\(text)")
    #expect(try tester.leftoverKeys() == [])
  }
}
