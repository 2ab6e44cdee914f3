/// A cached key in an LFU: its value, how often it was used, and when it was used last.
public struct LFUEntry<Key: Hashable & Sendable>: Sendable, Equatable {
  /// The key.
  public var key: Key
  /// Its value.
  public var value: Int
  /// Gets and puts of this key since it was inserted, counting the insert.
  public var frequency: Int
  /// A counter value that grows with every operation: larger is more recent.
  public var lastUse: Int

  /// An entry for `key` holding `value`, used `frequency` times, last at `lastUse`.
  public init(key: Key, value: Int, frequency: Int, lastUse: Int) {
    self.key = key
    self.value = value
    self.frequency = frequency
    self.lastUse = lastUse
  }

  /// True when this entry is evicted before `other`: lower frequency, then older last use.
  public func isEvicted(before other: LFUEntry) -> Bool {
    (frequency, lastUse) < (other.frequency, other.lastUse)
  }
}

/// A least-frequently-used cache: the key with the fewest uses is evicted, the least recent of
/// those when several tie.
///
/// A min-heap on (frequency, last use) finds the victim. Entries are never updated in the
/// heap: each use pushes a fresh one and the stale ones are skipped when they surface.
public struct LFUCache<Key: Hashable & Sendable>: Sendable {
  /// The most keys the cache holds.
  public let capacity: Int
  private var entries: [Key: LFUEntry<Key>] = [:]
  private var candidates = BinaryHeap<LFUEntry<Key>> { $0.isEvicted(before: $1) }
  private var clock = 0

  /// An empty cache holding at most `capacity` keys (at least 1).
  public init(capacity: Int) {
    precondition(capacity >= 1, "capacity must be at least 1")
    self.capacity = capacity
  }

  /// The number of keys cached.
  public var count: Int { entries.count }

  /// The value of `key`, whose use count goes up by one; nil on a miss.
  public mutating func get(_ key: Key) -> Int? {
    guard var entry = entries[key] else { return nil }
    touch(&entry)
    return entry.value
  }

  /// Stores `key`; returns the key evicted to make room, if any.
  @discardableResult
  public mutating func put(_ key: Key, _ value: Int) -> LFUEntry<Key>? {
    if var entry = entries[key] {
      entry.value = value
      touch(&entry)
      return nil
    }
    var evicted: LFUEntry<Key>?
    if entries.count == capacity {
      while let candidate = candidates.popFirst()?.element {
        // Only the heap entry matching the key's current use is live.
        if entries[candidate.key] == candidate {
          evicted = candidate
          entries[candidate.key] = nil
          break
        }
      }
    }
    clock += 1
    let entry = LFUEntry(key: key, value: value, frequency: 1, lastUse: clock)
    entries[key] = entry
    candidates.insert(entry)
    compactIfStale()
    return evicted
  }

  /// Runs one operation and reports what it did.
  public mutating func apply(_ operation: CacheOperation<Key>) -> CacheResult<Key> {
    switch operation {
    case .get(let key):
      return get(key).map { .hit($0) } ?? .miss
    case .put(let key, let value):
      if entries[key] != nil {
        put(key, value)
        return .updated
      }
      return .inserted(evicted: put(key, value)?.key)
    }
  }

  /// The cached entries in eviction order: the next victim first.
  public var entriesByEvictionOrder: [LFUEntry<Key>] {
    entries.values.sorted { $0.isEvicted(before: $1) }
  }

  private mutating func touch(_ entry: inout LFUEntry<Key>) {
    clock += 1
    entry.frequency += 1
    entry.lastUse = clock
    entries[entry.key] = entry
    candidates.insert(entry)
    compactIfStale()
  }

  /// Rebuilds the heap from the live entries once stale ones outnumber them.
  private mutating func compactIfStale() {
    guard candidates.count > 2 * entries.count + 16 else { return }
    candidates = BinaryHeap(unordered: Array(entries.values)) { $0.isEvicted(before: $1) }
    candidates.heapify()
  }
}
