import Patterns

/// The names of every Redis key the service writes, all under one prefix (`rt:svc:` unless
/// the configuration names another, as the stage tester's `KEY_PREFIX` does).
///
/// ```
/// rt:svc:item:42                                 STRING  cached item JSON (TTL 60 s ± 10 %)
/// rt:svc:lock:42                                 STRING  reload lock across processes (5 s)
/// rt:svc:rl:token-bucket:{/items/:id|127.0.0.1}  HASH    the limiter's state per route and IP
/// rt:svc:rl:sliding-window-counter:{…}:<ms>      STRING  windowed limiter counts
/// rt:svc:stats                                  HASH    denied:<route> → requests refused (429)
/// rt:svc:queue:{notifications}:pending           LIST    job ids waiting (and :active, :leases,
///                                                        :retry, :dead, :done, :seq, :job:ID,
///                                                        :sent:KEY, :unique:KEY, as `QueueKeys`
///                                                        lists them)
/// ```
public struct ServiceKeys: Sendable, Equatable {
  /// The prefix of every key the service writes.
  public let prefix: String
  /// The cache's keys: `<prefix>item:<id>` and `<prefix>lock:<id>`.
  public let cache: CacheKeys
  /// The limiter's keys: `<prefix>rl:<algorithm>:{<route>|<ip>}`.
  public let limiter: RateLimitKeys
  /// Counts of what the service refused, per route (`denied:/notifications`): a 429 leaves a
  /// trace the learner can check in Redis.
  public let stats: String
  /// The notification queue's keys: `<prefix>queue:{notifications}:…`.
  public let queue: QueueKeys

  /// The notification queue's name, its hash tag.
  public static let queueName = "notifications"
  /// The keys `redis-tutor serve` uses on the sandbox: `rt:svc:…`.
  public static let standard = ServiceKeys(prefix: "rt:svc:")

  /// Every key under `prefix`.
  public init(prefix: String) {
    self.prefix = prefix
    cache = CacheKeys(prefix: prefix)
    limiter = RateLimitKeys(prefix: prefix + "rl:")
    stats = prefix + "stats"
    queue = QueueKeys(name: Self.queueName, prefix: prefix + "queue:")
  }

  /// The prefix the queue's configuration takes: `<prefix>queue:`.
  public var queuePrefix: String { prefix + "queue:" }
}
