import Foundation
import RedisClient

/// Cache-aside reads and writes of items for one client thread, over its own connection.
///
/// Read: GET the item's key; on a miss load it from the store and SET it with a TTL plus
/// random jitter, so keys loaded together do not all expire together. Write: update the
/// store, then DEL the key. The store, the counters and the stampede protection are shared
/// by all the clients of a process; the connection is not (hiredis blocks, so each client
/// thread owns one). Not thread-safe itself: one `CacheAside` per thread.
public final class CacheAside {
  /// What a cache client does; shared by all clients of a run.
  public struct Configuration: Sendable {
    /// The names of the keys, all under one prefix.
    public var keys: CacheKeys
    /// Seconds a cached value lives, before jitter.
    public var ttl: Double
    /// The TTL varies uniformly by ± this fraction (0.1: 60 s becomes 54…66 s).
    public var jitterFraction: Double
    /// What happens when many clients miss the same key at once.
    public var protection: StampedeProtection
    /// Whether a late fill may put back an old value (the stale-set race) or is guarded.
    public var staleSetFix: StaleSetFix

    public init(
      keyPrefix: String = CacheKeys.defaultPrefix, ttl: Double = 60, jitterFraction: Double = 0.1,
      protection: StampedeProtection = .none, staleSetFix: StaleSetFix = .none
    ) {
      self.keys = CacheKeys(prefix: keyPrefix)
      self.ttl = ttl
      self.jitterFraction = jitterFraction
      self.protection = protection
      self.staleSetFix = staleSetFix
    }

    /// Throws `CacheError.invalidConfiguration` with a one-line reason for impossible values.
    public func validate() throws {
      func invalid(_ message: String) -> CacheError { .invalidConfiguration(message) }
      if keys.prefix.isEmpty { throw invalid("The key prefix must not be empty") }
      if !(ttl > 0) { throw invalid("The TTL must be more than 0 seconds (got \(ttl))") }
      if !(0..<1).contains(jitterFraction) {
        throw invalid("The TTL jitter must be at least 0 and below 1 (got \(jitterFraction))")
      }
      switch protection {
      case .redisLock(let options):
        if !(options.lockTTL > 0) { throw invalid("The lock TTL must be more than 0 seconds") }
        if !(options.pollInterval > 0) {
          throw invalid("The lock poll interval must be more than 0 seconds")
        }
        if !(options.waitDeadline >= 0) { throw invalid("The lock wait must not be negative") }
        if options.serveStale && !(options.staleTTL > ttl) {
          throw invalid("The stale copy's TTL must be longer than the TTL")
        }
      case .xfetch(let beta):
        if !(beta > 0) { throw invalid("XFetch's beta must be more than 0 (got \(beta))") }
      case .none, .singleFlight: break
      }
      if case .lease(let leaseTTL) = staleSetFix, !(leaseTTL > 0) {
        throw invalid("The lease TTL must be more than 0 seconds")
      }
    }
  }

  /// Points where a test or a demo can stop a client, to force an interleaving.
  ///
  /// The hooks run on the client's thread; blocking in one (on a semaphore or a barrier)
  /// holds that client exactly there, e.g. between its store read and its SET.
  public struct Hooks: Sendable {
    /// After a read found no usable value (not called for hits or XFetch's early recomputes).
    public var afterMiss: @Sendable (_ id: Int) -> Void
    /// Just before this client loads from the store.
    public var beforeStoreLoad: @Sendable (_ id: Int) -> Void
    /// After this client's store load returned, before it fills the cache.
    public var afterStoreLoad: @Sendable (_ id: Int, _ loaded: Item?) -> Void
    /// After the fill, saying whether the value was written (false when a lease was lost).
    public var afterFill: @Sendable (_ id: Int, _ written: Bool) -> Void

