import Foundation
import RedisClient

/// THE WRONG WAY: a fixed-window limiter that reads, decides in the client, then writes.
///
/// It exists to be beaten in the race demo. GET the counter, and if it is under the limit,
/// SET it to count + cost: two round trips with nothing holding other clients off in
/// between. Concurrent clients all read the same count, all decide "under the limit" and
/// all get in; their SETs then overwrite each other, so the counter even under-counts
/// (lost updates). It also reads the client's clock, so clients with skewed clocks count
/// in different windows. Use a `RedisRateLimiter`, whose script does all this atomically
/// with Redis's time.
public final class NaiveLimiter: RateLimiter {
  public let rule: RateLimitRule
  /// Where the keys live.
  public let keys: RateLimitKeys
  private let connection: Connection
  private let clock: DemoClock
  private let afterRead: @Sendable (_ key: String, _ count: Int) -> Void

  /// A naive limiter over `connection`, reading time from `clock`.
  ///
  /// - Parameter afterRead: runs between the GET and the SET, with the key and the count
  ///   read; tests and the demo block in it to make every client read before any writes.
  public init(
    rule: RateLimitRule, connection: Connection, clock: DemoClock = .system,
    keys: RateLimitKeys = RateLimitKeys(),
    afterRead: @escaping @Sendable (_ key: String, _ count: Int) -> Void = { _, _ in }
  ) throws {
    if let problem = rule.problem() { throw RateLimitError.invalidRule(problem) }
    self.rule = rule
    self.connection = connection
    self.clock = clock
    self.keys = keys
    self.afterRead = afterRead
  }

  public func decide(key: String, cost: Int = 1) throws -> RateLimitDecision {
    guard (1...rule.limit).contains(cost) else {
      throw RateLimitError.invalidCost(cost: cost, capacity: rule.limit)
    }
    let now = Int64((clock.now() * 1_000_000).rounded())
    let period = rule.periodMicroseconds
    let windowStart = now - now % period
    let windowLeft = windowStart + period - now
    let redisKey = "\(keys.naive(id: key)):\(windowStart / 1000)"
    let count = Int(try connection.limiterSend(["GET", redisKey]).integer ?? 0)
    afterRead(redisKey, count)
    let secondsLeft = Double(windowLeft) / 1_000_000
    guard count + cost <= rule.limit else {
      return RateLimitDecision(
        allowed: false, limit: rule.limit, remaining: max(0, rule.limit - count),
        retryAfter: secondsLeft, resetAfter: secondsLeft, time: Double(now) / 1_000_000)
    }
    try connection.limiterSend([
      "SET", redisKey, String(count + cost), "PX", String(max(1, (windowLeft + 999) / 1000)),
    ])
    return RateLimitDecision(
      allowed: true, limit: rule.limit, remaining: rule.limit - count - cost, retryAfter: nil,
      resetAfter: secondsLeft, time: Double(now) / 1_000_000)
  }
}
