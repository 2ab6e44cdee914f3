import Patterns

/// The names of every Redis key the service writes, all under `rt:svc:`.
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
public enum ServiceKeys {
  /// The prefix of every key the service writes.
  public static let prefix = "rt:svc:"
  /// The cache's keys: `rt:svc:item:<id>` and `rt:svc:lock:<id>`.
  public static let cache = CacheKeys(prefix: prefix)
  /// The limiter's keys: `rt:svc:rl:<algorithm>:{<route>|<ip>}`.
  public static let limiter = RateLimitKeys(prefix: prefix + "rl:")
  /// Counts of what the service refused, per route (`denied:/notifications`): a 429 leaves a
  /// trace the learner can check in Redis.
  public static let stats = prefix + "stats"
  /// The notification queue's name, its hash tag.
  public static let queueName = "notifications"
  /// The notification queue's keys: `rt:svc:queue:{notifications}:…`.
  public static let queue = QueueKeys(name: queueName, prefix: prefix + "queue:")
}
