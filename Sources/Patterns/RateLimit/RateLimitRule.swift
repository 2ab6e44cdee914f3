/// A limit: so many requests per period, and for the bucket algorithms how many at once.
public struct RateLimitRule: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
  /// Requests allowed per period.
  public var limit: Int
  /// The period (window) in seconds.
  public var period: Double
  /// How many requests may arrive at once (the bucket size), for token bucket and GCRA.
  ///
  /// nil means `limit`. The windowed algorithms ignore it.
  public var burst: Int?

  public init(limit: Int, period: Double, burst: Int? = nil) {
    self.limit = limit
    self.period = period
    self.burst = burst
  }

  /// `limit` requests per second.
  public static func perSecond(_ limit: Int, burst: Int? = nil) -> RateLimitRule {
    RateLimitRule(limit: limit, period: 1, burst: burst)
  }

  /// `limit` requests per minute.
  public static func perMinute(_ limit: Int, burst: Int? = nil) -> RateLimitRule {
    RateLimitRule(limit: limit, period: 60, burst: burst)
  }

  /// The most requests one decision can ever allow: the burst for the bucket algorithms,
  /// the limit for the windowed ones.
  public func capacity(for algorithm: RateLimitAlgorithm) -> Int {
    algorithm.usesBurst ? (burst ?? limit) : limit
  }

  /// The period in whole microseconds, the unit the scripts count in.
  var periodMicroseconds: Int64 { Int64((period * 1_000_000).rounded()) }

  /// The most requests a rule may allow per window.
  public static let maximumLimit = 1_000_000
  /// The largest burst a rule may allow.
  public static let maximumBurst = 1_000_000
  /// The shortest window, in seconds: the scripts count whole microseconds.
  public static let minimumWindow = 0.001
  /// The longest window, in seconds (an hour).
  ///
  /// The scripts multiply a count (at most the limit or burst) by the window in
  /// microseconds, and add two such products; with these bounds every number stays below
  /// 2^53, so a Lua double holds it exactly and prints it without an exponent.
  public static let maximumWindow = 3600.0

  /// One line saying what is impossible about the rule, or nil when it can be enforced.
  public func problem() -> String? {
    if limit < 1 { return "The limit must be at least 1 request (got \(limit))" }
    if limit > Self.maximumLimit {
      return "The limit must be at most \(Self.maximumLimit) requests (got \(limit))"
    }
    if !(period > 0) || !period.isFinite {
      return "The window must be a positive number of seconds (got \(Self.text(period)))"
    }
    if period < Self.minimumWindow || period > Self.maximumWindow {
      return "The window must be between \(Self.text(Self.minimumWindow)) and "
        + "\(Self.text(Self.maximumWindow)) seconds (got \(Self.text(period)))"
    }
    if let burst, burst < 1 { return "The burst must be at least 1 request (got \(burst))" }
    if let burst, burst > Self.maximumBurst {
      return "The burst must be at most \(Self.maximumBurst) requests (got \(burst))"
    }
    return nil
  }

  /// "10 per 1 s" or "10 per 1 s, burst 20".
  public var description: String {
    if let burst { return "\(limit) per \(Self.text(period)) s, burst \(burst)" }
    return "\(limit) per \(Self.text(period)) s"
  }

  /// A number of seconds as a person would write it: 1, -1, 0.5.
  static func text(_ seconds: Double) -> String {
    seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
  }
}
