/// Something that decides whether a client may make a request now.
///
/// Every Redis-backed implementation makes its decision in one round trip: one EVALSHA of a
/// Lua script that reads the client's state, decides and writes the new state atomically.
/// Implementations hold a blocking connection, so one limiter belongs to one thread.
public protocol RateLimiter: AnyObject {
  /// The limit this limiter enforces.
  var rule: RateLimitRule { get }

  /// Decides whether the client `key` (an IP address, a user id, "route:ip") may spend
  /// `cost` requests now, and records them if it may.
  ///
  /// Throws `RateLimitError` for a cost outside 1...capacity or an error reply, and
  /// `RedisError` when Redis cannot be reached.
  func decide(key: String, cost: Int) throws -> RateLimitDecision
}

extension RateLimiter {
  /// Decides for one request (cost 1).
  public func decide(key: String) throws -> RateLimitDecision {
    try decide(key: key, cost: 1)
  }
}
