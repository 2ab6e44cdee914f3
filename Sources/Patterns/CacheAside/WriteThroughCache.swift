import RedisClient

/// Write-through: a write goes to the store and then to the cache before it returns.
///
/// A reader of the store never sees an old version after a write returns (the staleness
/// window is zero) and a crash loses nothing, at the price of every write waiting for the
/// store. Reads are plain cache-aside. One per client thread, over its own connection.
public final class WriteThroughCache: ItemCache {
  public let keys: CacheKeys
  public let store: ItemStore
  /// Seconds a cached value lives.
  public let ttl: Double
  private let connection: Connection
  private let codec = ItemCodec()

  public init(
    connection: Connection, store: ItemStore, keyPrefix: String = CacheKeys.defaultPrefix,
    ttl: Double = 60
  ) throws {
    guard ttl > 0 else { throw CacheError.invalidConfiguration("The TTL must be more than 0") }
    self.connection = connection
    self.store = store
    self.keys = CacheKeys(prefix: keyPrefix)
    self.ttl = ttl
  }

  /// Writes the store (bumping the version), then SETs the stored item in the cache.
  ///
  /// SET rather than DEL is safe enough here only because the demo's writers do not race on
  /// one item; concurrent writers could leave the older value cached (see `CacheAside.update`).
  @discardableResult
  public func write(_ item: Item) throws -> Item {
    let stored = try store.write(item)
    try connection.checkedSend([
      argument("SET"), argument(keys.item(item.id)), try codec.encode(stored),
      argument("PX"), argument(milliseconds(ttl)),
    ])
    return stored
  }

  /// Reads from the cache, loading from the store and filling on a miss.
  public func read(id: Int) throws -> Item? {
    try readThroughCache(id: id, connection: connection, keys: keys, store: store, ttl: ttl)
  }
}

/// A cache that items are written through in some way, with a plain cache-aside read.
///
/// `WriteThroughCache` and `WriteBackCache` conform, so a demo can run one workload
/// against both and compare their staleness windows.
public protocol ItemCache: AnyObject {
  /// Writes an item; returns it as the cache and, eventually, the store will hold it.
  @discardableResult func write(_ item: Item) throws -> Item
  /// Reads an item through the cache; nil when neither cache nor store has it.
  func read(id: Int) throws -> Item?
}

/// GET, and on a miss load from the store and SET with `ttl`.
func readThroughCache(
  id: Int, connection: Connection, keys: CacheKeys, store: ItemStore, ttl: Double
) throws -> Item? {
  let codec = ItemCodec()
  if case .bulk(let bytes) = try connection.checkedSend(["GET", keys.item(id)]),
    let item = codec.decode(bytes)
  {
    return item
  }
  guard let item = try store.load(id: id) else { return nil }
  // NX: under write-back the cached value may be newer than the store's; never replace it.
  try connection.checkedSend([
    argument("SET"), argument(keys.item(id)), try codec.encode(item), argument("PX"),
    argument(milliseconds(ttl)), argument("NX"),
  ])
  return item
}
