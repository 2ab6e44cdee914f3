/// A limiter's answer for one request, with what a client needs to back off politely.
public struct RateLimitDecision: Sendable, Equatable, Codable {
  /// Whether the request may go ahead.
  public var allowed: Bool
  /// The most requests the client may make at once: the limit for the windowed algorithms,
  /// the burst for token bucket and GCRA.
  public var limit: Int
  /// Requests the client may still make right now (0 when denied).
  public var remaining: Int
  /// Seconds until a request of the same cost would be allowed; nil when allowed.
  public var retryAfter: Double?
  /// Seconds until the client's state is back to full (nothing counted against it).
  public var resetAfter: Double
  /// The time the decision was made at, in seconds since the epoch, from Redis `TIME` or
  /// the client's clock (see `LimiterTimeSource`); nil when Redis could not be asked.
  public var time: Double?
  /// The limiter said no, but the rule is in shadow mode, so the request was let through.
  public var shadowed = false
  /// The request was allowed and used up at least the rule's near-limit share of the limit.
  public var nearLimit = false
  /// Redis could not be reached and the rule fails open: allowed without counting.
  public var failedOpen = false
  /// Redis could not be reached and the rule fails closed: denied without counting.
  public var failedClosed = false
  /// Why Redis could not be asked, when `failedOpen` or `failedClosed`.
  public var failureReason: String?

  public init(
    allowed: Bool, limit: Int, remaining: Int, retryAfter: Double?, resetAfter: Double,
    time: Double? = nil
  ) {
    self.allowed = allowed
    self.limit = limit
    self.remaining = remaining
    self.retryAfter = retryAfter
    self.resetAfter = resetAfter
    self.time = time
  }

  /// Whether Redis could not be asked and the failure mode decided instead.
  public var failed: Bool { failedOpen || failedClosed }

  /// The decision as HTTP response header fields, in the order a server would send them.
  ///
  /// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (whole seconds, rounded
  /// up) follow the IETF RateLimit header fields draft; `Retry-After` (RFC 9110, whole
  /// seconds, rounded up, at least 1) is sent only with a denial.
  public var headers: [(name: String, value: String)] {
    var fields: [(name: String, value: String)] = [
      ("RateLimit-Limit", String(limit)),
      ("RateLimit-Remaining", String(max(0, remaining))),
      ("RateLimit-Reset", String(Self.wholeSecondsRoundedUp(resetAfter, minimum: 0))),
    ]
    if !allowed {
      fields.append(
        ("Retry-After", String(Self.wholeSecondsRoundedUp(retryAfter ?? 1, minimum: 1))))
    }
    return fields
  }

  /// The header fields as lines such as "RateLimit-Remaining: 3".
  public var headerLines: [String] { headers.map { "\($0.name): \($0.value)" } }

  private static func wholeSecondsRoundedUp(_ seconds: Double, minimum: Int) -> Int {
    guard seconds.isFinite else { return minimum }
    // A float a hair above a whole number (0.1 * 3) must not add a second.
    let rounded = (seconds * 1_000_000).rounded() / 1_000_000
    return max(minimum, Int(rounded.rounded(.up)))
  }
}
