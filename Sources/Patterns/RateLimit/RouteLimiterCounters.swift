/// What the route limiters decided, per rule, counted across all their threads.
///
/// The near-limit and shadow counts are the numbers envoy's rate limit service reports:
/// how close clients come to a limit, and what a shadow rule would have blocked.
/// Thread-safe: several route limiters on several threads may share one.
public final class RouteLimiterCounters: Sendable {
  /// The counts of one rule.
  public struct Counts: Sendable, Equatable, Codable {
    /// Every request the rule decided.
    public var requests = 0
    /// Requests let through (including shadowed and failed-open ones).
    public var allowed = 0
    /// Requests refused (including failed-closed ones).
    public var denied = 0
    /// Allowed requests that used up at least the rule's near-limit share of the limit.
    public var nearLimit = 0
    /// Requests over the limit that shadow mode let through.
    public var shadowed = 0
    /// Requests allowed uncounted because Redis was unreachable.
    public var failedOpen = 0
    /// Requests denied because Redis was unreachable.
    public var failedClosed = 0

    public init() {}
  }

  private let counts = Locked([String: Counts]())

  public init() {}

  /// The counts per rule name ("default" or the route), for rules that decided anything.
  public func snapshot() -> [String: Counts] { counts.current }

  /// The counts of one rule (zero when it decided nothing).
  public func counts(for ruleName: String) -> Counts { counts.current[ruleName] ?? Counts() }

  /// Sets every counter back to zero.
  public func reset() { counts.withLock { $0 = [:] } }

  func record(_ decision: RateLimitDecision, rule ruleName: String) {
    counts.withLock { all in
      var entry = all[ruleName] ?? Counts()
      entry.requests += 1
      if decision.allowed { entry.allowed += 1 } else { entry.denied += 1 }
      if decision.nearLimit { entry.nearLimit += 1 }
      if decision.shadowed { entry.shadowed += 1 }
      if decision.failedOpen { entry.failedOpen += 1 }
      if decision.failedClosed { entry.failedClosed += 1 }
      all[ruleName] = entry
    }
  }
}
