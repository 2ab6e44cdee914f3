/// A route limiter's answer for one request: which rule applied, and its decision.
public struct RouteDecision: Sendable, Equatable {
  /// The request's route, such as "/login".
  public var route: String
  /// The client's IP address.
  public var ip: String
  /// The rule that applied (the route's own, or the default).
  public var rule: RouteRule
  /// The decision, after shadow mode and the failure mode.
  public var decision: RateLimitDecision

  public init(route: String, ip: String, rule: RouteRule, decision: RateLimitDecision) {
    self.route = route
    self.ip = ip
    self.rule = rule
    self.decision = decision
  }

  /// Whether the request may go ahead.
  public var allowed: Bool { decision.allowed }
}
