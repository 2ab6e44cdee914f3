import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// Each algorithm with known traffic on a manual clock, against a real Redis.
@Suite("Rate limit algorithms")
struct RateLimitAlgorithmTests {
  let bed: RateLimitTestBed
  init() throws { bed = try RateLimitTestBed() }

  /// 25 requests at each time (seconds after a window start), limit 10 per second: how many
  /// each algorithm allows at each time.
  @Test(
    arguments: [
      // A fixed window allows nothing more until the next window, then a full limit.
      (RateLimitAlgorithm.fixedWindow, [10, 0, 10, 0]),
      // The log frees entries exactly one period after they were added.
      (.slidingWindowLog, [10, 0, 10, 0]),
      // The previous window still weighs 100% at t = 1, 50% at 1.5, and at 2 the 5 of 1.5.
      (.slidingWindowCounter, [10, 0, 0, 5]),
      // Half a second refills half the bucket.
      (.tokenBucket, [10, 5, 5, 5]),
      (.gcra, [10, 5, 5, 5]),
    ])
  func knownTrafficGetsExactCounts(algorithm: RateLimitAlgorithm, expected: [Int]) throws {
    let limiter = try bed.limiter(algorithm, .perSecond(10))
    var counts: [Int] = []
    for offset in [0, 0.5, 1.0, 1.5] {
      bed.at(offset)
      counts.append(try RateLimitTestBed.allowed(limiter, 25))
    }
    #expect(counts == expected)
  }

  @Test func theSlidingCounterRecoversAsThePreviousWindowFades() throws {
    let limiter = try bed.limiter(.slidingWindowCounter, .perSecond(10))
    #expect(try RateLimitTestBed.allowed(limiter, 25) == 10)
    bed.at(1.5)
    #expect(try RateLimitTestBed.allowed(limiter, 25) == 5)
    bed.at(2.0)
    // Previous window (1.0–2.0) holds 5 at full weight.
    #expect(try RateLimitTestBed.allowed(limiter, 25) == 5)
    bed.at(2.8)
    // The 5 of 1.5 s weigh 5·0.2 = 1, the 5 of 2.0 s count fully: 4 more.
    #expect(try RateLimitTestBed.allowed(limiter, 25) == 4)
  }

  @Test func theSlidingCounterSaysWhenToRetry() throws {
    let limiter = try bed.limiter(.slidingWindowCounter, .perSecond(10))
    _ = try RateLimitTestBed.allowed(limiter, 10)
    bed.at(1.25)
    // Estimate 10·0.75 = 7.5: two more fit (9.5), a third would be 10.5.
    #expect(try RateLimitTestBed.allowed(limiter, 2) == 2)
    let denied = try limiter.decide(key: "client")
    #expect(!denied.allowed)
    // 10·(1 − e) + 2 ≤ 9 once e ≥ 0.3: 0.05 s after 1.25.
    #expect(abs((denied.retryAfter ?? 0) - 0.05) < 1e-6)
    #expect(denied.remaining == 0)
    bed.at(1.3)
    #expect(try limiter.decide(key: "client").allowed)
  }

  @Test func aFixedWindowAdmitsTwiceTheLimitAcrossAnEdgeWhileTheLogAdmitsTheLimit() throws {
    let fixed = try bed.limiter(.fixedWindow, .perSecond(10))
    let log = try bed.limiter(.slidingWindowLog, .perSecond(10))
    var fixedAllowed = 0
    var logAllowed = 0
    // A burst at 0.9 s and another at 1.0 s: 0.1 s apart, in two fixed windows.
    for offset in [0.9, 1.0] {
      bed.at(offset)
      fixedAllowed += try RateLimitTestBed.allowed(fixed, 10)
      logAllowed += try RateLimitTestBed.allowed(log, 10)
    }
    #expect(fixedAllowed == 20)
    #expect(logAllowed == 10)
    // One second after the first burst its entries leave the log.
    bed.at(1.9)
    #expect(try RateLimitTestBed.allowed(log, 25) == 10)
  }

