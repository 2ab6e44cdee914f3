import Demos
import Patterns
import RedisClient
import Testing
import TutorTestSupport

@Suite("Cache-aside reads and writes against a real redis-server and SQLite")
struct CacheAsideTests {
  let bed: CacheTestBed
  init() throws { bed = try CacheTestBed() }

  @Test func aPrefetchedReplyServesAHitWithoutAnotherRead() throws {
    let counters = CacheCounters()
    let cache = try bed.cache(counters: counters)
    // A nil reply (nothing cached) takes the usual miss path and fills the cache.
    #expect(try cache.get(id: 3, cachedReply: .null).source == .store)
    let cached = try bed.server.connect().send("GET", CacheKeys().item(3))
    let hit = try cache.get(id: 3, cachedReply: cached)
    #expect(hit.source == .cache)
    #expect(hit.item?.id == 3)
    // Something that is not an item's JSON is not trusted: the usual path reads again.
    #expect(try cache.get(id: 3, cachedReply: .bulk(Array("garbage".utf8))).source == .cache)
    #expect(counters.snapshot().hits == 2)
    #expect(counters.snapshot().misses == 1)
  }

  @Test func countersAreExactForAKnownSequence() throws {
    let counters = CacheCounters()
    let cache = try bed.cache(counters: counters)
    #expect(try cache.get(id: 1).source == .store)
    #expect(try cache.get(id: 1).source == .cache)
    #expect(try cache.get(id: 2).source == .store)
    let first = try #require(try cache.get(id: 1).item)
    #expect(first.version == 1)

    var changed = first
    changed.priceCents += 5
    let stored = try cache.update(changed)
    #expect(stored.version == 2)
    let reloaded = try cache.get(id: 1)
    #expect(reloaded.source == .store)
    #expect(reloaded.item == stored)
    #expect(try cache.get(id: 1).item == stored)

    // An id the store lacks is loaded on every read: nothing is cached for it.
    #expect(try cache.get(id: 99_999) == CacheRead(item: nil, source: .store))
    #expect(try cache.get(id: 99_999) == CacheRead(item: nil, source: .store))

    var expected = CacheCounters.Snapshot()
    expected.hits = 3
    expected.misses = 5
    expected.loads = 5
    #expect(counters.snapshot() == expected)
    #expect(counters.snapshot().hitRatio == 3.0 / 8.0)
    #expect(bed.store.processLoads == 5)
    #expect(try bed.store.totalLoads() == 5)
  }

  @Test func updateDeletesTheKeyInsteadOfSettingIt() throws {
    let cache = try bed.cache()
    let redis = try bed.server.connect()
    let item = try #require(try cache.get(id: 3).item)
    #expect(try redis.send("EXISTS", "rt:demo:cache:item:3") == .integer(1))
    try cache.update(item)
    #expect(try redis.send("EXISTS", "rt:demo:cache:item:3") == .integer(0))
  }

  @Test func valuesAreItemJSONWithAJitteredTTL() throws {
    let cache = try bed.cache(
      CacheAside.Configuration(ttl: 60, jitterFraction: 0.1), random: SeededRandom(seed: 9))
    let redis = try bed.server.connect()
    var ttls: Set<Int64> = []
    for id in 1...40 {
      let item = try #require(try cache.get(id: id).item)
      let json = try #require(try redis.send("GET", "rt:demo:cache:item:\(id)").string)
      #expect(json.contains("\"priceCents\":\(item.priceCents)"))
      let ttl = try #require(try redis.send("PTTL", "rt:demo:cache:item:\(id)").integer)
      #expect((53_000...66_000).contains(ttl))
      ttls.insert(ttl / 1000)
    }
    // Keys loaded together do not expire together.
    #expect(ttls.count > 5)
  }

  @Test func anUnreadableValueIsAMissAndIsReplaced() throws {
    let cache = try bed.cache()
    let redis = try bed.server.connect()
    #expect(try redis.send("SET", "rt:demo:cache:item:4", "not json") == .status("OK"))
    #expect(try cache.get(id: 4).source == .store)
    #expect(try cache.get(id: 4).source == .cache)
  }

  @Test func aWrongTypeErrorReplyIsThrownWithItsMessage() throws {
    let cache = try bed.cache()
    let redis = try bed.server.connect()
    #expect(try redis.send("RPUSH", "rt:demo:cache:item:5", "x") == .integer(1))
    #expect {
      try cache.get(id: 5)
    } throws: { error in
      guard case .redisError(let command, let message) = error as? CacheError else {
        return false
      }
      return command == "GET" && message.hasPrefix("WRONGTYPE")
    }
  }

  @Test func impossibleSettingsAreRefusedWithOneLine() throws {
    let settings: [CacheAside.Configuration] = [
      CacheAside.Configuration(ttl: -1),
      CacheAside.Configuration(ttl: 0),
      CacheAside.Configuration(jitterFraction: 1.5),
      CacheAside.Configuration(keyPrefix: ""),
      CacheAside.Configuration(protection: .xfetch(beta: 0)),
      CacheAside.Configuration(protection: .redisLock(RedisLockOptions(pollInterval: 0))),
      CacheAside.Configuration(staleSetFix: .lease(ttl: -2)),
    ]
    for configuration in settings {
      #expect {
        try configuration.validate()
      } throws: { error in
        guard case .invalidConfiguration(let message) = error as? CacheError else { return false }
        return !message.isEmpty && !message.contains("\n")
      }
    }
    #expect(throws: CacheError.self) { try bed.cache(CacheAside.Configuration(ttl: -5)) }
  }
}
