import DeterministicRandom
import TerminalUI

/// The cache drills: which key an LRU evicts and when, and an LFU as the contrast.
enum CacheDrills {
  static let all: [Drill] = [lruCache, lfuCache]

  /// A cache script: the capacity and the operations, keys `a` to `e`.
  struct Script {
    var capacity: Int
    var operations: [CacheOperation<String>]
  }

  // MARK: lru-cache

  static let lruCache = Drill(
    name: "lru-cache", family: .lru,
    summary: "An LRU cache over get/put: the recency order and which key is evicted when.",
    trace: { seed in
      let script = lruScript(seed: seed)
      var cache = LRUCache<String>(capacity: script.capacity)
      var steps: [TraceStep] = []
      for operation in script.operations {
        let before = cache.entriesByRecency
        let full = cache.count == script.capacity
        switch operation {
        case .get(let key):
          let value = cache.get(key)
          steps.append(
            TraceStep(
              prompt: "\(recencyLine(before)). get \(key): the keys from most to least recent?",
              format: .words, expected: .words(cache.entriesByRecency.map(\.key)),
              picture: CachePicture.lru(cache.entriesByRecency, evicted: nil),
              note: value.map { "hit: returns \($0), and \(key) becomes the most recent" }
                ?? "miss: returns -1, the order does not change"))
        case .put(let key, let value):
          let isNew = !before.contains { $0.key == key }
          let evicted = cache.put(key, value)
          let picture = CachePicture.lru(cache.entriesByRecency, evicted: evicted)
          if isNew && full {
            steps.append(
              TraceStep(
                prompt: "\(recencyLine(before)). put \(key)=\(value) into the full cache: evicted?",
                format: .word, expected: .word(evicted!.key), picture: picture,
                note: "the least recently used key goes: \(evicted!.key)"))
          } else {
            steps.append(
              TraceStep(
                prompt: "\(recencyLine(before)). put \(key)=\(value): keys, most to least recent?",
                format: .words, expected: .words(cache.entriesByRecency.map(\.key)),
                picture: picture,
                note: isNew ? "room left: no eviction" : "\(key) updated and moved to the front"))
          }
        }
      }
      return TraceSession(
        drill: "lru-cache", family: .lru, title: "LRU cache, capacity \(script.capacity)",
        instance: """
          An LRU cache holding at most \(script.capacity) keys, empty at first. A hit on get, \
          and every put, makes the key the most recent. A put of a new key into a full cache \
          first evicts the least recently used key.

          Operations: \(operationList(script.operations))

          \(CachePicture.lru([], evicted: nil))

          In Redis, maxmemory with maxmemory-policy allkeys-lru evicts like this, but \
          approximately: it samples a few keys and evicts the least recent of the sample.
          """,
        steps: steps)
    },
    solve: { seed in
      let script = lruScript(seed: seed)
      let results = CacheSimulation.lru(script.operations, capacity: script.capacity)
      return SolveProblem(
        drill: "lru-cache", family: .lru,
        statement: """
          An LRU cache of capacity \(script.capacity), empty at first, runs:
          \(operationList(script.operations))

          Which keys are evicted, in order?
          """,
        format: .words, expected: .words(evictions(results)),
        explanation: lruWalkthrough(script))
    })

  // MARK: lfu-cache

  static let lfuCache = Drill(
    name: "lfu-cache", family: .lru,
    summary: "An LFU cache as the contrast: evict the fewest uses, the least recent among ties.",
    trace: { seed in
      let script = lfuScript(seed: seed)
      var cache = LFUCache<String>(capacity: script.capacity)
      var lru = LRUCache<String>(capacity: script.capacity)
      var steps: [TraceStep] = []
      var since: [CacheOperation<String>] = []
      for operation in script.operations {
        let lruResult = lru.apply(operation)
        var evicted: LFUEntry<String>?
        switch operation {
        case .get(let key): _ = cache.get(key)
        case .put(let key, let value): evicted = cache.put(key, value)
        }
        guard let evicted else {
          since.append(operation)
          continue
        }
        var lruNote = ""
        if case .inserted(let lruEvicted?) = lruResult, lruEvicted != evicted.key {
          lruNote = "; an LRU would evict \(lruEvicted) instead"
        }
        let context = since.isEmpty ? "" : "After \(operationList(since)): "
        steps.append(
          TraceStep(
            prompt: """
              \(context)put \(operationKeyValue(operation)) into the full cache. \
              Which key is evicted?
              """,
            format: .word, expected: .word(evicted.key),
            picture: CachePicture.lfu(cache.entriesByEvictionOrder, evicted: evicted),
            note:
              "\(evicted.key) had \(evicted.frequency) \(evicted.frequency == 1 ? "use" : "uses")"
              + lruNote))
        since = []
      }
      return TraceSession(
        drill: "lfu-cache", family: .lru, title: "LFU cache, capacity \(script.capacity)",
        instance: """
          An LFU cache holding at most \(script.capacity) keys, empty at first. Each key counts \
          its uses (the put that inserts it, every get hit, every later put). A new key in a \
          full cache evicts the key with the fewest uses; among ties, the least recently used.

          Operations: \(operationList(script.operations))

          You answer at each eviction. (Redis's allkeys-lfu keeps a small counter per key that \
          grows logarithmically and decays over time, rather than exact counts.)
          """,
        steps: steps)
    },
    solve: { seed in
      let script = lfuScript(seed: seed)
      let results = CacheSimulation.lfu(script.operations, capacity: script.capacity)
      let lruResults = CacheSimulation.lru(script.operations, capacity: script.capacity)
      return SolveProblem(
        drill: "lfu-cache", family: .lru,
        statement: """
          An LFU cache of capacity \(script.capacity), empty at first (fewest uses evicted \
          first, the least recent among ties) runs:
          \(operationList(script.operations))

          Which keys are evicted, in order?
          """,
        format: .words, expected: .words(evictions(results)),
        explanation: """
          LFU evicts \(evictions(results).joined(separator: " ")); an LRU of the same size \
          would evict \(evictions(lruResults).joined(separator: " ")).
          """)
    })

