/// A least-recently-used cache with O(1) get and put: a hash map into a doubly linked list.
///
/// The list runs from the most recent key to the least recent one. Nodes live in arrays
/// and link by index, so there is no reference counting on the hot path.
public struct LRUCache<Key: Hashable & Sendable>: Sendable {
  /// The most keys the cache holds.
  public let capacity: Int
  private var nodeOf: [Key: Int] = [:]
  private var keys: [Key?] = [nil, nil]
  private var values: [Int] = [0, 0]
  // Node 0 is the head sentinel (before the most recent), node 1 the tail (after the least).
  private var previous: [Int] = [0, 0]
  private var following: [Int] = [1, 1]
  private var freeNodes: [Int] = []
  private static var head: Int { 0 }
  private static var tail: Int { 1 }

  /// An empty cache holding at most `capacity` keys (at least 1).
  public init(capacity: Int) {
    precondition(capacity >= 1, "capacity must be at least 1")
    self.capacity = capacity
  }

  /// The number of keys cached.
  public var count: Int { nodeOf.count }

  /// The value of `key`, which becomes the most recent; nil on a miss.
  public mutating func get(_ key: Key) -> Int? {
    guard let node = nodeOf[key] else { return nil }
    moveToFront(node)
    return values[node]
  }

  /// Stores `key`, which becomes the most recent; returns the key evicted to make room, if any.
  @discardableResult
  public mutating func put(_ key: Key, _ value: Int) -> (key: Key, value: Int)? {
    if let node = nodeOf[key] {
      values[node] = value
      moveToFront(node)
      return nil
    }
    var evicted: (key: Key, value: Int)?
    if nodeOf.count == capacity {
      let last = previous[Self.tail]
      evicted = (keys[last]!, values[last])
      unlink(last)
      nodeOf[keys[last]!] = nil
      keys[last] = nil
      freeNodes.append(last)
    }
    let node: Int
    if let reused = freeNodes.popLast() {
      node = reused
      keys[node] = key
      values[node] = value
    } else {
      node = keys.count
      keys.append(key)
      values.append(value)
      previous.append(0)
      following.append(0)
    }
    nodeOf[key] = node
    linkAtFront(node)
    return evicted
  }

  /// Runs one operation and reports what it did.
  public mutating func apply(_ operation: CacheOperation<Key>) -> CacheResult<Key> {
    switch operation {
    case .get(let key):
      return get(key).map { .hit($0) } ?? .miss
    case .put(let key, let value):
      if nodeOf[key] != nil {
        put(key, value)
        return .updated
      }
      return .inserted(evicted: put(key, value)?.key)
    }
  }

  /// The cached entries from the most recent to the least recent.
  public var entriesByRecency: [(key: Key, value: Int)] {
    var entries: [(key: Key, value: Int)] = []
    var node = following[Self.head]
    while node != Self.tail {
      entries.append((keys[node]!, values[node]))
      node = following[node]
    }
    return entries
  }

  private mutating func unlink(_ node: Int) {
    following[previous[node]] = following[node]
    previous[following[node]] = previous[node]
  }

  private mutating func linkAtFront(_ node: Int) {
    let first = following[Self.head]
    previous[node] = Self.head
    following[node] = first
    previous[first] = node
    following[Self.head] = node
  }

  private mutating func moveToFront(_ node: Int) {
    unlink(node)
    linkAtFront(node)
  }
}
