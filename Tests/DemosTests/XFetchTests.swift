import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

@Suite("XFetch probabilistic early recomputation")
struct XFetchTests {
  /// Loads take 1 s on the manual clock, so each recompute's delta is exactly 1.
  let bed: CacheTestBed
  init() throws { bed = try CacheTestBed(readLatency: 1) }

  private func xfetchCache(counters: CacheCounters, seed: UInt64) throws -> CacheAside {
    try bed.cache(
      CacheAside.Configuration(ttl: 60, jitterFraction: 0, protection: .xfetch(beta: 1)),
      counters: counters, random: SeededRandom(seed: seed))
  }

  private func envelope(_ id: Int) throws -> XFetchEnvelope {
    let redis = try bed.server.connect()
    guard case .bulk(let bytes) = try redis.send("GET", "rt:demo:cache:item:\(id)") else {
      throw FixtureError("no value cached for item \(id)")
    }
    return try JSONDecoder().decode(XFetchEnvelope.self, from: Data(bytes))
  }

  @Test func theValueDeltaAndExpiryAreStoredTogether() throws {
    let cache = try xfetchCache(counters: CacheCounters(), seed: 1)
    let start = bed.manualClock.now
    let item = try #require(try cache.get(id: 9).item)
    let stored = try envelope(9)
    #expect(stored.item == item)
    #expect(stored.delta == 1)
    #expect(stored.expiry == start + 1 + 60)
    // The physical TTL matches the logical expiry.
    let redis = try bed.server.connect()
    let ttl = try #require(try redis.send("PTTL", "rt:demo:cache:item:9").integer)
    #expect((59_000...60_000).contains(ttl))
  }

  @Test func farFromExpiryNobodyRecomputes() throws {
    let counters = CacheCounters()
    let cache = try xfetchCache(counters: counters, seed: 2)
    _ = try cache.get(id: 9)
    let expiry = try envelope(9).expiry
    // 50 s before expiry a recompute needs −ln(u) ≥ 50: below the smallest draw there is.
    bed.manualClock.set(expiry - 50)
    for _ in 0..<1000 { #expect(try cache.get(id: 9).source == .cache) }
    #expect(counters.snapshot().earlyRecomputes == 0)
    #expect(counters.snapshot().loads == 1)
  }

  @Test func closeToExpiryAReadRecomputesBeforeTheValueExpires() throws {
    let counters = CacheCounters()
    let cache = try xfetchCache(counters: counters, seed: 3)
    _ = try cache.get(id: 9)
    let first = try envelope(9)
    // 1 ms before expiry: recompute unless u > e^−0.001; seed 3's first draw is not.
    bed.manualClock.set(first.expiry - 0.001)
    let read = try cache.get(id: 9)
    #expect(read.source == .earlyRecompute)
    #expect(counters.snapshot().earlyRecomputes == 1)
    #expect(bed.store.processLoads == 2)
    // The refreshed value expires later, and the key never went missing in between.
    #expect(try envelope(9).expiry > first.expiry)
    #expect(counters.snapshot().misses == 1)
  }

  @Test func theDecisionFollowsTheFormula() {
    // now − delta·beta·ln(u) ≥ expiry, with u = 1 − uniform.
    #expect(
      XFetch.shouldRecompute(now: 99, delta: 1, beta: 1, expiry: 100, uniform: 1 - exp(-1.0)))
    #expect(
      !XFetch.shouldRecompute(now: 99, delta: 1, beta: 1, expiry: 100, uniform: 1 - exp(-0.99)))
    #expect(
      XFetch.shouldRecompute(now: 98, delta: 1, beta: 2, expiry: 100, uniform: 1 - exp(-1.0)))
    #expect(XFetch.shouldRecompute(now: 100, delta: 1, beta: 1, expiry: 100, uniform: 0))
    // One delta before expiry the chance is e^−1 ≈ 0.368.
    let random = SeededRandom(seed: 11)
    let draws = 20_000
    let recomputes = (0..<draws).filter { _ in
      XFetch.shouldRecompute(now: 99, delta: 1, beta: 1, expiry: 100, random: random)
    }.count
    #expect(abs(Double(recomputes) / Double(draws) - exp(-1.0)) < 0.02)
  }
}
