import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// Eight clients, each with its own connection on its own thread, released together at a
/// barrier against one client id.
@Suite("Rate limiters under concurrent clients")
struct RateLimitConcurrencyTests {
  static let clients = 8
  let bed: RateLimitTestBed
  init() throws { bed = try RateLimitTestBed() }

  @Test(arguments: RateLimitAlgorithm.allCases)
  func theAtomicScriptsNeverExceedTheLimit(algorithm: RateLimitAlgorithm) throws {
    let limit = 50
    let requestsPerClient = 30
    let barrier = ThreadBarrier(parties: Self.clients)
    let bed = self.bed
    // Time stands still, so every request falls in one window: exactly `limit` may pass.
    let allowed = try ClientThreads.run(count: Self.clients) { _ in
      let limiter = try bed.limiter(algorithm, .perMinute(limit))
      barrier.arriveAndWait()
      return try RateLimitTestBed.allowed(limiter, requestsPerClient)
    }
    #expect(allowed.reduce(0, +) == limit)
  }

  @Test func theNaiveLimiterLetsEveryRacingClientIn() throws {
    let limit = 4
    let barrier = ThreadBarrier(parties: Self.clients)
    // Every client waits after its GET until all have read: all read the same count.
    let readTogether = ThreadBarrier(parties: Self.clients)
    let bed = self.bed
    let decisions = try ClientThreads.run(count: Self.clients) { _ in
      let naive = try NaiveLimiter(
        rule: .perMinute(limit), connection: bed.server.connect(), clock: bed.manualClock.clock,
        afterRead: { _, _ in readTogether.arriveAndWait() })
      barrier.arriveAndWait()
      return try naive.decide(key: "client")
    }
    #expect(decisions.filter(\.allowed).count == Self.clients)
    #expect(Self.clients > limit)
    // Each SET wrote 0 + 1 over the others: the counter lost seven of its eight updates.
    let connection = try bed.server.connect()
    let keys = try RateLimitKeys().existingKeys(using: connection)
    #expect(keys.count == 1)
    #expect(try connection.send("GET", keys[0]) == .bulk("1"))
  }

  @Test func theNaiveLimiterIsRightWhenAlone() throws {
    let naive = try NaiveLimiter(
      rule: .perSecond(5), connection: bed.server.connect(), clock: bed.manualClock.clock)
    #expect(try RateLimitTestBed.allowed(naive, 8) == 5)
    bed.at(1)
    let decision = try naive.decide(key: "client")
    #expect(decision.allowed && decision.remaining == 4)
  }

  @Test func theNaiveLimiterOverAdmitsWithoutAHookToo() throws {
    // No forced interleaving: many rounds of racing clients, one fresh window per round.
    let limit = 2
    let rounds = 200
    let barrier = ThreadBarrier(parties: Self.clients)
    let bed = self.bed
    let perClient = try ClientThreads.run(count: Self.clients) { _ in
      let naive = try NaiveLimiter(
        rule: .perSecond(limit), connection: bed.server.connect(), clock: bed.manualClock.clock)
      var allowed = 0
      for round in 0..<rounds {
        barrier.arriveAndWait()
        if try naive.decide(key: "round-\(round)").allowed { allowed += 1 }
      }
      return allowed
    }
    // An atomic limiter would allow exactly limit·rounds; the race lets more through.
    #expect(perClient.reduce(0, +) > limit * rounds)
  }
}
