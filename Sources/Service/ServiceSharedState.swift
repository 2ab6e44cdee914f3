import Patterns

/// The state every pool thread's session shares: counters, rules, the single-flight table.
public final class ServiceSharedState: Sendable {
  /// Cache hit and miss counts over all threads.
  public let cacheCounters = CacheCounters()
  /// Limiter decisions over all threads.
  public let limiterCounters = RouteLimiterCounters()
  /// The limiter's rules.
  public let rules: RuleSet
  /// Collapses concurrent misses on one item in this process into one load.
  public let singleFlight = SingleFlight()
  /// The names of the service's keys.
  public let keys: ServiceKeys
  /// Cache-aside settings: the service's keys, a Redis lock against stampedes across
  /// processes.
  public let cacheConfiguration: CacheAside.Configuration

  public init(rules: RuleSet, cacheTTL: Double, keys: ServiceKeys = .standard) {
    self.rules = rules
    self.keys = keys
    cacheConfiguration = CacheAside.Configuration(
      keyPrefix: keys.prefix, ttl: cacheTTL, jitterFraction: 0.1,
      protection: .redisLock(RedisLockOptions(lockTTL: 5, pollInterval: 0.005, waitDeadline: 2)))
  }
}
