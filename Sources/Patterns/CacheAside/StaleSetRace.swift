import Foundation
import RedisClient

/// One step of the stale-set race, in the order it happened.
public struct StaleSetStep: Sendable, Equatable, Codable {
  /// Who acted.
  public enum Actor: String, Sendable, Codable {
    case reader
    case writer
    /// A later read that shows what the race left in the cache.
    case observer
  }

  public var actor: Actor
  /// What the actor did and what came back, such as `GET rt:demo:cache:item:7 → (nil)`.
  public var action: String

  public init(actor: Actor, action: String) {
    self.actor = actor
    self.action = action
  }
}

/// What one run of the stale-set race did and left behind.
public struct StaleSetOutcome: Sendable, Equatable, Codable {
  /// Whether the reader and writer used leases.
  public var fixed: Bool
  public var steps: [StaleSetStep]
  /// The version the reader loaded from the store before the writer's write.
  public var versionReaderLoaded: Int
  /// The version the store holds after the writer's write.
  public var storeVersion: Int
  /// The version in the cache at the end, nil when the key is empty.
  public var cachedVersion: Int?
  /// Seconds the cached value still has to live, nil when the key is empty.
  public var cachedTTL: Double?

  /// Whether the cache ended holding an older version than the store.
  public var cacheIsStale: Bool { cachedVersion.map { $0 < storeVersion } ?? false }
}

/// The stale-set race of "Scaling Memcache at Facebook" (NSDI 2013), reproduced on demand.
///
/// A reader misses and reads version v from the store; before its SET, a writer writes
/// v+1 and deletes the key; then the reader's late SET puts v back, and every reader gets
/// the old version until the TTL ends. The reader is held between its store read and its
/// SET by a hook, so the interleaving happens every time, not by luck. With `fix`, the
/// reader takes a lease on its miss, the writer's DEL removes the lease too, and the
/// reader's fill (one script) writes only while its lease is still there.
public enum StaleSetRace {
  /// Plays the race once on two connections (reader on a thread of its own, writer on the
  /// calling thread) and returns its steps and what the cache holds afterwards.
  ///
  /// The item `id` must be in the store; its cached value and lease are deleted first, and
  /// the writer changes its price by one cent.
  public static func run(
    fix: Bool, options: ConnectionOptions, store: ItemStore, id: Int = 1,
    keyPrefix: String = CacheKeys.defaultPrefix, ttl: Double = 60, clock: DemoClock = .system,
    timeout: Double = 10
  ) throws -> StaleSetOutcome {
    let keys = CacheKeys(prefix: keyPrefix)
    let configuration = CacheAside.Configuration(
      keyPrefix: keyPrefix, ttl: ttl, jitterFraction: 0,
      staleSetFix: fix ? .lease() : .none)
    let writerConnection = try Connection(options)
    guard let original = try store.peek(id: id) else { throw CacheError.itemNotFound(id: id) }
    try writerConnection.checkedSend(["DEL", keys.item(id), keys.lease(id)])

    let steps = Locked<[StaleSetStep]>([])
    @Sendable func record(_ actor: StaleSetStep.Actor, _ action: String) {
      steps.withLock { $0.append(StaleSetStep(actor: actor, action: action)) }
    }
    let readerLoaded = DispatchSemaphore(value: 0)
    let readerMayGoOn = DispatchSemaphore(value: 0)
    let readerFinished = DispatchSemaphore(value: 0)
    let loadedVersion = Locked<Int?>(nil)
    let hooks = CacheAside.Hooks(
      afterMiss: { id in record(.reader, "GET \(keys.item(id)) → (nil): a miss") },
      beforeStoreLoad: { id in
        if fix { record(.reader, "SET \(keys.lease(id)) <token> NX PX … → OK: takes a lease") }
      },
      afterStoreLoad: { _, item in
        loadedVersion.withLock { $0 = item?.version }
        record(
          .reader,
          "reads version \(item?.version ?? 0) from the store, then stalls before its SET")
        readerLoaded.signal()
        _ = readerMayGoOn.wait(timeout: .now() + timeout)
      },
      afterFill: { id, written in
        if !fix {
          record(
            .reader,
            "SET \(keys.item(id)) {version \(loadedVersion.current ?? 0)} PX … → OK: "
              + "the old version is back in the cache")
        } else if written {
          record(.reader, "fill-if-lease script → 1: lease still held, value written")
        } else {
          record(.reader, "fill-if-lease script → 0: its lease is gone, nothing written")
        }
      })

    let readerOutcome = Locked<Result<CacheRead, any Error>?>(nil)
    let reader = Thread {
      let outcome = Result<CacheRead, any Error> {
        let cache = try CacheAside(
          connection: Connection(options), store: store, counters: CacheCounters(),
          configuration: configuration, clock: clock, hooks: hooks)
        return try cache.get(id: id)
      }
      readerOutcome.withLock { $0 = outcome }
      readerFinished.signal()
    }
    reader.name = "stale-set-reader"
    reader.start()

    func waitForReader() throws {
      guard readerFinished.wait(timeout: .now() + timeout) == .success else {
        throw CacheError.timedOut("the stale-set reader did not finish")
      }
      if case .failure(let error) = readerOutcome.current { throw error }
    }

    guard readerLoaded.wait(timeout: .now() + timeout) == .success else {
      // The reader failed (or hit the cache) before reaching its store read.
      try waitForReader()
      throw CacheError.timedOut("the stale-set reader never read the store")
    }
    var changed = original
    changed.priceCents += 1
    let writer = try CacheAside(
      connection: writerConnection, store: store, counters: CacheCounters(),
      configuration: configuration, clock: clock)
    let written = try writer.update(changed)
    record(.writer, "writes version \(written.version) to the store")
    record(
      .writer,
      fix
        ? "DEL \(keys.item(id)) \(keys.lease(id)): drops the value and the reader's lease"
        : "DEL \(keys.item(id)): drops the cached value (there is none yet)")
    readerMayGoOn.signal()
    try waitForReader()

    let cached = try writerConnection.checkedSend(["GET", keys.item(id)])
    var cachedVersion: Int?
    var cachedTTL: Double?
    if case .bulk(let bytes) = cached, let item = ItemCodec().decode(bytes) {
      cachedVersion = item.version
      let milliseconds = try writerConnection.checkedSend(["PTTL", keys.item(id)]).integer ?? -1
      cachedTTL = milliseconds >= 0 ? Double(milliseconds) / 1000 : nil
    }
    let storeVersion = try store.peek(id: id)?.version ?? written.version
    if let cachedVersion, cachedVersion < storeVersion {
      record(
        .observer,
        "GET \(keys.item(id)) → version \(cachedVersion) while the store has \(storeVersion): "
          + "stale for the next \(Int((cachedTTL ?? 0).rounded())) s")
    } else if let cachedVersion {
      record(.observer, "GET \(keys.item(id)) → version \(cachedVersion): fresh")
    } else {
      record(
        .observer,
        "GET \(keys.item(id)) → (nil): the next read loads version \(storeVersion)")
    }
    return StaleSetOutcome(
      fixed: fix, steps: steps.current, versionReaderLoaded: loadedVersion.current ?? 0,
      storeVersion: storeVersion, cachedVersion: cachedVersion, cachedTTL: cachedTTL)
  }
}
