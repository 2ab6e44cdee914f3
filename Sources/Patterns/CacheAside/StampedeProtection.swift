/// How a cache client avoids a stampede: many clients missing one key at once and all
/// loading it from the store.
public enum StampedeProtection: Sendable {
  /// Every miss loads from the store.
  case none
  /// Misses on the same key in this process wait for one load; other processes still load.
  case singleFlight(SingleFlight)
  /// A Redis lock per key: one client loads, the others poll (or serve a stale copy).
  case redisLock(RedisLockOptions)
  /// XFetch: each read may recompute a value before it expires, with a probability that
  /// grows as expiry nears; no locks, no waiting.
  case xfetch(beta: Double)

  /// A short name for tables and progress lines.
  public var name: String {
    switch self {
    case .none: return "none"
    case .singleFlight: return "single-flight"
    case .redisLock(let options): return options.serveStale ? "lock+stale" : "lock"
    case .xfetch(let beta): return beta == 1 ? "xfetch" : "xfetch(β=\(beta))"
    }
  }
}

/// Settings of the `.redisLock` stampede protection.
public struct RedisLockOptions: Sendable, Equatable {
  /// How long the lock lives if its holder never releases it (crashed, stuck), in seconds.
  public var lockTTL: Double
  /// How long a waiter sleeps between looks at the cache, in seconds.
  public var pollInterval: Double
  /// How long a waiter polls before it gives up and loads the item itself, in seconds.
  public var waitDeadline: Double
  /// Whether a waiter answers at once with the stale copy when there is one.
  public var serveStale: Bool
  /// How long the stale copy outlives a fill, in seconds (much longer than the TTL).
  public var staleTTL: Double

  public init(
    lockTTL: Double = 5, pollInterval: Double = 0.005, waitDeadline: Double = 2,
    serveStale: Bool = false, staleTTL: Double = 3600
  ) {
    self.lockTTL = lockTTL
    self.pollInterval = pollInterval
    self.waitDeadline = waitDeadline
    self.serveStale = serveStale
    self.staleTTL = staleTTL
  }
}

/// How a reader's late fill is kept from putting back an old value (the stale-set race).
public enum StaleSetFix: Sendable, Equatable {
  /// Fill unconditionally: a writer's DEL between the reader's load and its SET is undone.
  case none
  /// Take a lease (`SET lease TOKEN NX PX`) on a miss; `update` deletes it with the value,
  /// and the fill only happens if the lease is still the reader's (one script).
  case lease(ttl: Double = 10)
}
