import Foundation
import RedisClient

/// A rate limiter in Redis: one of the five algorithms, one EVALSHA per decision.
///
/// The script reads the client's state, decides and writes in one atomic step, with the
/// time from Redis `TIME` (or from the client's clock under `.client`, for tests and the
/// clock-skew demo). Every key it writes has an expiry, so idle clients cost nothing.
/// Holds a blocking connection: one limiter per thread.
public final class RedisRateLimiter: RateLimiter {
  /// How the limiter counts.
  public let algorithm: RateLimitAlgorithm
  public let rule: RateLimitRule
  /// Where the keys live.
  public let keys: RateLimitKeys
  /// Whose clock the script reads.
  public let timeSource: LimiterTimeSource
  private let connection: Connection
  private let script: LimiterScript
  /// Makes sliding-log members unique across limiters and processes.
  private let memberSuffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
  private var calls: UInt64 = 0

  /// A limiter over `connection`, which it then uses (from one thread at a time).
  ///
  /// Talks to Redis only when deciding. Throws `RateLimitError.invalidRule` for a rule
  /// that cannot be enforced.
  public init(
    algorithm: RateLimitAlgorithm, rule: RateLimitRule, connection: Connection,
    timeSource: LimiterTimeSource = .redis, keys: RateLimitKeys = RateLimitKeys()
  ) throws {
    if let problem = rule.problem() { throw RateLimitError.invalidRule(problem) }
    self.algorithm = algorithm
    self.rule = rule
    self.connection = connection
    self.timeSource = timeSource
    self.keys = keys
    self.script = LimiterScript(source: algorithm.scriptSource)
  }

  /// How many times the script was loaded: 1 after the first decision, more only after
  /// Redis forgot it (restart, SCRIPT FLUSH) and a NOSCRIPT reply made the limiter reload.
  public var scriptLoads: Int { script.loads }

  /// The most requests one decision can allow.
  public var capacity: Int { rule.capacity(for: algorithm) }

  public func decide(key: String, cost: Int = 1) throws -> RateLimitDecision {
    guard (1...capacity).contains(cost) else {
      throw RateLimitError.invalidCost(cost: cost, capacity: capacity)
    }
    let call = scriptCall(key: key, cost: cost)
    let reply = try script.run(on: connection, keys: call.keys, arguments: call.arguments)
    return try Self.decision(from: reply, limit: capacity)
  }

  /// Decides, and sends `companion` (a read the caller needs anyway, such as the GET of a
  /// cached item) in the same round trip; returns the decision and the companion's reply.
  public func decide(key: String, cost: Int = 1, with companion: [[UInt8]]) throws -> (
    RateLimitDecision, Reply
  ) {
    guard (1...capacity).contains(cost) else {
      throw RateLimitError.invalidCost(cost: cost, capacity: capacity)
    }
    let call = scriptCall(key: key, cost: cost)
    let (reply, companionReply) = try script.run(
      on: connection, keys: call.keys, arguments: call.arguments, with: companion)
    return (try Self.decision(from: reply, limit: capacity), companionReply)
  }

  /// The KEYS and ARGV of the EVALSHA for one decision, for benchmarks that replay it with
  /// `redis-benchmark` (`EVALSHA <sha> 1 key args...`).
  public func scriptCall(key: String, cost: Int = 1) -> (keys: [String], arguments: [String]) {
    calls &+= 1
    let extra: String
    switch algorithm {
    case .tokenBucket, .gcra: extra = String(capacity)
    case .slidingWindowLog: extra = "\(memberSuffix)-\(calls)"
    case .fixedWindow, .slidingWindowCounter: extra = ""
    }
    return (
      [keys.base(algorithm, id: key)],
      [
        timeSource.scriptArgument, String(rule.limit), String(rule.periodMicroseconds),
        String(cost), extra,
      ]
    )
  }

  /// Reads `{allowed, remaining, retry_after, reset_after, now}`.
  static func decision(from reply: Reply, limit: Int) throws -> RateLimitDecision {
    guard let parts = reply.array, parts.count == 5, let allowed = parts[0].integer,
      let remaining = parts[1].integer, let retryText = parts[2].string,
      let retry = Double(retryText), let resetText = parts[3].string,
      let reset = Double(resetText), let nowText = parts[4].string, let now = Double(nowText)
    else { throw RateLimitError.unexpectedReply(command: "EVALSHA", reply: reply) }
    return RateLimitDecision(
      allowed: allowed == 1, limit: limit, remaining: Int(remaining),
      retryAfter: retry < 0 ? nil : retry, resetAfter: reset, time: now / 1_000_000)
  }
}
