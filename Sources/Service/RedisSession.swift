import Patterns
import RedisClient

/// What one pool thread uses to talk to Redis; used only from that thread.
///
/// The route limiter connects on its own first decision, so it can fail open or closed while
/// Redis is down. The cache client and the queue handle share a second connection, made on
/// first use and again after making it failed; once made, the connection rebuilds itself
/// after a transport failure, so the service recovers when Redis returns.
public final class RedisSession {
  /// The per-route, per-IP limiter.
  public let limiter: RouteLimiter
  private let options: ConnectionOptions
  private let store: ItemStore?
  private let shared: ServiceSharedState
  private let queueConfiguration: QueueConfiguration
  private var made: RedisClients?

  /// A session for one thread; nothing connects yet.
  ///
  /// Without a SQLite `store` (items over HTTP) it has no `CacheAside` client.
  public init(
    options: ConnectionOptions, store: ItemStore?, shared: ServiceSharedState,
    queueConfiguration: QueueConfiguration
  ) {
    self.options = options
    self.store = store
    self.shared = shared
    self.queueConfiguration = queueConfiguration
    // The rules were checked when the service started, so this cannot throw.
    limiter = try! RouteLimiter(
      rules: shared.rules, options: options, keys: shared.keys.limiter,
      counters: shared.limiterCounters)
  }

  /// The cache client and queue handle, connecting first if needed; throws a `RedisError`
  /// when Redis cannot be reached.
  public func clients() throws -> RedisClients {
    if let made { return made }
    let connection = try Connection(options)
    let clients = RedisClients(
      connection: connection,
      cache: try store.map {
        try CacheAside(
          connection: connection, store: $0, counters: shared.cacheCounters,
          configuration: shared.cacheConfiguration)
      },
      queue: try ReliableQueue(connection: connection, configuration: queueConfiguration))
    made = clients
    return clients
  }
}

extension RedisSession {
  /// Runs `body` with the clients, once more when the connection turned out to be dead.
  ///
  /// A thread's connection can sit idle through a Redis restart; its first command then
  /// finds the socket closed, marks the connection broken, and the retry reconnects. Only
  /// `.closed` and `.io` are retried: the command cannot have reached the new server. A
  /// timeout is not, since the server may have run the command.
  public func withClients<Value>(_ body: (RedisClients) throws -> Value) throws -> Value {
    let clients = try clients()
    do {
      return try body(clients)
    } catch RedisError.closed, RedisError.io {
      return try body(clients)
    }
  }
}

/// A pool thread's Redis clients over one connection.
public struct RedisClients {
  /// The connection the clients share.
  public let connection: Connection
  /// Cache-aside reads and writes of the SQLite store's items (nil for items over HTTP).
  public let cache: CacheAside?
  /// The notification queue.
  public let queue: ReliableQueue
}
