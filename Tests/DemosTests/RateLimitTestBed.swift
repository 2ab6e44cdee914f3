import Demos
import Foundation
import Patterns
import RedisClient
import TutorTestSupport

/// A real redis-server and a manual clock at a whole second: what every limiter test starts
/// from.
final class RateLimitTestBed: Sendable {
  /// The manual clock's start: a whole second, so one-second windows start at t = 0.
  static let start = 1_700_000_000.0
  let server: RedisServerFixture
  let manualClock: ManualDemoClock

  init() throws {
    server = try RedisServerFixture()
    manualClock = ManualDemoClock(start: Self.start)
  }

  /// Sets the manual clock to `offset` seconds after the start.
  func at(_ offset: Double) { manualClock.set(Self.start + offset) }

  /// A limiter with its own connection, on the manual clock unless told otherwise.
  func limiter(
    _ algorithm: RateLimitAlgorithm, _ rule: RateLimitRule, timeSource: LimiterTimeSource? = nil
  ) throws -> RedisRateLimiter {
    try RedisRateLimiter(
      algorithm: algorithm, rule: rule, connection: server.connect(),
      timeSource: timeSource ?? .client(manualClock.clock))
  }

  /// How many of `count` requests by `key` the limiter allows.
  static func allowed(_ limiter: any RateLimiter, _ count: Int, key: String = "client") throws
    -> Int
  {
    var allowed = 0
    for _ in 0..<count where try limiter.decide(key: key).allowed { allowed += 1 }
    return allowed
  }
}
