import Demos
import DeterministicRandom
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// Each Redis limiter against an exact model in whole-number arithmetic, on random traffic.
///
/// The models keep every quantity as an integer (microseconds, or fractions of a token or an
/// emission interval scaled to whole units), so any rounding in a Lua script shows up as a
/// different decision or a different `remaining`.
@Suite("Rate limit cross-check against exact models")
struct RateLimitCrossCheckTests {
  let bed: RateLimitTestBed
  init() throws { bed = try RateLimitTestBed() }

  /// One random rule and a seeded run of requests from two clients, decided by the Redis
  /// limiter and by the model on the same manual clock.
  ///
  /// Windows are whole minutes and the clock moves in whole seconds, and a bucket is never
  /// asked for its whole burst at once: then every key outlives, in real time, the next
  /// request that still needs it (Redis expires keys on its own clock, which the manual
  /// clock does not move).
  @Test(arguments: RateLimitAlgorithm.allCases)
  func everyDecisionMatchesTheExactModel(algorithm: RateLimitAlgorithm) throws {
    var random = SplitMix64(seed: 0x5EED_0000 + UInt64(algorithm.rawValue.count))
    for round in 0..<4 {
      // The first rule's emission interval, 120/7 s, is not a whole number of microseconds.
      let limit = round == 0 ? 7 : Int.random(in: 2...12, using: &random)
      let period = round == 0 ? 120 : 60 * Int.random(in: 1...3, using: &random)
      let burst =
        algorithm.usesBurst
        ? (round == 0 ? limit : Int.random(in: 2...(limit + 3), using: &random)) : nil
      let rule = RateLimitRule(limit: limit, period: Double(period), burst: burst)
      let limiter = try bed.limiter(algorithm, rule)
      var model = ExactLimiterModel(
        algorithm: algorithm, limit: limit, period: Int64(period) * 1_000_000,
        burst: burst ?? limit)
      let largestCost = algorithm.usesBurst ? Int(model.burst) - 1 : min(3, limit)
      let emissionSeconds = max(1, period / limit)
      var now = Int64(RateLimitTestBed.start) * 1_000_000 + Int64(round) * 86_400_000_000
      var allowedCount = 0
      for index in 0..<150 {
        if Bool.random(using: &random) {
          now += Int64(Int.random(in: 1...(2 * emissionSeconds), using: &random)) * 1_000_000
        }
        bed.manualClock.set(Double(now) / 1_000_000)
        let key = "client-\(round)-\(Int.random(in: 0...1, using: &random))"
        let cost = Int.random(in: 1...largestCost, using: &random)
        let decision = try limiter.decide(key: key, cost: cost)
        let expected = model.decide(key: key, cost: cost, now: now)
        let context = "\(rule), request \(index), cost \(cost), at +\(now % 86_400_000_000) µs"
        try #require(decision.allowed == expected.allowed, "\(context)")
        try #require(decision.remaining == expected.remaining, "\(context)")
        if decision.allowed { allowedCount += 1 }
      }
      // The run must exercise both answers, or it checks less than it seems to.
      #expect(allowedCount > 0 && allowedCount < 150, "\(rule): \(allowedCount) allowed")
    }
  }
}

/// The five algorithms as exact models: whole numbers only, state per client in memory.
///
/// Times are microseconds. Expiry is not modelled: a key the scripts let expire holds
/// nothing these models would still use.
struct ExactLimiterModel {
  let algorithm: RateLimitAlgorithm
  let limit: Int64
  let period: Int64
  let burst: Int64
  /// Fixed window and sliding counter: requests counted per client per window start.
  private var windows: [String: [Int64: Int64]] = [:]
  /// Sliding log: the time of every counted request, per client.
  private var logs: [String: [Int64]] = [:]
  /// Token bucket: the tokens, in units of 1/period token, and when they were counted.
  private var buckets: [String: (units: Int64, at: Int64)] = [:]
  /// GCRA: the theoretical arrival time in units of 1/limit microsecond.
  private var arrivals: [String: Int64] = [:]

  init(algorithm: RateLimitAlgorithm, limit: Int, period: Int64, burst: Int) {
    self.algorithm = algorithm
    self.limit = Int64(limit)
    self.period = period
    self.burst = Int64(burst)
  }

  /// Whether `key` may spend `cost` at `now`, and how many requests it may still make.
  mutating func decide(key: String, cost: Int, now: Int64) -> (allowed: Bool, remaining: Int) {
    let cost = Int64(cost)
    let (allowed, remaining): (Bool, Int64)
    switch algorithm {
    case .fixedWindow:
      let start = now - now % period
      let count = windows[key, default: [:]][start, default: 0]
      allowed = count + cost <= limit
      if allowed { windows[key, default: [:]][start] = count + cost }
      remaining = limit - count - (allowed ? cost : 0)
    case .slidingWindowLog:
      let log = logs[key, default: []].filter { $0 > now - period }
      let count = Int64(log.count)
      allowed = count + cost <= limit
      logs[key] = allowed ? log + Array(repeating: now, count: Int(cost)) : log
      remaining = limit - count - (allowed ? cost : 0)
    case .slidingWindowCounter:
      let start = now - now % period
      let current = windows[key, default: [:]][start, default: 0]
      let previous = windows[key, default: [:]][start - period, default: 0]
      // The previous window weighs what is left of it in the sliding window: all in units
      // of 1/period request.
      var weighted = previous * (period - (now - start)) + current * period
      allowed = weighted + cost * period <= limit * period
      if allowed {
        windows[key, default: [:]][start] = current + cost
        weighted += cost * period
      }
      remaining = Self.floorDivision(limit * period - weighted, period)
    case .tokenBucket:
      let full = burst * period
      let state = buckets[key] ?? (full, now)
      var units = min(full, state.units + max(0, now - state.at) * limit)
      allowed = units >= cost * period
      if allowed { units -= cost * period }
      buckets[key] = (units, max(state.at, now))
      remaining = units / period
    case .gcra:
      let nowUnits = now * limit
      let arrival = max(arrivals[key] ?? nowUnits, nowUnits) + cost * period
      let allowedFrom = arrival - burst * period
      allowed = nowUnits >= allowedFrom
      if allowed { arrivals[key] = arrival }
      remaining = allowed ? (nowUnits - allowedFrom) / period : 0
    }
    return (allowed, Int(max(0, remaining)))
  }

  private static func floorDivision(_ dividend: Int64, _ divisor: Int64) -> Int64 {
    let quotient = dividend / divisor
    return dividend % divisor < 0 ? quotient - 1 : quotient
  }
}
