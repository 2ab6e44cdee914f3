import Foundation
import RedisClient
import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// The checks of each stage, by the stage's name; their texts live in `testers/stages/`.
enum Stages {
  /// Options a stage's fakes take from the command line.
  struct Tuning {
    /// Seconds each item-store request takes (nil: the stage's own).
    var storeLatency: Double?
  }

  /// Sets up the run's fakes and returns its expectations in order, or nil for an unknown
  /// stage (a stage file without code).
  static func prepare(_ run: StageRun, tuning: Tuning) throws(StartFailure) -> [Expectation]? {
    switch run.stage.name {
    case "day1-client": return day1Client(run)
    case "day2-cache": return try day2Cache(run, tuning: tuning)
    case "cache-stampede": return try cacheStampede(run, tuning: tuning)
    case "cache-jitter": return try cacheJitter(run, tuning: tuning)
    case "cache-metrics": return try cacheMetrics(run, tuning: tuning)
    case "day5-notifications": return try day5Notifications(run)
    case "day6-integration": return try day6Integration(run, tuning: tuning)
    case "day3-limiter": return day3Limiter(run)
    case "sliding-window": return slidingWindow(run)
    case "day4-queue": return try day4Queue(run)
    case "reliable-queue": return try reliableQueue(run)
    default: return nil
    }
  }

  // MARK: day1-client

  /// A client program: a string with a TTL, a hash, and a counter whose window starts once.
  static func day1Client(_ run: StageRun) -> [Expectation] {
    let window = 60
    run.setEnvironment("WINDOW_SECONDS", String(window))
    let keys = run.keys
    var firstCounterTTL: Int64 = 0
    /// When `firstCounterTTL` was read.
    var firstRead = 0.0
    func value(_ suffix: String) -> Result<String?, Failure> {
      do {
        return .success(try keys.string(suffix))
      } catch {
        return .failure(Failure(why: "cannot read \(keys.prefix)\(suffix): \(error)"))
      }
    }
    func pttl(_ suffix: String) -> Int64 {
      (try? keys.connection.send("PTTL", keys.prefix + suffix).integer) ?? -2
    }
    return [
      Expectation(name: "runs") { run.runClientToEnd() },
      Expectation(name: "greeting") {
        let type = (try? keys.connection.send("TYPE", keys.prefix + "greeting").string) ?? "?"
        guard type == "string" else {
          return Failure(
            why: "\(keys.prefix)greeting is \(type == "none" ? "missing" : "a \(type)"); "
              + "SET it to the string hello")
        }
        guard case .success(let text) = value("greeting"), text == "hello" else {
          return Failure(why: "\(keys.prefix)greeting must hold exactly hello")
        }
        let ttl = pttl("greeting")
        guard ttl > 0, ttl <= 300_000 else {
          return Failure(
            why: ttl < 0
              ? "\(keys.prefix)greeting has no TTL: SET it with EX 300"
              : "its TTL is \(ttl / 1000) s, more than 300 s")
        }
        return nil
      },
      Expectation(name: "user-hash") {
        let name = keys.prefix + "user:1"
        let reply = try? keys.connection.send("HGETALL", name)
        let type = (try? keys.connection.send("TYPE", name).string) ?? "?"
        guard type == "hash", let flat = reply?.array?.compactMap(\.string) else {
          return Failure(
            why: "\(name) is \(type == "none" ? "missing" : "a \(type), not a hash"); "
              + "HSET it with the fields name and lang")
        }
        var fields: [String: String] = [:]
        for pair in stride(from: 0, to: flat.count - 1, by: 2) {
          fields[flat[pair]] = flat[pair + 1]
        }
        guard fields == ["name": "ada", "lang": "go"] else {
          let shown = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
          return Failure(
            why: "\(name) holds \(shown.joined(separator: " ")); it must hold exactly "
              + "name=ada lang=go")
        }
        return nil
      },
      Expectation(name: "counter-window") {
        guard case .success(let count) = value("visits"), count == "1" else {
          return Failure(
            why: "\(keys.prefix)visits should be 1 after one run; it is "
              + ((try? keys.string("visits")) ?? "missing"))
        }
        firstCounterTTL = pttl("visits")
        firstRead = MonotonicClock.now
        guard firstCounterTTL > 0, firstCounterTTL <= Int64(window) * 1000 else {
          return Failure(
            why: firstCounterTTL < 0
              ? "\(keys.prefix)visits has no TTL: EXPIRE it WINDOW_SECONDS (\(window)) when INCR returns 1"
              : "its TTL is \(firstCounterTTL / 1000) s, more than WINDOW_SECONDS (\(window))")
        }
        return nil
      },
      Expectation(name: "counter-window-kept") {
        // A second run 1.2 s later: the counter goes to 2 and its window runs on, so its TTL
        // fell by the time between the two reads. An EXPIRE in the second run would have
        // raised it by at least the 1.2 s pause; half a second is left for slow machines.
        usleep(1_200_000)
        if let failure = run.runClientToEnd() {
          return Failure(why: "the second run failed: " + failure.why)
        }
        guard case .success(let count) = value("visits"), count == "2" else {
          return Failure(
            why: "\(keys.prefix)visits should be 2 after two runs; it is "
              + ((try? keys.string("visits")) ?? "missing"))
        }
        let second = pttl("visits")
        let between = Int64((MonotonicClock.now - firstRead) * 1000)
        guard second > 0, second <= firstCounterTTL - between + 500 else {
          return Failure(
            why: "after the second run (1.2 s later) the TTL is "
              + "\(String(format: "%.1f", Double(second) / 1000)) s, was "
              + "\(String(format: "%.1f", Double(firstCounterTTL) / 1000)) s: the window "
              + "started again. EXPIRE only when INCR returns 1")
        }
        return nil
      },
    ]
  }

