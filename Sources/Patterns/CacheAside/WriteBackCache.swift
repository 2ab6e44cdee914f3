import Foundation
import RedisClient

/// Write-back: a write goes to the cache and a dirty set and returns at once; a flush
/// worker copies dirty items to the store later.
///
/// Writes are as fast as Redis, but a reader of the store sees the old version until the
/// next flush (the staleness window, up to one flush interval), and writes not yet flushed
/// are lost if the cache loses its memory first (`crash()`). The dirty set
/// (`<prefix>dirty`) is an ordinary Redis set, so the learner can watch it fill and drain.
/// The flush worker runs on a thread of its own with a connection of its own. Use the
/// object itself from one thread (it owns the caller's connection).
public final class WriteBackCache: ItemCache {
  /// What a write-back cache does.
  public struct Configuration: Sendable {
    public var keys: CacheKeys
    /// Seconds a value lives once flushed; dirty values have no TTL, so none expires unsaved.
    public var ttl: Double
    /// Seconds between flushes by the worker; nil starts no worker (flush with `flushNow`).
    ///
    /// The worker naps on the injected clock; on a manual clock each nap advances time, so
    /// tests that move time by hand leave this nil and call `flushNow`.
    public var flushInterval: Double?

    public init(
      keyPrefix: String = CacheKeys.defaultPrefix, ttl: Double = 60, flushInterval: Double? = 1
    ) {
      self.keys = CacheKeys(prefix: keyPrefix)
      self.ttl = ttl
      self.flushInterval = flushInterval
    }
  }

  public let configuration: Configuration
  public let store: ItemStore
  private let connection: Connection
  private let clock: DemoClock
  private let codec = ItemCodec()
  private let worker: FlushWorker?

  /// A write-back cache writing over `connection`; the worker (if any) opens its own
  /// connection with `workerOptions`.
  public init(
    connection: Connection, workerOptions: ConnectionOptions, store: ItemStore,
    configuration: Configuration = Configuration(), clock: DemoClock = .system
  ) throws {
    guard configuration.ttl > 0 else {
      throw CacheError.invalidConfiguration("The TTL must be more than 0 seconds")
    }
    if let interval = configuration.flushInterval, !(interval > 0) {
      throw CacheError.invalidConfiguration("The flush interval must be more than 0 seconds")
    }
    self.connection = connection
    self.store = store
    self.configuration = configuration
    self.clock = clock
    if let interval = configuration.flushInterval {
      worker = try FlushWorker(
        connection: Connection(workerOptions), interval: interval, keys: configuration.keys,
        store: store, ttl: configuration.ttl, clock: clock)
    } else {
      worker = nil
    }
  }

  deinit { worker?.stop() }

  /// Caches the item with its version bumped and marks it dirty; the store is written later.
  ///
  /// The version is `item.version + 1` (pass the item as last read), as the store would
  /// number it. The SET and the SADD go in one MULTI so no write is cached but untracked.
  @discardableResult
  public func write(_ item: Item) throws -> Item {
    var written = item
    written.version = item.version + 1
    written.updatedAt = clock.now()
    let key = argument(configuration.keys.item(item.id))
    let replies = try connection.checkedPipeline([
      [argument("MULTI")],
      [argument("SET"), key, try codec.encode(written)],
      [argument("SADD"), argument(configuration.keys.dirty), argument(item.id)],
      [argument("EXEC")],
    ])
    // Errors inside a transaction come back as elements of EXEC's reply, not as replies.
    if let failed = replies.last?.array?.first(where: \.isError) {
      throw CacheError.redisError(command: "EXEC", message: failed.string ?? "")
    }
    return written
  }

  /// Reads from the cache (which holds the newest writes), loading from the store on a miss.
  public func read(id: Int) throws -> Item? {
    try readThroughCache(
      id: id, connection: connection, keys: configuration.keys, store: store,
      ttl: configuration.ttl)
  }

  /// The ids written but not yet flushed, in order.
  public func dirtyIDs() throws -> [Int] {
    try Self.dirtyIDs(connection: connection, keys: configuration.keys)
  }

  /// Flushes every dirty item to the store now, on the caller's connection.
  ///
  /// Returns how many store rows changed.
  @discardableResult
  public func flushNow() throws -> Int {
    try Self.flush(
      connection: connection, keys: configuration.keys, store: store, ttl: configuration.ttl)
  }

