import DeterministicRandom
import Drills
import Testing

/// LRU and LFU caches against arrays scanned on every operation.
@Suite struct CacheTests {
  private func randomScript(_ random: inout SplitMix64, keys: Int, length: Int) -> [CacheOperation<
    Int
  >] {
    (0..<length).map { _ in
      random.chance(0.5)
        ? .put(random.int(in: 0..<keys), random.int(in: 0...99)) : .get(random.int(in: 0..<keys))
    }
  }

  @Test func lruMatchesTheBruteForce() {
    var random = SplitMix64(seed: 21)
    for _ in 0..<5000 {
      let capacity = random.int(in: 1...5)
      let script = randomScript(
        &random, keys: random.int(in: 1...9), length: random.int(in: 0...40))
      #expect(
        CacheSimulation.lru(script, capacity: capacity)
          == CacheBruteForce.lru(script, capacity: capacity))
    }
  }

  @Test func lfuMatchesTheBruteForce() {
    var random = SplitMix64(seed: 22)
    for _ in 0..<5000 {
      let capacity = random.int(in: 1...5)
      let script = randomScript(
        &random, keys: random.int(in: 1...9), length: random.int(in: 0...60))
      #expect(
        CacheSimulation.lfu(script, capacity: capacity)
          == CacheBruteForce.lfu(script, capacity: capacity))
    }
  }

  @Test func lfuStaysRightOverLongScriptsThatCompactItsHeap() {
    var random = SplitMix64(seed: 23)
    for _ in 0..<50 {
      let script = randomScript(&random, keys: 12, length: 2000)
      #expect(CacheSimulation.lfu(script, capacity: 4) == CacheBruteForce.lfu(script, capacity: 4))
    }
  }

  @Test func lruListsEntriesFromMostToLeastRecent() {
    var cache = LRUCache<String>(capacity: 3)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    #expect(cache.get("a") == 1)
    #expect(cache.entriesByRecency.map(\.key) == ["a", "c", "b"])
    let evicted = cache.put("d", 4)
    #expect(evicted?.key == "b" && evicted?.value == 2)
    #expect(cache.get("b") == nil)
    #expect(cache.entriesByRecency.map(\.key) == ["d", "a", "c"])
    #expect(cache.put("c", 30) == nil)
    #expect(cache.entriesByRecency.map(\.key) == ["c", "d", "a"])
    #expect(cache.count == 3)
  }

  @Test func lfuEvictsTheFewestUsesThenTheLeastRecent() {
    var cache = LFUCache<String>(capacity: 2)
    cache.put("a", 1)
    cache.put("b", 2)
    #expect(cache.get("a") == 1)
    #expect(cache.put("c", 3)?.key == "b")
    #expect(cache.entriesByEvictionOrder.map(\.key) == ["c", "a"])
    #expect(cache.get("c") == 3)
    // a and c both have 2 uses; a was used longer ago.
    #expect(cache.put("d", 4)?.key == "a")
  }

  @Test func cacheDrillsAnswerEveryEvictionAndOrder() throws {
    let lru = try #require(DrillCatalog.named("lru-cache"))
    let lfu = try #require(DrillCatalog.named("lfu-cache"))
    for seed in UInt64(0)..<500 {
      let lruSession = try #require(lru.trace?(seed))
      let evictedInTrace = lruSession.steps.compactMap { step -> String? in
        if case .word(let key) = step.expected { return key }
        return nil
      }
      #expect(evictedInTrace.count >= 2)
      #expect(try #require(lru.solve?(seed)).expected == .words(evictedInTrace))
      let lfuSession = try #require(lfu.trace?(seed))
      let lfuEvicted = lfuSession.steps.map { step -> String in
        if case .word(let key) = step.expected { return key }
        return "?"
      }
      #expect(try #require(lfu.solve?(seed)).expected == .words(lfuEvicted))
    }
  }
}
