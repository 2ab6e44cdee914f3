/// Judge problem `lru-cache`: run a get/put script on an LRU cache and print every get.
enum LRUCacheJudge: JudgeDefinition {
  struct Instance {
    var capacity: Int
    var operations: [CacheOperation<Int>]
  }

  static let name = "lru-cache"
  static let family = DrillFamily.lru
  static let statement = """
    Simulate an LRU cache that holds at most capacity keys. get key returns the key's value \
    (or -1 if it is not cached) and makes it the most recently used. put key value stores \
    the value and makes the key the most recently used; if the key is new and the cache is \
    full, the least recently used key is evicted first. Print the result of every get.

    A hash map into a doubly linked list makes both O(1). Large cases have 200,000 \
    operations on a cache of up to 50,000 keys.

    Example input:
    2 6
    put 1 10
    put 2 20
    get 1
    put 3 30
    get 2
    get 3
    Example output:
    10
    -1
    30
    """
  static let inputFormat = """
    Line 1: capacity q (1 <= capacity <= 100000, 1 <= q <= 200000).
    Then q lines, each "put key value" or "get key"; keys and values are integers between 0 \
    and 1000000000.
    """
  static let outputFormat = """
    One line per get, in order: the value, or -1 if the key is not cached. Nothing for puts.
    """

  static let edgeInstances = [
    Instance(capacity: 1, operations: [.get(5)]),
    Instance(capacity: 1, operations: [.put(1, 1), .put(2, 2), .get(1), .get(2)]),
    Instance(capacity: 2, operations: [.put(1, 1), .put(2, 2), .get(1), .put(3, 3), .get(2)]),
    Instance(capacity: 2, operations: [.put(1, 1), .put(1, 5), .put(2, 2), .get(1), .get(2)]),
    Instance(capacity: 2, operations: [.put(1, 1), .put(2, 2), .put(1, 9), .put(3, 3), .get(2)]),
    Instance(capacity: 3, operations: [.put(0, 0), .get(0), .put(0, 1_000_000_000), .get(0)]),
  ]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    let operations = (0..<random.int(in: 1...40)).map { _ -> CacheOperation<Int> in
      random.chance(0.5)
        ? .put(random.int(in: 0...8), random.int(in: 0...99)) : .get(random.int(in: 0...8))
    }
    return Instance(capacity: random.int(in: 1...5), operations: operations)
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    func script(capacity: Int, keys: Int) -> Instance {
      let operations = (0..<200_000).map { _ -> CacheOperation<Int> in
        random.chance(0.5)
          ? .put(random.int(in: 0...keys), random.int(in: 0...1_000_000_000))
          : .get(random.int(in: 0...keys))
      }
      return Instance(capacity: capacity, operations: operations)
    }
    return [script(capacity: 50_000, keys: 100_000), script(capacity: 1000, keys: 1500)]
  }

  static func input(for instance: Instance) -> String {
    let lines = instance.operations.map { operation in
      switch operation {
      case .get(let key): "get \(key)"
      case .put(let key, let value): "put \(key) \(value)"
      }
    }
    return JudgeText.input(["\(instance.capacity) \(instance.operations.count)"] + lines)
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let capacity = reader.nextInt(), capacity >= 1, let count = reader.nextInt() else {
      return nil
    }
    var operations: [CacheOperation<Int>] = []
    for _ in 0..<count {
      switch reader.nextWord() {
      case "get":
        guard let key = reader.nextInt() else { return nil }
        operations.append(.get(key))
      case "put":
        guard let key = reader.nextInt(), let value = reader.nextInt() else { return nil }
        operations.append(.put(key, value))
      default:
        return nil
      }
    }
    return Instance(capacity: capacity, operations: operations)
  }

  static func answer(for instance: Instance) -> String {
    var cache = LRUCache<Int>(capacity: instance.capacity)
    var lines: [String] = []
    for operation in instance.operations {
      switch operation {
      case .get(let key): lines.append(String(cache.get(key) ?? -1))
      case .put(let key, let value): cache.put(key, value)
      }
    }
    return lines.joined(separator: "\n")
  }

  static let templates = [
    "go": #"""
    package main

    import (
    	"bufio"
    	"os"
    	"strconv"
    )

    // LRUCache holds at most Capacity keys, evicting the least recently used.
    type LRUCache struct {
    	Capacity int
    	// TODO: a map from key to a node of a doubly linked list (container/list works).
    }

    // Get returns the value of key, or -1, and marks key as the most recently used.
    func (c *LRUCache) Get(key int) int {
    	// TODO
    	return -1
    }

    // Put stores value under key as the most recently used, evicting the least recently
    // used key first if key is new and the cache is full.
    func (c *LRUCache) Put(key, value int) {
    	// TODO
    }

    func main() {
    	in := bufio.NewScanner(os.Stdin)
    	in.Buffer(make([]byte, 1<<20), 1<<26)
    	in.Split(bufio.ScanWords)
    	nextWord := func() string {
    		in.Scan()
    		return in.Text()
    	}
    	nextInt := func() int {
    		value, _ := strconv.Atoi(nextWord())
    		return value
    	}
    	cache := &LRUCache{Capacity: nextInt()}
    	q := nextInt()
    	out := bufio.NewWriter(os.Stdout)
    	defer out.Flush()
    	for i := 0; i < q; i++ {
    		if nextWord() == "get" {
    			out.WriteString(strconv.Itoa(cache.Get(nextInt())) + "\n")
    		} else {
    			key := nextInt()
    			cache.Put(key, nextInt())
    		}
    	}
    }

    """#,
    "python": #"""
    import sys


    class LRUCache:
        """Holds at most capacity keys, evicting the least recently used."""

        def __init__(self, capacity):
            self.capacity = capacity
            # TODO: a dict plus recency order (collections.OrderedDict works).

        def get(self, key):
            """Return the value of key, or -1, and mark key as the most recently used."""
            # TODO
            return -1

        def put(self, key, value):
            """Store value under key as the most recently used, evicting the least
            recently used key first if key is new and the cache is full."""
            # TODO
            pass


    def main():
        data = sys.stdin.buffer.read().split()
        cache = LRUCache(int(data[0]))
        q = int(data[1])
        position = 2
        out = []
        for _ in range(q):
            if data[position] == b"get":
                out.append(str(cache.get(int(data[position + 1]))))
                position += 2
            else:
                cache.put(int(data[position + 1]), int(data[position + 2]))
                position += 3
        sys.stdout.write("\n".join(out) + ("\n" if out else ""))


    if __name__ == "__main__":
        main()

    """#,
    "swift": #"""
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

    """#,
  ]
}