  @Test func theLogTellsWhenTheOldestEntryLeaves() throws {
    let limiter = try bed.limiter(.slidingWindowLog, .perSecond(3))
    for offset in [0.0, 0.2, 0.4] {
      bed.at(offset)
      #expect(try limiter.decide(key: "client").allowed)
    }
    bed.at(0.5)
    let denied = try limiter.decide(key: "client")
    #expect(!denied.allowed)
    #expect(abs((denied.retryAfter ?? 0) - 0.5) < 1e-6)
    #expect(abs(denied.resetAfter - 0.9) < 1e-6)
    bed.at(1.0)
    let allowed = try limiter.decide(key: "client")
    #expect(allowed.allowed && allowed.remaining == 0)
  }

  @Test(arguments: [RateLimitAlgorithm.tokenBucket, .gcra])
  func bucketsHonourTheBurstThenTheRate(algorithm: RateLimitAlgorithm) throws {
    let limiter = try bed.limiter(algorithm, .perSecond(10, burst: 5))
    var decisions: [RateLimitDecision] = []
    for _ in 0..<7 { decisions.append(try limiter.decide(key: "client")) }
    #expect(decisions.map(\.allowed) == [true, true, true, true, true, false, false])
    #expect(decisions.prefix(5).map(\.remaining) == [4, 3, 2, 1, 0])
    #expect(decisions.allSatisfy { $0.limit == 5 })
    for (index, decision) in decisions.prefix(5).enumerated() {
      #expect(decision.retryAfter == nil)
      #expect(abs(decision.resetAfter - 0.1 * Double(index + 1)) < 1e-6)
    }
    let denied = decisions[5]
    #expect(abs((denied.retryAfter ?? 0) - 0.1) < 1e-6)
    #expect(abs(denied.resetAfter - 0.5) < 1e-6)
    #expect(denied.remaining == 0)

    // 0.25 s refills 2.5 requests' worth: two go through, the third waits 0.05 s.
    bed.at(0.25)
    let refilled = try (0..<3).map { _ in try limiter.decide(key: "client") }
    #expect(refilled.map(\.allowed) == [true, true, false])
    #expect(refilled.map(\.remaining) == [1, 0, 0])
    #expect(abs((refilled[2].retryAfter ?? 0) - 0.05) < 1e-6)

    // From then on, the rate: one request per 0.1 s.
    for step in 1...10 {
      bed.at(0.25 + 0.1 * Double(step))
      #expect(try RateLimitTestBed.allowed(limiter, 3) == 1)
    }
  }

  @Test(arguments: RateLimitAlgorithm.allCases)
  func keysExpireOnTheirOwn(algorithm: RateLimitAlgorithm) throws {
    let period = 0.3
    let limiter = try bed.limiter(algorithm, RateLimitRule(limit: 5, period: period))
    let connection = try bed.server.connect()
    bed.at(0.1)
    _ = try RateLimitTestBed.allowed(limiter, 3)
    let keys = try limiter.keys.existingKeys(using: connection)
    #expect(keys.count == 1)
    // A sliding counter's window is kept for one more window, as the "previous" one.
    let longest = (algorithm == .slidingWindowCounter ? 2 : 1) * Int(period * 1000)
    for key in keys {
      let ttl = try #require(try connection.send("PTTL", key).integer)
      #expect(ttl > 0 && ttl <= longest, "\(key) has PTTL \(ttl)")
    }
    // Expiry runs on Redis's own clock: the keys go without anyone deleting them.
    #expect(try eventually { try limiter.keys.existingKeys(using: connection).isEmpty })
  }

  @Test func noscriptAfterScriptFlushIsRecovered() throws {
    let limiter = try bed.limiter(.gcra, .perSecond(10))
    #expect(try limiter.decide(key: "client").remaining == 9)
    #expect(limiter.scriptLoads == 1)
    #expect(try limiter.decide(key: "client").remaining == 8)
    #expect(limiter.scriptLoads == 1)
    let admin = try bed.server.connect()
    #expect(try admin.send("SCRIPT", "FLUSH") == .status("OK"))
    let afterFlush = try limiter.decide(key: "client")
    #expect(afterFlush.allowed && afterFlush.remaining == 7)
    #expect(limiter.scriptLoads == 2)
  }

