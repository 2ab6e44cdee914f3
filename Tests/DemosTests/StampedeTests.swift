import Demos
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// C clients, each on its own thread with its own connection, miss one cold key together.
///
/// The first loader is held in the `beforeStoreLoad` hook until every other client has
/// missed (or joined a wait), so the outcome depends on the protection, not on timing.
@Suite("Stampede protection")
struct StampedeTests {
  static let clients = 8
  static let hotID = 7
  let bed: CacheTestBed
  init() throws { bed = try CacheTestBed() }

  /// One client group: the clients of one process, sharing its store object and protection.
  struct ClientGroup: Sendable {
    var store: ItemStore
    var protection: StampedeProtection
    var size: Int
  }

  /// Runs the groups' clients together and returns every client's read.
  private func stampede(
    _ groups: [ClientGroup], counters: CacheCounters,
    readyToLoad: @escaping @Sendable (CacheCounters.Snapshot) -> Bool
  ) throws -> [CacheRead] {
    let total = groups.reduce(0) { $0 + $1.size }
    let barrier = ThreadBarrier(parties: total)
    let hooks = CacheAside.Hooks(beforeStoreLoad: { _ in
      _ = eventually(within: .seconds(20), every: .milliseconds(1)) {
        readyToLoad(counters.snapshot())
      }
    })
    let bed = self.bed
    let assignment = groups.flatMap { group in Array(repeating: group, count: group.size) }
    return try ClientThreads.run(count: total) { index in
      let group = assignment[index]
      // The lock's waiters poll in real time: their sleeps must not jump a manual clock.
      let cache = try bed.cache(
        CacheAside.Configuration(protection: group.protection), counters: counters,
        store: group.store, clock: .system, hooks: hooks)
      barrier.arriveAndWait()
      return try cache.get(id: Self.hotID)
    }
  }

  private var patientLock: StampedeProtection {
    .redisLock(RedisLockOptions(lockTTL: 30, pollInterval: 0.001, waitDeadline: 30))
  }

  @Test func withoutProtectionEveryMissLoads() throws {
    let counters = CacheCounters()
    let reads = try stampede(
      [ClientGroup(store: bed.store, protection: .none, size: Self.clients)], counters: counters
    ) { $0.misses == Self.clients }
    #expect(bed.store.processLoads == Self.clients)
    #expect(counters.snapshot().loads == Self.clients)
    #expect(reads.allSatisfy { $0.source == .store && $0.item?.id == Self.hotID })
  }

  @Test func singleFlightMakesExactlyOneLoad() throws {
    let counters = CacheCounters()
    let reads = try stampede(
      [
        ClientGroup(store: bed.store, protection: .singleFlight(SingleFlight()), size: Self.clients)
      ],
      counters: counters
    ) { $0.lockWaits == Self.clients - 1 }
    #expect(bed.store.processLoads == 1)
    #expect(counters.snapshot().misses == Self.clients)
    #expect(reads.filter { $0.source == .store }.count == 1)
    #expect(reads.filter { $0.source == .otherLoader }.count == Self.clients - 1)
    #expect(Set(reads.map(\.item)).count == 1)
  }

  @Test func aRedisLockMakesExactlyOneLoad() throws {
    let counters = CacheCounters()
    let reads = try stampede(
      [ClientGroup(store: bed.store, protection: patientLock, size: Self.clients)],
      counters: counters
    ) { $0.lockWaits == Self.clients - 1 }
    #expect(bed.store.processLoads == 1)
    #expect(reads.filter { $0.source == .otherLoader }.count == Self.clients - 1)
    #expect(Set(reads.map(\.item)).count == 1)
    // The lock is released by its holder, not left to expire.
    let redis = try bed.server.connect()
    #expect(try redis.send("EXISTS", "rt:demo:cache:lock:\(Self.hotID)") == .integer(0))
  }

  @Test func singleFlightIsPerProcessButTheLockIsShared() throws {
    let half = Self.clients / 2
    let processA = try bed.storeOfAnotherProcess()
    let processB = try bed.storeOfAnotherProcess()
    try bed.store.resetLoads()
    _ = try stampede(
      [
        ClientGroup(store: processA, protection: .singleFlight(SingleFlight()), size: half),
        ClientGroup(store: processB, protection: .singleFlight(SingleFlight()), size: half),
      ], counters: CacheCounters()
    ) { $0.lockWaits == Self.clients - 2 }
    #expect(processA.processLoads == 1)
    #expect(processB.processLoads == 1)
    #expect(try bed.store.totalLoads() == 2)

    let redis = try bed.server.connect()
    try redis.send("DEL", "rt:demo:cache:item:\(Self.hotID)")
    try bed.store.resetLoads()
    _ = try stampede(
      [
        ClientGroup(store: processA, protection: patientLock, size: half),
        ClientGroup(store: processB, protection: patientLock, size: half),
      ], counters: CacheCounters()
    ) { $0.lockWaits == Self.clients - 1 }
    #expect(try bed.store.totalLoads() == 1)
  }

  @Test func lockWaitersServeTheStaleCopyAtOnce() throws {
    let protection = StampedeProtection.redisLock(
      RedisLockOptions(lockTTL: 30, pollInterval: 0.001, waitDeadline: 30, serveStale: true))
    let warm = try bed.cache(CacheAside.Configuration(protection: protection))
    let old = try #require(try warm.get(id: Self.hotID).item)
    var changed = old
    changed.priceCents += 1
    let new = try warm.update(changed)  // the value goes; the stale copy stays
    let redis = try bed.server.connect()
    let staleTTL = try #require(try redis.send("PTTL", "rt:demo:cache:stale:\(Self.hotID)").integer)
    #expect(staleTTL > 60_000)

    try bed.store.resetLoads()
    let counters = CacheCounters()
    let reads = try stampede(
      [ClientGroup(store: bed.store, protection: protection, size: Self.clients)],
      counters: counters
    ) { $0.lockWaits == Self.clients - 1 }
    #expect(bed.store.processLoads == 1)
    #expect(counters.snapshot().staleServed == Self.clients - 1)
    #expect(reads.filter { $0.source == .stale }.allSatisfy { $0.item == old })
    #expect(reads.filter { $0.source == .store }.map(\.item) == [new])
  }

  @Test func aWaiterPastItsDeadlineLoadsItself() throws {
    // Someone else holds the lock and never fills the cache.
    let redis = try bed.server.connect()
    #expect(
      try redis.send("SET", "rt:demo:cache:lock:3", "someone-else", "PX", "60000")
        == .status("OK"))
    let counters = CacheCounters()
    let cache = try bed.cache(
      CacheAside.Configuration(
        protection: .redisLock(RedisLockOptions(pollInterval: 0.1, waitDeadline: 1))),
      counters: counters)
    let startedAt = bed.manualClock.now
    let read = try cache.get(id: 3)
    #expect(read.source == .store)
    #expect(read.item?.id == 3)
    // It polled on the injected clock until the deadline, then loaded.
    #expect(bed.manualClock.now - startedAt >= 1)
    #expect(counters.snapshot().lockWaits == 1)
    // Another client's lock is never released by this one.
    #expect(try redis.send("GET", "rt:demo:cache:lock:3") == .bulk("someone-else"))
  }
}