  // MARK: day2-cache

  /// Items for a run: `count` random ids with random names, and an id the store lacks.
  struct Items {
    var ids: [String]
    var names: [String: String]
    var missing: String

    init(count: Int = 3) {
      var random = SystemRandomNumberGenerator()
      var ids: [String] = []
      while ids.count < count + 1 {
        let id = String(Int.random(in: 100...999, using: &random))
        if !ids.contains(id) { ids.append(id) }
      }
      missing = ids.removeLast()
      self.ids = ids
      let words = ["lamp", "kettle", "chair", "desk", "mug", "clock", "shelf", "rug"]
      names = Dictionary(
        uniqueKeysWithValues: ids.map { id in
          (
            id,
            "\(words.randomElement(using: &random)!)-\(Int.random(in: 1000...9999, using: &random))"
          )
        })
    }

    func json(_ id: String, name: String? = nil) -> String {
      #"{"id":"\#(id)","name":"\#(name ?? names[id]!)"}"#
    }

    var store: [String: String] {
      Dictionary(uniqueKeysWithValues: ids.map { ($0, json($0)) })
    }
  }

  /// Cache-aside in front of the item store: miss, hit, missing item, write, store down.
  static func day2Cache(_ run: StageRun, tuning: Tuning) throws(StartFailure) -> [Expectation] {
    let items = Items()
    try run.startStore(items: items.store, latency: tuning.storeLatency ?? 0.05)
    guard let store = run.store else { return [] }
    let (first, second, third) = (items.ids[0], items.ids[1], items.ids[2])

    /// GET /items/ID answers 200 with the item's name in the body.
    func getsItem(_ id: String, named name: String) -> Failure? {
      switch run.expect("GET", "/items/\(id)", status: 200...200) {
      case .failure(let failure): return failure
      case .success(let response):
        guard response.text.contains(#""name":"\#(name)""#) || response.text.contains(name) else {
          return run.failure("the body does not hold the item's name \(name) from the store")
        }
        return nil
      }
    }
    /// Every key under the prefix has a TTL.
    func keysExpire(_ context: String) -> Failure? {
      guard let keys = try? run.keys.snapshot() else {
        return run.failure("cannot read the keys under \(run.prefix)")
      }
      // Hit and miss counters (the cache-metrics stage) are totals, not cache keys.
      let cacheKeys = keys.filter { !$0.name.hasPrefix(run.prefix + metricsSuffix) }
      if let forever = cacheKeys.first(where: { $0.pttl < 0 }) {
        return run.failure(
          "\(forever.name) has no TTL \(context): give every cache key one (SET … EX)")
      }
      return nil
    }

    return [
      Expectation(name: "miss-fills") {
        if let failure = getsItem(first, named: items.names[first]!) { return failure }
        let reads = store.reads(of: first)
        guard reads == 1 else {
          return run.failure(
            "the store was read \(reads) times for item \(first); a miss reads it once")
        }
        guard let keys = try? run.keys.snapshot(), !keys.isEmpty else {
          return run.failure(
            "no key under KEY_PREFIX (\(run.prefix)) after the miss: cache the item under it")
        }
        return keysExpire("after the miss")
      },
      Expectation(name: "hit-skips-store") {
        if let failure = getsItem(first, named: items.names[first]!) { return failure }
        let reads = store.reads(of: first)
        guard reads == 1 else {
          return run.failure(
            "the store was read \(reads) times for item \(first); the second GET must be a hit")
        }
        return nil
      },
      Expectation(name: "missing-is-404") {
        for _ in 0..<3 {
          if case .failure(let failure) = run.expect(
            "GET", "/items/\(items.missing)", status: 404...404)
          {
            return failure
          }
        }
        let reads = store.reads(of: items.missing)
        guard reads <= 1 else {
          return run.failure(
            "3 GETs of the missing item \(items.missing) read the store \(reads) times: "
              + "cache the miss too, with a short TTL")
        }
        return keysExpire("after the missing item")
      },
      Expectation(name: "write-invalidates") {
        if let failure = getsItem(second, named: items.names[second]!) { return failure }
        let renamed = "renamed-\(Int.random(in: 1000...9999))"
        if case .failure(let failure) = run.expect(
          "PUT", "/items/\(second)", body: items.json(second, name: renamed), status: 200...204)
        {
          return failure
        }
        guard store.writes(of: second) == 1, store.item(second)?.contains(renamed) == true else {
          return run.failure(
            "the item store got \(store.writes(of: second)) writes of item \(second) with the "
              + "new name; PUT must write the store (once)")
        }
        if let failure = getsItem(second, named: renamed) {
          return Failure(
            why: "after the PUT, " + failure.why
              + " (the old one was served from the cache: delete the key after writing the store)",
            request: failure.request, response: failure.response)
        }
        return nil
      },
      Expectation(name: "store-down-5xx") {
        store.down = true
        let answer = run.expect("GET", "/items/\(third)", status: 500...599)
        store.down = false
        if case .failure(let failure) = answer { return failure }
        if let trouble = run.programTrouble(during: "after the store failed") { return trouble }
        if let failure = getsItem(third, named: items.names[third]!) {
          return Failure(
            why: "once the store is back: " + failure.why
              + " (do not cache a failure)", request: failure.request, response: failure.response)
        }
        return nil
      },
    ]
  }

