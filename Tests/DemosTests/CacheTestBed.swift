import Demos
import Foundation
import Patterns
import RedisClient
import TutorTestSupport

/// A real redis-server, a real SQLite item store in a temporary directory, and a manual
/// clock: what every cache test starts from.
final class CacheTestBed: Sendable {
  let server: RedisServerFixture
  let directory: URL
  let manualClock: ManualDemoClock
  let store: ItemStore

  /// Seeds `items` items; the store's latency runs on `storeClock` (the manual clock unless
  /// given), so by default it costs no real time.
  init(items: Int = 100, readLatency: Double = 0, storeClock: DemoClock? = nil) throws {
    server = try RedisServerFixture()
    directory = try TemporaryDirectory.make(prefix: "cache-tests")
    manualClock = ManualDemoClock()
    store = try ItemStore(
      path: directory.appendingPathComponent("items.sqlite").path, readLatency: readLatency,
      clock: storeClock ?? manualClock.clock)
    try store.seed(count: items, seed: 1)
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  /// A second store object on the same file, as another process would open it.
  func storeOfAnotherProcess(readLatency: Double = 0) throws -> ItemStore {
    try ItemStore(path: store.path, readLatency: readLatency, clock: manualClock.clock)
  }

  /// A cache-aside client with its own connection.
  func cache(
    _ configuration: CacheAside.Configuration = CacheAside.Configuration(),
    counters: CacheCounters = CacheCounters(), store: ItemStore? = nil, clock: DemoClock? = nil,
    random: any RandomSource = SeededRandom(seed: 1), hooks: CacheAside.Hooks = .none
  ) throws -> CacheAside {
    try CacheAside(
      connection: server.connect(), store: store ?? self.store, counters: counters,
      configuration: configuration, clock: clock ?? manualClock.clock, random: random,
      hooks: hooks)
  }
}

/// A number that several test threads bump and read.
final class SharedCount: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  func increment() {
    lock.lock()
    count += 1
    lock.unlock()
  }

  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
}
