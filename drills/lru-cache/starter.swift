/// Holds at most `capacity` keys, evicting the least recently used.
struct LRUCache {
  let capacity: Int
  // TODO: a dictionary from key to a node of a doubly linked list
  // (nodes in arrays, linked by index, keep it fast).

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// Returns the value of key, or -1, and marks key as the most recently used.
  mutating func get(_ key: Int) -> Int {
    // TODO
    return -1
  }

  /// Stores value under key as the most recently used, evicting the least recently
  /// used key first if key is new and the cache is full.
  mutating func put(_ key: Int, _ value: Int) {
    // TODO
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
