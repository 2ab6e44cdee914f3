import Demos
import Patterns
import RedisClient

/// The cache demo's hit path against a raw GET, and store loads per stampede cure.
///
/// The hit path is what every cached request pays: one GET plus decoding the JSON item. The
/// reference is the same GET on the same connection. They alternate in short rounds, each
/// pair back to back and in turn going first, and the ratio is the median of the pairs' own
/// ratios, so a burst of load from elsewhere slows one pair, not one side; goal: no more
/// than 10% slower.
struct CacheHitBenchmark {
  let server: PrivateRedisServer
  let plan: BenchmarkPlan
  let scratch: TemporaryDirectory

  func row() throws(HarnessError) -> BenchmarkRow {
    let name = "cache hit path / raw GET (time per request)"
    Progress.say("measuring \(name)…")
    do {
      let store = try ItemStore(path: scratch.file("items.sqlite"), readLatency: 0)
      _ = try store.seed(count: 100, seed: 1)
      let connection = try server.connect()
      let cache = try CacheAside(
        connection: connection, store: store, counters: CacheCounters(),
        configuration: .init(ttl: 600, jitterFraction: 0))
      _ = try cache.get(id: 1)
      let key = CacheKeys().item(1)
      let rounds = max(6, plan.throughputRounds * 8)
      let requests = plan.setCount * 6 / 5 / rounds
      var cacheTimes: [Double] = []
      var getTimes: [Double] = []
      let clock = ContinuousClock()
      for round in 0..<rounds {
        let timeHits = {
          let started = clock.now
          for _ in 0..<requests { _ = try cache.get(id: 1) }
          cacheTimes.append(seconds(clock.now - started) / Double(requests))
        }
        let timeGets = {
          let started = clock.now
          for _ in 0..<requests { _ = try connection.send("GET", key) }
          getTimes.append(seconds(clock.now - started) / Double(requests))
        }
        if round.isMultiple(of: 2) {
          try timeHits()
          try timeGets()
        } else {
          try timeGets()
          try timeHits()
        }
      }
      let hit = Measurements.median(cacheTimes)
      let get = Measurements.median(getTimes)
      let ratio = Measurements.medianRatio(cacheTimes, getTimes)
      var row = BenchmarkRow(
        name: name, tutor: .measured(microseconds(hit), met: Measurements.asShown(ratio) <= 1.1),
        reference: "GET " + microseconds(get), ratio: ratio, goal: "<= 1.1")
      row.notes.append(try stampedeNote(store: store))
      return row
    } catch let error as HarnessError {
      throw error
    } catch {
      throw HarnessError("cache benchmark: \(error)")
    }
  }

  /// Store loads when the hot key is gone and 8 clients ask at once, for each cure.
  private func stampedeNote(store: ItemStore) throws -> String {
    let options = ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: server.port))
    let slow = try ItemStore(path: store.path, readLatency: 0.005)
    var parts: [String] = []
    let cures: [StampedeProtection] = [
      .none, .singleFlight(SingleFlight()), .redisLock(RedisLockOptions()),
    ]
    for protection in cures {
      _ = try Connection(options).send("DEL", CacheKeys().item(2), CacheKeys().lock(2))
      try slow.resetLoads()
      let barrier = ThreadBarrier(parties: 8)
      let counters = CacheCounters()
      _ = try ClientThreads.run(count: 8) { _ in
        let cache = try CacheAside(
          connection: Connection(options), store: slow, counters: counters,
          configuration: .init(ttl: 600, jitterFraction: 0, protection: protection))
        barrier.arriveAndWait()
        _ = try cache.get(id: 2)
      }
      parts.append("\(protection.name) \(try slow.totalLoads())")
    }
    return "store loads when 8 clients miss one key together: " + parts.joined(separator: ", ")
  }

  private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  private func microseconds(_ seconds: Double) -> String {
    let value = seconds * 1e6
    return "\((value * 100).rounded() / 100) µs"
  }
}
