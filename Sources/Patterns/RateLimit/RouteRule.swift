/// What a route's requests are limited by, and how the limiter behaves around the limit.
public struct RouteRule: Sendable, Equatable {
  /// Whose requests share one count.
  public enum Scope: String, Sendable, Equatable, Codable, CaseIterable {
    /// Each client IP has its own count on the route (`/login`: 5 per minute per IP).
    case ip
    /// All clients share one count on the route (a global cap).
    case route
  }

  /// The route this rule is for, such as "/login"; nil for the default rule.
  public var route: String?
  /// The limit.
  public var rule: RateLimitRule
  /// How requests are counted.
  public var algorithm: RateLimitAlgorithm
  /// Whose requests share one count.
  public var scope: Scope
  /// Count and report, but never block (to try a new limit on live traffic).
  public var shadow: Bool
  /// The share of the limit (0 < x ≤ 1) at or beyond which an allowed request counts as
  /// "near the limit".
  public var nearLimitThreshold: Double
  /// What to do when Redis cannot be reached.
  public var failureMode: FailureMode

  public init(
    route: String?, rule: RateLimitRule, algorithm: RateLimitAlgorithm = .slidingWindowCounter,
    scope: Scope = .ip, shadow: Bool = false, nearLimitThreshold: Double = 0.8,
    failureMode: FailureMode = .open
  ) {
    self.route = route
    self.rule = rule
    self.algorithm = algorithm
    self.scope = scope
    self.shadow = shadow
    self.nearLimitThreshold = nearLimitThreshold
    self.failureMode = failureMode
  }

  /// The name counters and reports use: the route, or "default".
  public var name: String { route ?? "default" }

  /// The limiter id for a request from `ip`: `route|ip` (per IP) or `route` (shared).
  ///
  /// The default rule uses `*`, so all unlisted routes share one count per IP.
  public func clientID(ip: String) -> String {
    let routePart = route ?? "*"
    switch scope {
    case .ip: return "\(routePart)|\(ip)"
    case .route: return routePart
    }
  }
}

/// What a limiter does when Redis cannot be reached.
///
/// A deliberate, visible choice: failing open keeps the service up without limits (fine
/// for `/items`), failing closed refuses everyone (safer for `/login` against password
/// guessing).
public enum FailureMode: String, Sendable, Equatable, Codable, CaseIterable {
  /// Allow the request, uncounted.
  case open
  /// Deny the request.
  case closed
}
