import Demos
import Patterns
import RedisClient
import Testing
import TutorTestSupport

@Suite("Write-through and write-back")
struct WriteStrategyTests {
  let bed: CacheTestBed
  init() throws { bed = try CacheTestBed() }

  private func writeBack(flushInterval: Double?, clock: DemoClock? = nil) throws -> WriteBackCache {
    try WriteBackCache(
      connection: bed.server.connect(), workerOptions: bed.server.options, store: bed.store,
      configuration: WriteBackCache.Configuration(flushInterval: flushInterval),
      clock: clock ?? bed.manualClock.clock)
  }

  private func renamed(_ id: Int, _ name: String) throws -> Item {
    var item = try #require(try bed.store.peek(id: id))
    item.name = name
    return item
  }

  @Test func writeThroughReachesTheStoreBeforeReturningAndLosesNothing() throws {
    let cache = try WriteThroughCache(connection: bed.server.connect(), store: bed.store)
    for id in 1...5 { try cache.write(try renamed(id, "through \(id)")) }
    // The cache dies: nothing was only in it.
    let redis = try bed.server.connect()
    #expect(try redis.send("FLUSHALL") == .status("OK"))
    for id in 1...5 {
      let stored = try #require(try bed.store.peek(id: id))
      #expect(stored.name == "through \(id)")
      #expect(stored.version == 2)
      #expect(try cache.read(id: id) == stored)
    }
  }

  @Test func writeThroughHasNoStalenessWindow() throws {
    let cache = try WriteThroughCache(connection: bed.server.connect(), store: bed.store)
    let measured = try StalenessWindow.measure(store: bed.store, clock: bed.manualClock.clock) {
      try cache.write(try renamed(3, "fresh"))
    }
    #expect(measured.window == 0)
    #expect(measured.staleReads == 0)
  }

  @Test func writeBackLosesExactlyTheUnflushedWritesOnACrash() throws {
    let cache = try writeBack(flushInterval: nil)
    for id in 1...3 { try cache.write(try renamed(id, "flushed \(id)")) }
    #expect(try cache.dirtyIDs() == [1, 2, 3])
    #expect(try bed.store.peek(id: 1)?.version == 1)
    #expect(try cache.flushNow() == 3)
    #expect(try cache.dirtyIDs() == [])

    let cached = try #require(try cache.read(id: 2))
    var again = cached
    again.name = "lost 2"
    try cache.write(again)
    try cache.write(try renamed(4, "lost 4"))
    try cache.write(try renamed(5, "lost 5"))
    #expect(try cache.dirtyIDs() == [2, 4, 5])
    // Readers of the cache see the new versions; readers of the store do not yet.
    #expect(try cache.read(id: 4)?.name == "lost 4")
    #expect(try bed.store.peek(id: 4)?.name != "lost 4")

    #expect(try cache.crash() == [2, 4, 5])
    #expect(try bed.store.peek(id: 1)?.name == "flushed 1")
    #expect(try bed.store.peek(id: 3)?.name == "flushed 3")
    #expect(try bed.store.peek(id: 2)?.name == "flushed 2")
    #expect(try bed.store.peek(id: 4)?.version == 1)
    #expect(try bed.store.peek(id: 5)?.version == 1)
    #expect(try cache.dirtyIDs() == [])
    #expect(try cache.read(id: 2)?.name == "flushed 2")
  }

  @Test func aFlushedValueGetsATTLWhileADirtyOneHasNone() throws {
    let cache = try writeBack(flushInterval: nil)
    let redis = try bed.server.connect()
    try cache.write(try renamed(6, "dirty"))
    #expect(try redis.send("PTTL", "rt:demo:cache:item:6") == .integer(-1))
    #expect(try redis.send("SMEMBERS", "rt:demo:cache:dirty") == .array([.bulk("6")]))
    try cache.flushNow()
    let ttl = try #require(try redis.send("PTTL", "rt:demo:cache:item:6").integer)
    #expect(ttl > 0)
    #expect(try redis.send("EXISTS", "rt:demo:cache:dirty") == .integer(0))
  }

  @Test func withoutAFlushTheStoreReaderKeepsSeeingTheOldVersion() throws {
    let cache = try writeBack(flushInterval: nil)
    let measured = try StalenessWindow.measure(
      store: bed.store, clock: bed.manualClock.clock, pollInterval: 0.1, timeout: 1
    ) {
      try cache.write(try renamed(7, "later"))
    }
    #expect(measured.window == nil)
    #expect(measured.staleReads >= 10)
    try cache.flushNow()
    #expect(try bed.store.peek(id: 7)?.name == "later")
  }

  @Test func theFlushWorkerDrainsTheDirtySetOnItsOwnThread() throws {
    let cache = try writeBack(flushInterval: 0.01, clock: .system)
    let measured = try StalenessWindow.measure(store: bed.store, timeout: 20) {
      try cache.write(try renamed(8, "by the worker"))
    }
    #expect(measured.window != nil)
    #expect(try eventually { try cache.dirtyIDs().isEmpty })
    // The worker counts a flush after its pipeline returns, a moment after the dirty set
    // empties: poll for the count too.
    #expect(eventually { cache.workerFlushes > 0 }, "\(cache.workerError ?? "no error")")
    #expect(try bed.store.peek(id: 8)?.name == "by the worker")
    try cache.stop(flush: true)
    try cache.stop(flush: false)
  }

  @Test func stoppingWithAFlushLosesNothing() throws {
    let cache = try writeBack(flushInterval: 3600, clock: .system)
    try cache.write(try renamed(9, "kept"))
    try cache.stop(flush: true)
    #expect(try bed.store.peek(id: 9)?.name == "kept")
    #expect(try cache.crash() == [])
  }

  @Test func writeThroughWaitsForTheStoresWriteAndWriteBackDoesNot() throws {
    let clock = ManualDemoClock(start: 0)
    let store = try ItemStore(
      path: bed.directory.appendingPathComponent("slow-writes.sqlite").path, readLatency: 0,
      writeLatency: 0.040, clock: clock.clock)
    try store.seed(count: 10, seed: 1)
    let through = try WriteThroughCache(connection: bed.server.connect(), store: store)
    let paid = try StalenessWindow.measure(store: store, clock: clock.clock) {
      var item = try #require(try store.peek(id: 1))
      item.name = "through"
      return try through.write(item)
    }
    #expect(paid.writeDuration == 0.040)
    #expect(paid.window == 0)

    let back = try WriteBackCache(
      connection: bed.server.connect(), workerOptions: bed.server.options, store: store,
      configuration: WriteBackCache.Configuration(flushInterval: nil), clock: clock.clock)
    let free = try StalenessWindow.measure(store: store, clock: clock.clock, timeout: 0.01) {
      var item = try #require(try store.peek(id: 2))
      item.name = "back"
      return try back.write(item)
    }
    #expect(free.writeDuration == 0)
    #expect(free.window == nil)
    // The store's write is paid later, by the flush.
    let before = clock.now
    #expect(try back.flushNow() == 1)
    #expect(abs(clock.now - before - 0.040) < 1e-9)
    #expect(try store.peek(id: 2)?.name == "back")
  }
}
