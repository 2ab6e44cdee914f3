/// The five ways the limiters count requests, each one Lua script.
///
/// The raw values are the names the rules file and the command line use.
public enum RateLimitAlgorithm: String, Sendable, Hashable, Codable, CaseIterable,
  CustomStringConvertible
{
  /// A counter per client per window, reset when the window ends. Cheap, but lets up to
  /// twice the limit through across a window edge.
  case fixedWindow = "fixed-window"
  /// A sorted set of the timestamps of the client's recent requests. Exact in every window;
  /// memory grows with the limit.
  case slidingWindowLog = "sliding-window-log"
  /// The current and previous windows' counters, the previous one weighted by how much of
  /// it still overlaps the sliding window (Cloudflare's approximation).
  case slidingWindowCounter = "sliding-window-counter"
  /// Tokens refilled at the rate up to the burst; each request takes one (Stripe's limiter).
  case tokenBucket = "token-bucket"
  /// The generic cell rate algorithm: one stored time, the theoretical arrival time
  /// (go-redis/redis_rate).
  case gcra

  /// Whether the algorithm takes a burst (a bucket size) besides the rate.
  public var usesBurst: Bool { self == .tokenBucket || self == .gcra }

  /// The Lua source the limiter loads with SCRIPT LOAD and calls with EVALSHA.
  public var scriptSource: String { RateLimitScripts.source(for: self) }

  /// A short display name such as "sliding log".
  public var displayName: String {
    switch self {
    case .fixedWindow: return "fixed window"
    case .slidingWindowLog: return "sliding log"
    case .slidingWindowCounter: return "sliding counter"
    case .tokenBucket: return "token bucket"
    case .gcra: return "GCRA"
    }
  }

  public var description: String { rawValue }

  /// The names, joined for an error message: "a, b, c or d".
  static var nameList: String {
    let names = allCases.map(\.rawValue)
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
  }
}
