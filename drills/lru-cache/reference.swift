// Reference solution: what a correct program prints.

/// Holds at most `capacity` keys, evicting the least recently used.
struct LRUCache {
  let capacity: Int
  /// Each key's node: nodes live in arrays and link by index, most recent at `newest`.
  private var nodeOfKey: [Int: Int] = [:]
  private var keys: [Int] = []
  private var values: [Int] = []
  private var newer: [Int] = []
  private var older: [Int] = []
  private var newest = -1
  private var oldest = -1

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// Returns the value of key, or -1, and marks key as the most recently used.
  mutating func get(_ key: Int) -> Int {
    guard let node = nodeOfKey[key] else { return -1 }
    moveToNewest(node)
    return values[node]
  }

  /// Stores value under key as the most recently used, evicting the least recently
  /// used key first if key is new and the cache is full.
  mutating func put(_ key: Int, _ value: Int) {
    if let node = nodeOfKey[key] {
      values[node] = value
      moveToNewest(node)
      return
    }
    let node: Int
    if keys.count < capacity {
      node = keys.count
      keys.append(key)
      values.append(value)
      newer.append(-1)
      older.append(-1)
    } else {
      node = oldest
      unlink(node)
      nodeOfKey[keys[node]] = nil
      keys[node] = key
      values[node] = value
    }
    nodeOfKey[key] = node
    linkAsNewest(node)
  }

  private mutating func moveToNewest(_ node: Int) {
    guard node != newest else { return }
    unlink(node)
    linkAsNewest(node)
  }

  private mutating func unlink(_ node: Int) {
    if newer[node] >= 0 { older[newer[node]] = older[node] } else { newest = older[node] }
    if older[node] >= 0 { newer[older[node]] = newer[node] } else { oldest = newer[node] }
    newer[node] = -1
    older[node] = -1
  }

  private mutating func linkAsNewest(_ node: Int) {
    older[node] = newest
    newer[node] = -1
    if newest >= 0 { newer[newest] = node }
    newest = node
    if oldest < 0 { oldest = node }
  }
}

/// Reads all of stdin as whitespace-separated tokens.
func readTokens() -> [Substring] {
  var tokens: [Substring] = []
  while let line = readLine() {
    tokens += line.split(whereSeparator: { $0 == " " || $0 == "\t" })
  }
  return tokens
}

func main() {
  let tokens = readTokens()
  var cache = LRUCache(capacity: Int(tokens[0])!)
  let q = Int(tokens[1])!
  var position = 2
  var out: [String] = []
  for _ in 0..<q {
    if tokens[position] == "get" {
      out.append(String(cache.get(Int(tokens[position + 1])!)))
      position += 2
    } else {
      cache.put(Int(tokens[position + 1])!, Int(tokens[position + 2])!)
      position += 3
    }
  }
  if !out.isEmpty {
    print(out.joined(separator: "\n"))
  }
}

main()
