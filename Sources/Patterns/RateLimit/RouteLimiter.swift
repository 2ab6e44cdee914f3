import RedisClient

/// Limits requests by route and client IP, following a `RuleSet`.
///
/// For each request it picks the route's rule (exact match, else the default), asks that
/// rule's limiter (one EVALSHA), then applies the rule's settings: shadow mode lets a denied
/// request through but counts it, the near-limit counter notes allowed requests at or past
/// the threshold, and when Redis cannot be reached the rule's failure mode decides, with
/// `failedOpen` or `failedClosed` set so the caller can say so. Holds one blocking
/// connection: one route limiter per thread (they may share the counters).
public final class RouteLimiter {
  /// The rules being enforced.
  public let rules: RuleSet
  /// What was decided, per rule.
  public let counters: RouteLimiterCounters
  /// Where the keys live.
  public let keys: RateLimitKeys
  /// Whose clock the scripts read.
  public let timeSource: LimiterTimeSource
  private let options: ConnectionOptions?
  private var connection: Connection?
  private var limiters: [String: RedisRateLimiter] = [:]

  /// A route limiter over `connection`, which it then uses from one thread at a time.
  public convenience init(
    rules: RuleSet, connection: Connection, timeSource: LimiterTimeSource = .redis,
    keys: RateLimitKeys = RateLimitKeys(), counters: RouteLimiterCounters = RouteLimiterCounters()
  ) throws {
    try self.init(
      rules: rules, connection: connection, options: nil, timeSource: timeSource, keys: keys,
      counters: counters)
  }

  /// A route limiter that connects on its first decision, so it can start (and fail open or
  /// closed) while Redis is down.
  ///
  /// Give the options a read timeout: with none, a hung server would hang every request.
  public convenience init(
    rules: RuleSet, options: ConnectionOptions, timeSource: LimiterTimeSource = .redis,
    keys: RateLimitKeys = RateLimitKeys(), counters: RouteLimiterCounters = RouteLimiterCounters()
  ) throws {
    try self.init(
      rules: rules, connection: nil, options: options, timeSource: timeSource, keys: keys,
      counters: counters)
  }

  private init(
    rules: RuleSet, connection: Connection?, options: ConnectionOptions?,
    timeSource: LimiterTimeSource, keys: RateLimitKeys, counters: RouteLimiterCounters
  ) throws {
    for rule in rules.allRules {
      if let problem = rule.rule.problem() {
        throw RateLimitError.invalidRule("The \(rule.name) rule: \(problem)")
      }
    }
    self.rules = rules
    self.connection = connection
    self.options = options
    self.timeSource = timeSource
    self.keys = keys
    self.counters = counters
  }

  /// Decides for one request to `route` from `ip`.
  ///
  /// Never throws for an unreachable Redis (the failure mode decides); throws
  /// `RateLimitError` for an error reply or a cost above the rule's capacity.
  public func decide(route: String, ip: String, cost: Int = 1) throws -> RouteDecision {
    try decide(route: route, ip: ip, cost: cost, with: nil).0
  }

  /// Decides, and sends `companion` in the same round trip when given (see
  /// `RedisRateLimiter.decide(key:cost:with:)`); its reply is nil when Redis was unreachable.
  public func decide(route: String, ip: String, cost: Int = 1, with companion: [[UInt8]]?)
    throws -> (RouteDecision, Reply?)
  {
    let routeRule = rules.rule(for: route)
    var decision: RateLimitDecision
    var companionReply: Reply?
    do {
      let limiter = try limiter(for: routeRule)
      if let companion {
        (decision, companionReply) = try limiter.decide(
          key: routeRule.clientID(ip: ip), cost: cost, with: companion)
      } else {
        decision = try limiter.decide(key: routeRule.clientID(ip: ip), cost: cost)
      }
      if decision.allowed {
        let used = Double(decision.limit - decision.remaining)
        decision.nearLimit = used >= routeRule.nearLimitThreshold * Double(decision.limit)
      } else if routeRule.shadow {
        decision.allowed = true
        decision.shadowed = true
        decision.retryAfter = nil
      }
    } catch let failure as RedisError {
      decision = Self.failureDecision(routeRule, reason: failure.description)
    }
    counters.record(decision, rule: routeRule.name)
    return (
      RouteDecision(route: route, ip: ip, rule: routeRule, decision: decision), companionReply
    )
  }

  /// The limiter of `rule`, made (and connected) on first use.
  private func limiter(for rule: RouteRule) throws -> RedisRateLimiter {
    if let existing = limiters[rule.name] { return existing }
    let connection: Connection
    if let open = self.connection {
      connection = open
    } else {
      // Only the options initializer leaves the connection to be made here.
      connection = try Connection(options!)
      self.connection = connection
    }
    let made = try RedisRateLimiter(
      algorithm: rule.algorithm, rule: rule.rule, connection: connection, timeSource: timeSource,
      keys: keys)
    limiters[rule.name] = made
    return made
  }

  private static func failureDecision(_ rule: RouteRule, reason: String) -> RateLimitDecision {
    let limit = rule.rule.capacity(for: rule.algorithm)
    var decision: RateLimitDecision
    switch rule.failureMode {
    case .open:
      decision = RateLimitDecision(
        allowed: true, limit: limit, remaining: limit, retryAfter: nil, resetAfter: 0)
      decision.failedOpen = true
    case .closed:
      // Ask clients to come back soon: the outage, not the client, is the reason.
      decision = RateLimitDecision(
        allowed: false, limit: limit, remaining: 0, retryAfter: 1, resetAfter: 0)
      decision.failedClosed = true
    }
    decision.failureReason = reason
    return decision
  }
}