  // MARK: cache-stampede

  /// 50 concurrent GETs of one cold item reach the slow store at most once.
  static func cacheStampede(_ run: StageRun, tuning: Tuning) throws(StartFailure) -> [Expectation] {
    let items = Items()
    try run.startStore(items: items.store, latency: tuning.storeLatency ?? 0.3)
    guard let store = run.store else { return [] }
    let id = items.ids[0]
    let name = items.names[id]!
    return [
      Expectation(name: "one-store-read") {
        let count = 50
        let results = ConcurrentRequests.get(
          "/items/\(id)", port: run.port, count: count,
          timeout: run.settings.requestTimeout * 2)
        let good = results.filter {
          if case .success(let response) = $0 {
            return response.status == 200 && response.text.contains(name)
          }
          return false
        }.count
        if good < count {
          let bad = results.first {
            if case .success(let response) = $0 {
              return !(response.status == 200 && response.text.contains(name))
            }
            return true
          }
          return Failure(
            why: "\(count - good) of \(count) concurrent GETs did not get 200 with the item",
            request: "GET /items/\(id) (\(count) at once; one of the bad answers below)",
            response: bad)
        }
        let reads = store.reads(of: id)
        guard reads <= 1 else {
          return Failure(
            why: "\(count) concurrent GETs of the cold item \(id) read the store \(reads) times: "
              + "let one request load it (SET lock NX PX) while the others wait for the cache",
            request: "GET /items/\(id) (\(count) at once)")
        }
        return nil
      }
    ]
  }
}

extension Stages {
  /// Fresh cache keys get TTLs spread apart, so they do not all expire at once.
  static func cacheJitter(_ run: StageRun, tuning: Tuning) throws(StartFailure) -> [Expectation] {
    let items = Items(count: 10)
    try run.startStore(items: items.store, latency: tuning.storeLatency ?? 0.05)
    return [
      Expectation(name: "ttls-spread") {
        let start = MonotonicClock.now
        for id in items.ids {
          switch run.expect("GET", "/items/\(id)", status: 200...200) {
          case .failure(let failure): return failure
          case .success(let response):
            guard response.text.contains(items.names[id]!) else {
              return run.failure("the body does not hold the item's name \(items.names[id]!)")
            }
          }
        }
        let elapsed = Int64((MonotonicClock.now - start) * 1000)
        guard let keys = try? run.keys.snapshot() else {
          return run.failure("cannot read the keys under \(run.prefix)")
        }
        let ttls = keys.map(\.pttl).filter { $0 > 0 }
        guard ttls.count >= items.ids.count, let low = ttls.min(), let high = ttls.max() else {
          return run.failure(
            "\(ttls.count) keys with a TTL under \(run.prefix) after \(items.ids.count) misses; "
              + "cache each item with a TTL")
        }
        // Fixed TTLs differ only by the time between the SETs, at most the time the GETs took.
        guard high - low > elapsed + 1000 else {
          return run.failure(
            "the \(ttls.count) TTLs lie within \(high - low) ms of each other, the GETs took "
              + "\(elapsed) ms: a fixed TTL. Add a random few percent to each (jitter)")
        }
        return nil
      }
    ]
  }
}

/// Many requests at once, each on a thread of its own.
enum ConcurrentRequests {
  static func get(_ path: String, port: Int, count: Int, timeout: Double)
    -> [Result<HTTPResponse, HTTPError>]
  {
    let results = ResultBox(count: count)
    let group = DispatchGroup()
    for index in 0..<count {
      group.enter()
      Thread.detachNewThread {
        results.set(index, HTTPProbe.send("GET", path, port: port, timeout: timeout))
        group.leave()
      }
    }
    group.wait()
    return results.all
  }

  private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<HTTPResponse, HTTPError>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<HTTPResponse, HTTPError>) {
      lock.lock()
      values[index] = value
      lock.unlock()
    }
    var all: [Result<HTTPResponse, HTTPError>] {
      lock.lock()
      defer { lock.unlock() }
      return values.map { $0 ?? .failure(HTTPError("no result")) }
    }
  }
}