  @Test(arguments: RateLimitAlgorithm.allCases)
  func redisTimeDecides(algorithm: RateLimitAlgorithm) throws {
    let admin = try bed.server.connect()
    func redisTime() throws -> Double {
      let parts = try #require(try admin.send("TIME").array)
      return Double(parts[0].integer!) + Double(parts[1].integer!) / 1_000_000
    }
    // An hour-long window: the run cannot plausibly straddle its edge.
    let limiter = try bed.limiter(
      algorithm, RateLimitRule(limit: 5, period: 3600), timeSource: .redis)
    let before = try redisTime()
    let decisions = try (0..<7).map { _ in try limiter.decide(key: "client") }
    let after = try redisTime()
    #expect(decisions.map(\.allowed) == [true, true, true, true, true, false, false])
    for decision in decisions {
      let time = try #require(decision.time)
      #expect(time >= before && time <= after)
    }
  }

  @Test func aSkewedClientClockCorruptsAClientTimeLimiterButNotRedisTime() throws {
    // An hour-long window: the Redis TIME half cannot plausibly straddle its edge.
    let rule = RateLimitRule(limit: 5, period: 3600)
    // Two app servers share one client's limit; the second one's clock is an hour fast.
    let skewed = ManualDemoClock(start: RateLimitTestBed.start + 3600)
    let onTime = try bed.limiter(.fixedWindow, rule)
    let fast = try bed.limiter(.fixedWindow, rule, timeSource: .client(skewed.clock))
    let clientTimeAllowed =
      try RateLimitTestBed.allowed(onTime, 5) + RateLimitTestBed.allowed(fast, 5)
    #expect(clientTimeAllowed == 10)
    // With Redis TIME both servers read one clock: one window, one limit.
    let first = try bed.limiter(.fixedWindow, rule, timeSource: .redis)
    let second = try bed.limiter(.fixedWindow, rule, timeSource: .redis)
    let redisTimeAllowed =
      try RateLimitTestBed.allowed(first, 5, key: "other")
      + RateLimitTestBed.allowed(second, 5, key: "other")
    #expect(redisTimeAllowed == 5)
  }

  @Test func aCostOutsideTheCapacityIsRefused() throws {
    let limiter = try bed.limiter(.tokenBucket, .perSecond(10, burst: 4))
    #expect(throws: RateLimitError.invalidCost(cost: 5, capacity: 4)) {
      try limiter.decide(key: "client", cost: 5)
    }
    #expect(throws: RateLimitError.invalidCost(cost: 0, capacity: 4)) {
      try limiter.decide(key: "client", cost: 0)
    }
    let heavy = try limiter.decide(key: "client", cost: 3)
    #expect(heavy.allowed && heavy.remaining == 1)
    #expect(try !limiter.decide(key: "client", cost: 2).allowed)
  }

  @Test(arguments: [
    (RateLimitRule(limit: 0, period: 1), "The limit must be at least 1 request (got 0)"),
    (
      RateLimitRule(limit: 5, period: -1),
      "The window must be a positive number of seconds (got -1)"
    ),
  ])
  func impossibleRulesAreRefused(rule: RateLimitRule, message: String) throws {
    #expect(throws: RateLimitError.invalidRule(message)) {
      try bed.limiter(.fixedWindow, rule)
    }
  }

  @Test func keysAreListedWithTheirMemoryAndDeleted() throws {
    let connection = try bed.server.connect()
    try connection.send("SET", "learner:key", "kept")
    for algorithm in RateLimitAlgorithm.allCases {
      let limiter = try bed.limiter(algorithm, .perSecond(50))
      _ = try RateLimitTestBed.allowed(limiter, 20, key: "203.0.113.7")
    }
    let keys = RateLimitKeys()
    let report = try keys.memoryReport(using: connection)
    #expect(report.count == 5)
    #expect(report.allSatisfy { $0.key.hasPrefix("rt:demo:limiter:") && $0.bytes > 0 })
    let log = try #require(report.first { $0.key.contains("sliding-window-log") })
    let gcra = try #require(report.first { $0.key.contains("gcra") })
    // The log keeps a member per request; GCRA keeps one number.
    #expect(log.bytes > gcra.bytes * 4)
    #expect(try keys.memoryUsage(of: gcra.key, using: connection) == gcra.bytes)
    #expect(try keys.memoryUsage(of: "rt:demo:limiter:missing", using: connection) == nil)
    #expect(try keys.deleteAll(using: connection) == 5)
    #expect(try keys.existingKeys(using: connection).isEmpty)
    #expect(try connection.send("GET", "learner:key") == .bulk("kept"))
  }
}