    public init(
      afterMiss: @escaping @Sendable (Int) -> Void = { _ in },
      beforeStoreLoad: @escaping @Sendable (Int) -> Void = { _ in },
      afterStoreLoad: @escaping @Sendable (Int, Item?) -> Void = { _, _ in },
      afterFill: @escaping @Sendable (Int, Bool) -> Void = { _, _ in }
    ) {
      self.afterMiss = afterMiss
      self.beforeStoreLoad = beforeStoreLoad
      self.afterStoreLoad = afterStoreLoad
      self.afterFill = afterFill
    }

    /// No hooks.
    public static let none = Hooks()
  }

  public let configuration: Configuration
  public let store: ItemStore
  public let counters: CacheCounters
  private let connection: Connection
  private let clock: DemoClock
  private let random: any RandomSource
  private let hooks: Hooks
  private let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return encoder
  }()
  private let decoder = JSONDecoder()

  /// A client over `connection`, which it then owns (use it from this client's thread only).
  ///
  /// Throws `CacheError.invalidConfiguration` for impossible settings.
  public init(
    connection: Connection, store: ItemStore, counters: CacheCounters,
    configuration: Configuration = Configuration(), clock: DemoClock = .system,
    random: any RandomSource = SystemRandom(), hooks: Hooks = .none
  ) throws {
    try configuration.validate()
    self.connection = connection
    self.store = store
    self.counters = counters
    self.configuration = configuration
    self.clock = clock
    self.random = random
    self.hooks = hooks
  }

  private var keys: CacheKeys { configuration.keys }

  // MARK: - Reading

  /// Reads an item through the cache; `item` is nil when the store has no such id.
  ///
  /// Ids the store lacks are not cached (no negative caching), so each read of one loads.
  public func get(id: Int) throws -> CacheRead {
    if case .xfetch(let beta) = configuration.protection {
      return try getWithXFetch(id: id, beta: beta)
    }
    if let item = try cachedItem(key: keys.item(id)) {
      counters.recordHit()
      return CacheRead(item: item, source: .cache)
    }
    counters.recordMiss()
    hooks.afterMiss(id)
    switch configuration.protection {
    case .none, .xfetch:
      return CacheRead(item: try loadAndFill(id: id), source: .store)
    case .singleFlight(let flight):
      let (item, shared) = try flight.run(
        key: keys.item(id), onWait: { counters.recordLockWait() },
        { try loadAndFill(id: id) })
      return CacheRead(item: item, source: shared ? .otherLoader : .store)
    case .redisLock(let options):
      return try getWithLock(id: id, options: options)
    }
  }

  /// Reads an item when the caller already holds the reply to `GET` of its key.
  ///
  /// The GET was pipelined with other work (such as a rate-limit decision), so a hit costs no
  /// round trip of its own. A miss, or an XFetch cache, takes the usual path.
  public func get(id: Int, cachedReply: Reply) throws -> CacheRead {
    if case .xfetch = configuration.protection { return try get(id: id) }
    if case .bulk(let bytes) = cachedReply,
      let item = ItemJSONReader.decode(bytes) ?? (try? decoder.decode(Item.self, from: Data(bytes)))
    {
      counters.recordHit()
      return CacheRead(item: item, source: .cache)
    }
    return try get(id: id)
  }

  private func getWithLock(id: Int, options: RedisLockOptions) throws -> CacheRead {
    // Unique across processes even when runs share a random seed: a token another client
    // could also hold would defeat the compare-and-delete release.
    let token = UUID().uuidString
    if try acquire(key: keys.lock(id), token: token, ttl: options.lockTTL) {
      return try loadHoldingLock(id: id, token: token)
    }
    if options.serveStale, let stale = try cachedItem(key: keys.stale(id)) {
      // Counted after the read, so "every waiter has waited" also means every waiter has its
      // stale copy: the holder's refresh cannot overtake a waiter that was already counted.
      counters.recordLockWait()
      counters.recordStaleServed()
      return CacheRead(item: stale, source: .stale)
    }
    counters.recordLockWait()
    let deadline = clock.now() + options.waitDeadline
    while clock.now() < deadline {
      clock.sleep(options.pollInterval)
      if let item = try cachedItem(key: keys.item(id)) {
        return CacheRead(item: item, source: .otherLoader)
      }
      // The holder may have given up (no item, an error) or its lock expired: take over.
      if try acquire(key: keys.lock(id), token: token, ttl: options.lockTTL) {
        return try loadHoldingLock(id: id, token: token)
      }
    }
    // The holder is stuck or very slow; answering from the store beats failing the read.
    return CacheRead(item: try loadAndFill(id: id), source: .store)
  }

  private func loadHoldingLock(id: Int, token: String) throws -> CacheRead {
    defer {
      // If Redis is unreachable the release fails; the lock's TTL frees it instead.
      _ = try? release(key: keys.lock(id), token: token)
    }
    // Look again: the previous holder may have filled the cache between our GET and our
    // SET NX, and loading again would be the very stampede the lock prevents.
    if let item = try cachedItem(key: keys.item(id)) {
      return CacheRead(item: item, source: .otherLoader)
    }
    return CacheRead(item: try loadAndFill(id: id), source: .store)
  }

  private func getWithXFetch(id: Int, beta: Double) throws -> CacheRead {
    if let envelope = try cachedEnvelope(id: id) {
      let recompute = XFetch.shouldRecompute(
        now: clock.now(), delta: envelope.delta, beta: beta, expiry: envelope.expiry,
        random: random)
      if !recompute {
        counters.recordHit()
        return CacheRead(item: envelope.item, source: .cache)
      }
      counters.recordEarlyRecompute()
      return CacheRead(item: try loadAndFill(id: id), source: .earlyRecompute)
    }
    counters.recordMiss()
    hooks.afterMiss(id)
    return CacheRead(item: try loadAndFill(id: id), source: .store)
  }

  // MARK: - Writing

  /// Writes `item` to the store (bumping its version), then deletes its cached value.
  ///
  /// DEL, not SET: two writers can finish their store writes in one order and their cache
  /// SETs in the other, leaving the older value cached until the TTL ends; a DEL has no
  /// order to get wrong, and the next reader loads whatever the store holds then. It also
  /// skips serializing a value nobody may read. With leases, the lease is deleted in the
  /// same command, so a reader that loaded before this write cannot fill the cache.
  /// Returns the item as stored.
  @discardableResult
  public func update(_ item: Item) throws -> Item {
    let stored = try store.write(item)
    var command = ["DEL", keys.item(item.id)]
    if case .lease = configuration.staleSetFix { command.append(keys.lease(item.id)) }
    try connection.checkedSend(command)
    return stored
  }

  // MARK: - Loading and filling

  /// Whether the fill after a load may write, and under which lease.
  private enum FillPermission {
    case unconditional
    case lease(token: String)
    /// Another reader holds the lease: answer from the store but leave the cache alone.
    case refused
  }

  private func loadAndFill(id: Int) throws -> Item? {
    let permission: FillPermission
    if case .lease(let leaseTTL) = configuration.staleSetFix {
      let token = UUID().uuidString
      let acquired = try acquire(key: keys.lease(id), token: token, ttl: leaseTTL)
      permission = acquired ? .lease(token: token) : .refused
    } else {
      permission = .unconditional
    }
    hooks.beforeStoreLoad(id)
    let started = clock.now()
    let loaded = try store.load(id: id)
    let delta = clock.now() - started
    counters.recordLoad()
    hooks.afterStoreLoad(id, loaded)
    guard let item = loaded else {
      if case .lease(let token) = permission { try release(key: keys.lease(id), token: token) }
      return nil
    }
    let written = try fill(item: item, delta: delta, permission: permission)
    hooks.afterFill(id, written)
    return item
  }

  private func fill(item: Item, delta: Double, permission: FillPermission) throws -> Bool {
    let ttl = jitteredTTL()
    let value: [UInt8]
    if case .xfetch = configuration.protection {
      value = try encode(XFetchEnvelope(item: item, delta: delta, expiry: clock.now() + ttl))
    } else {
      value = try encode(item)
    }
    var staleTTL: Double?
    if case .redisLock(let options) = configuration.protection, options.serveStale {
      staleTTL = options.staleTTL
    }
    let itemKey = argument(keys.item(item.id))
    let staleKey = argument(keys.stale(item.id))
    switch permission {
    case .refused:
      return false
    case .unconditional:
      var commands: [[[UInt8]]] = [
        [argument("SET"), itemKey, value, argument("PX"), argument(milliseconds(ttl))]
      ]
      if let staleTTL {
        commands.append([
          argument("SET"), staleKey, try encode(item), argument("PX"),
          argument(milliseconds(staleTTL)),
        ])
      }
      try connection.checkedPipeline(commands)
      return true
    case .lease(let token):
      var keyArguments = [itemKey, argument(keys.lease(item.id))]
      var valueArguments = [argument(token), value, argument(milliseconds(ttl))]
      if let staleTTL {
        keyArguments.append(staleKey)
        valueArguments.append(argument(milliseconds(staleTTL)))
      }
      let reply = try connection.checkedSend(
        [
          argument("EVAL"), argument(CacheScripts.fillIfLeaseHeld),
          argument(keyArguments.count),
        ] + keyArguments + valueArguments)
      return reply.integer == 1
    }
  }

  private func jitteredTTL() -> Double {
    let spread = configuration.jitterFraction * (2 * random.nextDouble() - 1)
    return configuration.ttl * (1 + spread)
  }

  // MARK: - Redis helpers

  /// The item stored as JSON under `key`, or nil when absent or unreadable.
  ///
  /// An unreadable value (the learner overwrote it by hand) is a miss: the fill replaces it.
  private func cachedItem(key: String) throws -> Item? {
    let reply = try connection.checkedSend(["GET", key])
    guard case .bulk(let bytes) = reply else { return nil }
    return ItemJSONReader.decode(bytes) ?? (try? decoder.decode(Item.self, from: Data(bytes)))
  }

  private func cachedEnvelope(id: Int) throws -> XFetchEnvelope? {
    let reply = try connection.checkedSend(["GET", keys.item(id)])
    guard case .bulk(let bytes) = reply else { return nil }
    return try? decoder.decode(XFetchEnvelope.self, from: Data(bytes))
  }

  private func acquire(key: String, token: String, ttl: Double) throws -> Bool {
    let reply = try connection.checkedSend(
      ["SET", key, token, "NX", "PX", String(milliseconds(ttl))])
    return reply != .null
  }

  @discardableResult
  private func release(key: String, token: String) throws -> Bool {
    try connection.checkedSend(["EVAL", CacheScripts.compareAndDelete, "1", key, token]).integer
      == 1
  }

  private func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
    Array(try encoder.encode(value))
  }
}

/// The answer to one `CacheAside.get`, and where it came from.
public struct CacheRead: Sendable, Equatable {
  /// Where a read's answer came from.
  public enum Source: String, Sendable, Codable {
    /// A hit: the cached value.
    case cache
    /// A miss this client loaded from the store (and filled, unless a lease said no).
    case store
    /// XFetch found the value but recomputed it early from the store.
    case earlyRecompute
    /// A miss answered by another client's load (single-flight or the lock holder).
    case otherLoader
    /// A miss answered with the stale copy while another client reloads.
    case stale
  }

  /// The item, or nil when the store has no such id.
  public var item: Item?
  public var source: Source

  public init(item: Item?, source: Source) {
    self.item = item
    self.source = source
  }

  /// Whether this read loaded from the store.
  public var loadedFromStore: Bool { source == .store || source == .earlyRecompute }
}