  /// Flushes done by the worker so far.
  public var workerFlushes: Int { worker?.state.current.flushes ?? 0 }

  /// The worker's last failure, if its last flush failed (it retries at the next interval).
  public var workerError: String? { worker?.state.current.lastError }

  /// Stops the worker, then flushes what is still dirty when `flush` is true.
  ///
  /// Safe to call more than once.
  public func stop(flush: Bool) throws {
    worker?.stop()
    if flush { try flushNow() }
  }

  /// Simulates the cache dying before the flush, as a Redis without persistence restarting.
  ///
  /// The worker stops without flushing, and the unflushed values and the dirty set vanish.
  /// Returns the ids whose latest write never reached the store: the lost writes.
  public func crash() throws -> [Int] {
    worker?.stop()
    let dirty = try dirtyIDs()
    var lost: [Int] = []
    for id in dirty {
      let cached = try connection.checkedSend(["GET", configuration.keys.item(id)])
      guard case .bulk(let bytes) = cached, let item = codec.decode(bytes) else { continue }
      if (try store.peek(id: id)?.version ?? 0) < item.version { lost.append(id) }
    }
    let keys = dirty.map { configuration.keys.item($0) } + [configuration.keys.dirty]
    try connection.checkedSend(["DEL"] + keys)
    return lost
  }

  // MARK: - Flushing (shared by the worker and flushNow)

  static func dirtyIDs(connection: Connection, keys: CacheKeys) throws -> [Int] {
    let reply = try connection.checkedSend(["SMEMBERS", keys.dirty])
    return (reply.array ?? []).compactMap { $0.string.flatMap { Int($0) } }.sorted()
  }

  static func flush(connection: Connection, keys: CacheKeys, store: ItemStore, ttl: Double)
    throws -> Int
  {
    let ids = try dirtyIDs(connection: connection, keys: keys)
    guard !ids.isEmpty else { return 0 }
    let values = try connection.checkedSend(["MGET"] + ids.map { keys.item($0) }).array ?? []
    let codec = ItemCodec()
    var saved = 0
    var markClean: [[[UInt8]]] = []
    for (id, value) in zip(ids, values) {
      guard case .bulk(let bytes) = value, let item = codec.decode(bytes) else {
        // The value is gone (deleted by hand, or the cache restarted): nothing to flush.
        markClean.append([argument("SREM"), argument(keys.dirty), argument(id)])
        continue
      }
      if try store.save(item) { saved += 1 }
      markClean.append(
        [argument("EVAL"), argument(CacheScripts.markCleanIfUnchanged), argument("2")]
          + [argument(keys.item(id)), argument(keys.dirty)]
          + [bytes, argument(id), argument(milliseconds(ttl))])
    }
    try connection.checkedPipeline(markClean)
    return saved
  }
}

/// The write-back flush loop, on a thread of its own with a connection of its own.
private final class FlushWorker: Sendable {
  struct State {
    var stopping = false
    var flushes = 0
    var lastError: String?
  }

  let state = Locked(State())
  private let finished = DispatchSemaphore(value: 0)
  private let running = Locked(true)

  init(
    connection: Connection, interval: Double, keys: CacheKeys, store: ItemStore, ttl: Double,
    clock: DemoClock
  ) {
    let owned = HandOver(connection)
    let state = self.state
    let finished = self.finished
    let thread = Thread {
      let connection = owned.value
      var nextFlush = clock.now() + interval
      while !state.current.stopping {
        let wait = nextFlush - clock.now()
        if wait > 0 {
          // Short naps keep stop() prompt without a second wake-up mechanism.
          clock.sleep(min(wait, 0.01))
          continue
        }
        do {
          _ = try WriteBackCache.flush(connection: connection, keys: keys, store: store, ttl: ttl)
          state.withLock {
            $0.flushes += 1
            $0.lastError = nil
          }
        } catch {
          state.withLock { $0.lastError = "\(error)" }
        }
        nextFlush = clock.now() + interval
      }
      finished.signal()
    }
    thread.name = "write-back-flush"
    thread.start()
  }

  /// Asks the loop to end and waits for it (at most one flush plus a nap).
  func stop() {
    let wasRunning = running.withLock { running -> Bool in
      defer { running = false }
      return running
    }
    guard wasRunning else { return }
    state.withLock { $0.stopping = true }
    finished.wait()
  }
}

/// A non-Sendable value handed from the thread that made it to the one thread that uses it.
private final class HandOver<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