  // MARK: Instances

  static let keyPool = ["a", "b", "c", "d", "e"]

  /// A script with at least two evictions and one get hit.
  static func lruScript(seed: UInt64) -> Script {
    var random = SplitMix64(seed: seed, stream: "lru-cache")
    while true {
      let script = randomScript(
        &random, capacity: random.int(in: 2...3), length: random.int(in: 9...11))
      let results = CacheSimulation.lru(script.operations, capacity: script.capacity)
      let hits = results.filter { if case .hit = $0 { true } else { false } }.count
      if evictions(results).count >= 2 && hits >= 1 { return script }
    }
  }

  /// A script with at least two evictions, preferring one where an LRU would evict otherwise.
  static func lfuScript(seed: UInt64) -> Script {
    var random = SplitMix64(seed: seed, stream: "lfu-cache")
    var fallback: Script?
    for _ in 0..<200 {
      let script = randomScript(
        &random, capacity: random.int(in: 2...3), length: random.int(in: 10...13))
      let lfu = evictions(CacheSimulation.lfu(script.operations, capacity: script.capacity))
      guard lfu.count >= 2 else { continue }
      let lru = evictions(CacheSimulation.lru(script.operations, capacity: script.capacity))
      if lfu != lru { return script }
      fallback = fallback ?? script
    }
    return fallback!
  }

  static func randomScript(_ random: inout SplitMix64, capacity: Int, length: Int) -> Script {
    var operations: [CacheOperation<String>] = []
    var written: [String] = []
    for _ in 0..<length {
      if written.isEmpty || random.chance(0.55) {
        let key = random.element(of: keyPool)
        operations.append(.put(key, random.int(in: 1...9)))
        written.append(key)
      } else {
        let key = random.chance(0.75) ? random.element(of: written) : random.element(of: keyPool)
        operations.append(.get(key))
      }
    }
    return Script(capacity: capacity, operations: operations)
  }

  // MARK: Text

  static func evictions(_ results: [CacheResult<String>]) -> [String] {
    results.compactMap { result in
      if case .inserted(let evicted?) = result { return evicted }
      return nil
    }
  }

  static func operationKeyValue(_ operation: CacheOperation<String>) -> String {
    switch operation {
    case .get(let key): key
    case .put(let key, let value): "\(key)=\(value)"
    }
  }

  static func operationList(_ operations: [CacheOperation<String>]) -> String {
    operations.map { operation in
      switch operation {
      case .get(let key): "get \(key)"
      case .put(let key, let value): "put \(key)=\(value)"
      }
    }.joined(separator: ", ")
  }

  static func recencyLine(_ entries: [(key: String, value: Int)]) -> String {
    entries.isEmpty
      ? "The cache is empty"
      : "Most to least recent: " + entries.map(\.key).joined(separator: " ")
  }

  static func lruWalkthrough(_ script: Script) -> String {
    var cache = LRUCache<String>(capacity: script.capacity)
    return script.operations.map { operation in
      var evicted: (key: String, value: Int)?
      switch operation {
      case .get(let key): _ = cache.get(key)
      case .put(let key, let value): evicted = cache.put(key, value)
      }
      let label = DisplayWidth.padded(operationList([operation]), toWidth: 9, alignment: .left)
      return label + "  " + CachePicture.lru(cache.entriesByRecency, evicted: evicted)
    }.joined(separator: "\n")
  }
}
