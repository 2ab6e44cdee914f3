/// What the cache clients did, counted across all their threads.
///
/// Every `CacheAside.get` counts as exactly one of `hits`, `misses` or `earlyRecomputes`;
/// the other counters say what happened next. Thread-safe: the client threads share one.
public final class CacheCounters: Sendable {
  /// A consistent copy of the counters at one moment.
  public struct Snapshot: Sendable, Equatable, Codable {
    /// Reads answered from the cache without touching the store.
    public var hits = 0
    /// Reads that found no usable value in the cache.
    public var misses = 0
    /// Store loads made by the cache clients (a miss may wait instead of loading).
    public var loads = 0
    /// Misses answered with the stale copy while another client reloaded.
    public var staleServed = 0
    /// XFetch reads that found a value but chose to recompute it before it expired.
    public var earlyRecomputes = 0
    /// Misses that waited for another loader (single-flight or a Redis lock).
    public var lockWaits = 0

    public init() {}

    /// All reads: hits, misses and early recomputes.
    public var requests: Int { hits + misses + earlyRecomputes }

    /// The share of reads answered from the cache, 0 when there were none.
    public var hitRatio: Double { requests == 0 ? 0 : Double(hits) / Double(requests) }

    /// The counts accumulated since `earlier` was taken.
    public func subtracting(_ earlier: Snapshot) -> Snapshot {
      var difference = Snapshot()
      difference.hits = hits - earlier.hits
      difference.misses = misses - earlier.misses
      difference.loads = loads - earlier.loads
      difference.staleServed = staleServed - earlier.staleServed
      difference.earlyRecomputes = earlyRecomputes - earlier.earlyRecomputes
      difference.lockWaits = lockWaits - earlier.lockWaits
      return difference
    }
  }

  private let counts = Locked(Snapshot())

  public init() {}

  /// The counters now.
  public func snapshot() -> Snapshot { counts.current }

  /// Sets every counter back to zero.
  public func reset() { counts.withLock { $0 = Snapshot() } }

  func recordHit() { counts.withLock { $0.hits += 1 } }
  func recordMiss() { counts.withLock { $0.misses += 1 } }
  func recordLoad() { counts.withLock { $0.loads += 1 } }
  func recordStaleServed() { counts.withLock { $0.staleServed += 1 } }
  func recordEarlyRecompute() { counts.withLock { $0.earlyRecomputes += 1 } }
  func recordLockWait() { counts.withLock { $0.lockWaits += 1 } }
}
