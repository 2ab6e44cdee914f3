import Demos
import Patterns
import RedisClient
import Testing
import TutorTestSupport

@Suite("Every key lives under the prefix")
struct KeyPrefixTests {
  let bed: CacheTestBed
  init() throws { bed = try CacheTestBed() }

  @Test func aRunOfEveryFeatureCreatesOnlyPrefixedKeys() throws {
    let protections: [StampedeProtection] = [
      .none, .singleFlight(SingleFlight()), .redisLock(RedisLockOptions(serveStale: true)),
      .xfetch(beta: 1),
    ]
    for (index, protection) in protections.enumerated() {
      let cache = try bed.cache(
        CacheAside.Configuration(protection: protection, staleSetFix: .lease()))
      for id in 1...20 { _ = try cache.get(id: (id * (index + 1)) % 50 + 1) }
      let item = try #require(try cache.get(id: 1).item)
      try cache.update(item)
    }
    _ = try StaleSetRace.run(
      fix: false, options: bed.server.options, store: bed.store, id: 2,
      clock: bed.manualClock.clock)
    _ = try StaleSetRace.run(
      fix: true, options: bed.server.options, store: bed.store, id: 3,
      clock: bed.manualClock.clock)
    let through = try WriteThroughCache(connection: bed.server.connect(), store: bed.store)
    try through.write(try #require(try bed.store.peek(id: 4)))
    let back = try WriteBackCache(
      connection: bed.server.connect(), workerOptions: bed.server.options, store: bed.store,
      configuration: WriteBackCache.Configuration(flushInterval: nil),
      clock: bed.manualClock.clock)
    try back.write(try #require(try bed.store.peek(id: 5)))
    try back.write(try #require(try bed.store.peek(id: 6)))
    try back.flushNow()
    try back.write(try #require(try bed.store.peek(id: 7)))

    let redis = try bed.server.connect()
    #expect(try redis.send("SET", "learner:own", "x") == .status("OK"))
    var cursor = "0"
    var all: [String] = []
    repeat {
      let reply = try #require(try redis.send("SCAN", cursor, "COUNT", "1000").array)
      cursor = try #require(reply[0].string)
      all += try #require(reply[1].array).compactMap(\.string)
    } while cursor != "0"
    let demoKeys = all.filter { $0 != "learner:own" }
    #expect(demoKeys.count > 20)
    #expect(demoKeys.allSatisfy { $0.hasPrefix("rt:demo:cache:") })
    #expect(demoKeys.contains("rt:demo:cache:dirty"))

    let keys = CacheKeys()
    #expect(try keys.existingKeys(using: redis) == demoKeys.sorted())
    #expect(try keys.deleteAll(using: redis) == demoKeys.count)
    #expect(try redis.send("DBSIZE") == .integer(1))
  }
}
