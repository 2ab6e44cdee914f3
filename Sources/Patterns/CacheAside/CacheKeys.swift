import RedisClient

/// The names of every key the cache demos use, all under one prefix.
///
/// Keeping every key under the prefix means a demo can list (`:peek`) and delete exactly
/// what it created, and never touches the learner's own keys.
public struct CacheKeys: Sendable, Equatable {
  /// The prefix used unless another is configured.
  public static let defaultPrefix = DemoKeyspace.prefix + "cache:"

  /// The prefix every key starts with.
  public let prefix: String

  public init(prefix: String = CacheKeys.defaultPrefix) { self.prefix = prefix }

  /// The cached value of an item: its JSON, or an XFetch envelope around it.
  public func item(_ id: Int) -> String { "\(prefix)item:\(id)" }
  /// The lock a client holds while it reloads an item (`.redisLock`).
  public func lock(_ id: Int) -> String { "\(prefix)lock:\(id)" }
  /// A copy of the item that outlives the cached value, served while another client reloads.
  public func stale(_ id: Int) -> String { "\(prefix)stale:\(id)" }
  /// The lease a reader takes on a miss; only its holder may fill the cache (stale-set fix).
  public func lease(_ id: Int) -> String { "\(prefix)lease:\(id)" }
  /// The set of item ids written to the cache but not yet to the store (write-back).
  public var dirty: String { "\(prefix)dirty" }

  /// A SCAN MATCH pattern for every key under the prefix (glob characters escaped).
  public var pattern: String { DemoKeyspace.pattern(under: prefix) }

  /// Every key under the prefix, found with SCAN (never KEYS, which blocks the server).
  public func existingKeys(using connection: Connection) throws -> [String] {
    try DemoKeyspace.keys(
      matching: pattern, send: { try connection.checkedSend($0) },
      unexpected: { CacheError.unexpectedReply(command: "SCAN", reply: $0) })
  }

  /// Deletes every key under the prefix; returns how many there were.
  @discardableResult
  public func deleteAll(using connection: Connection) throws -> Int {
    try DemoKeyspace.delete(existingKeys(using: connection)) { try connection.checkedSend($0) }
  }
}
