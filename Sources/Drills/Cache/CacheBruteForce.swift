/// Slow, obviously-correct caches: plain arrays scanned on every operation.
public enum CacheBruteForce {
  /// LRU over an array ordered from least to most recent.
  public static func lru<Key>(_ operations: [CacheOperation<Key>], capacity: Int) -> [CacheResult<
    Key
  >] {
    var recency: [(key: Key, value: Int)] = []
    return operations.map { operation in
      let found = recency.firstIndex { $0.key == operation.key }
      switch operation {
      case .get:
        guard let found else { return .miss }
        let entry = recency.remove(at: found)
        recency.append(entry)
        return .hit(entry.value)
      case .put(let key, let value):
        if let found {
          recency.remove(at: found)
          recency.append((key, value))
          return .updated
        }
        var evicted: Key?
        if recency.count == capacity { evicted = recency.removeFirst().key }
        recency.append((key, value))
        return .inserted(evicted: evicted)
      }
    }
  }

  /// LFU over an array of (key, value, uses, last use), the victim found by a full scan.
  public static func lfu<Key>(_ operations: [CacheOperation<Key>], capacity: Int) -> [CacheResult<
    Key
  >] {
    var entries: [(key: Key, value: Int, uses: Int, lastUse: Int)] = []
    var time = 0
    return operations.map { operation in
      time += 1
      let found = entries.firstIndex { $0.key == operation.key }
      switch operation {
      case .get:
        guard let found else { return .miss }
        entries[found].uses += 1
        entries[found].lastUse = time
        return .hit(entries[found].value)
      case .put(let key, let value):
        if let found {
          entries[found].value = value
          entries[found].uses += 1
          entries[found].lastUse = time
          return .updated
        }
        var evicted: Key?
        if entries.count == capacity {
          var victim = 0
          for index in entries.indices {
            let entry = entries[index]
            let best = entries[victim]
            if entry.uses < best.uses || (entry.uses == best.uses && entry.lastUse < best.lastUse) {
              victim = index
            }
          }
          evicted = entries.remove(at: victim).key
        }
        entries.append((key, value, 1, time))
        return .inserted(evicted: evicted)
      }
    }
  }
}
