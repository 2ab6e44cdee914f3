/// One call on a key-value cache.
public enum CacheOperation<Key: Hashable & Sendable>: Sendable, Equatable {
  /// Read `key`; a hit makes it the most recent (and, in an LFU, one use more frequent).
  case get(Key)
  /// Write `key`; a new key in a full cache evicts one first.
  case put(Key, Int)

  /// The key the operation touches.
  public var key: Key {
    switch self {
    case .get(let key): key
    case .put(let key, _): key
    }
  }
}

/// What one cache operation did.
public enum CacheResult<Key: Hashable & Sendable>: Sendable, Equatable {
  /// A get found the key with this value.
  case hit(Int)
  /// A get did not find the key.
  case miss
  /// A put changed the value of a key already cached.
  case updated
  /// A put added a new key, evicting `evicted` first if the cache was full.
  case inserted(evicted: Key?)
}

/// Runs whole operation scripts through the reference caches.
public enum CacheSimulation {
  /// Each operation's result on an LRU cache of `capacity` (at least 1), in order.
  public static func lru<Key>(_ operations: [CacheOperation<Key>], capacity: Int) -> [CacheResult<
    Key
  >] {
    var cache = LRUCache<Key>(capacity: capacity)
    return operations.map { cache.apply($0) }
  }

  /// Each operation's result on an LFU cache of `capacity` (at least 1), in order.
  public static func lfu<Key>(_ operations: [CacheOperation<Key>], capacity: Int) -> [CacheResult<
    Key
  >] {
    var cache = LFUCache<Key>(capacity: capacity)
    return operations.map { cache.apply($0) }
  }
}
