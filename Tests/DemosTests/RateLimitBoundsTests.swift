import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// The limiters at the edges: the largest rules they accept, the ones they refuse, and a
/// rate whose emission interval is not a whole number of microseconds.
@Suite("Rate limit bounds")
struct RateLimitBoundsTests {
  let bed: RateLimitTestBed
  init() throws { bed = try RateLimitTestBed() }

  /// The largest rule every bound allows.
  static let largest = RateLimitRule(
    limit: RateLimitRule.maximumLimit, period: RateLimitRule.maximumWindow,
    burst: RateLimitRule.maximumBurst)

  @Test func gcraCountsWhatRemainsExactlyWhenTheIntervalIsNotWhole() throws {
    // One request per 166 666.67 µs: a TAT kept in absolute microseconds rounds it.
    let limiter = try bed.limiter(.gcra, .perSecond(6, burst: 6))
    let decisions = try (0..<7).map { _ in try limiter.decide(key: "client") }
    #expect(decisions.map(\.allowed) == [true, true, true, true, true, true, false])
    #expect(decisions.map(\.remaining) == [5, 4, 3, 2, 1, 0, 0])
    // The sixth request is a whole second ahead, the denied seventh waits one interval.
    #expect(abs(decisions[5].resetAfter - 1) < 1e-6)
    #expect(abs((decisions[6].retryAfter ?? 0) - 0.166667) < 1e-6)
  }

  @Test func theTokenBucketWorksAtTheLargestSettingsAndItsHashExpires() throws {
    // One token an hour and a million-token bucket: refilling it takes 114 years.
    let rule = RateLimitRule(
      limit: 1, period: RateLimitRule.maximumWindow, burst: RateLimitRule.maximumBurst)
    let limiter = try bed.limiter(.tokenBucket, rule)
    let emptied = try limiter.decide(key: "client", cost: RateLimitRule.maximumBurst)
    #expect(emptied.allowed && emptied.remaining == 0)
    let denied = try limiter.decide(key: "client")
    #expect(!denied.allowed)
    #expect(abs((denied.retryAfter ?? 0) - 3600) < 1e-6)
    let connection = try bed.server.connect()
    let key = try #require(try limiter.keys.existingKeys(using: connection).first)
    let hours = Int(RateLimitRule.maximumBurst) * 3600 * 1000
    let ttl = try #require(try connection.send("PTTL", key).integer)
    #expect(ttl > hours - 60_000 && ttl <= hours, "PTTL \(ttl)")
  }

  /// The largest rule, spent in one request and asked again at the same instant: every
  /// algorithm decides, and every key it writes has a TTL.
  @Test(arguments: [
    RateLimitAlgorithm.fixedWindow, .slidingWindowCounter, .tokenBucket, .gcra,
  ])
  func everyAlgorithmWorksAtTheLargestSettings(algorithm: RateLimitAlgorithm) throws {
    let limiter = try bed.limiter(algorithm, Self.largest)
    let first = try limiter.decide(key: "client", cost: limiter.capacity)
    #expect(first.allowed && first.remaining == 0)
    let second = try limiter.decide(key: "client")
    #expect(!second.allowed && second.remaining == 0)
    let connection = try bed.server.connect()
    let keys = try limiter.keys.existingKeys(using: connection)
    #expect(!keys.isEmpty)
    for key in keys {
      let ttl = try #require(try connection.send("PTTL", key).integer)
      #expect(ttl > 0, "\(key) has PTTL \(ttl)")
    }
  }

  @Test(arguments: [
    (
      RateLimitRule(limit: 1_000_001, period: 1),
      "The limit must be at most 1000000 requests (got 1000001)"
    ),
    (
      RateLimitRule(limit: 1, period: 31_536_000, burst: 1_000_000_000),
      "The window must be between 0.001 and 3600 seconds (got 31536000)"
    ),
    (
      RateLimitRule(limit: 1, period: 3600, burst: 1_000_000_000),
      "The burst must be at most 1000000 requests (got 1000000000)"
    ),
  ])
  func rulesBeyondTheBoundsAreRefused(rule: RateLimitRule, message: String) throws {
    #expect(throws: RateLimitError.invalidRule(message)) {
      try bed.limiter(.tokenBucket, rule)
    }
  }
}
