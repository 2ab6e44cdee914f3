import DeterministicRandom

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
}
