import Foundation
import JSON
import Patterns
import RedisClient
import TerminalUI

extension CacheDemo {
  /// One row of the stampede table.
  struct StampedeResult: Sendable {
    var cure: String
    var processes: Int
    var loads: Int
    var latency: LatencyRecorder
    var note: String
  }

  /// The item every stampede is about: the most popular one.
  static let hotItem = 1

  /// The cures the stampede scenario compares, in one process.
  func cures() -> [StampedeProtection] {
    [
      .none, .singleFlight(SingleFlight()),
      .redisLock(RedisLockOptions()), .xfetch(beta: 1),
    ]
  }

  /// Scenario 2: the hot key expires while `clients` ask for it at once.
  func stampede(_ store: ItemStore) throws -> ScenarioReport {
    let clients = settings.clients
    let title =
      "Stampede: the hot key expires under \(NumberText.count(clients, "concurrent request"))"
    heading(number(of: .stampede), title)
    var results: [StampedeResult] = []
    for protection in cures() {
      try checkCancelled()
      environment.progress.update("stampede: \(protection.name)…")
      if case .xfetch = protection {
        results.append(try xfetchRun(store, protection: protection))
      } else {
        results.append(try expiredKeyRun(store, protection: protection))
      }
    }
    if clients >= 2 {
      for name in ["single-flight", "lock"] {
        try checkCancelled()
        environment.progress.update("stampede: \(name) in two processes…")
        results.append(try twoProcessRun(store, protection: name))
      }
    }

    var table = TextTable(
      headers: ["cure", "processes", "store loads", "p50", "p99", "why"],
      rightAligned: [1, 2, 3, 4])
    for result in results {
      table.addRow([
        result.cure, "\(result.processes)", "\(result.loads)", latency(result.latency.p50),
        latency(result.latency.p99), result.note,
      ])
    }
    say(table)
    say(
      BarChart.render(
        results.map { (label: "\($0.cure) ×\($0.processes)p", value: Double($0.loads)) },
        width: min(60, environment.width), valueLabel: { NumberText.count(Int($0), "load") },
        unicode: environment.unicode))
    paragraph(
      "Without protection every waiting request loads the item itself. Single-flight shares one load per process, so two processes load twice; a Redis lock is shared by every process; XFetch refreshes the hot key a little before it expires, so it never expires under load."
    )
    var metrics: [String: JSONValue] = ["clients": .integer(clients)]
    for result in results {
      metrics["loads_\(result.cure)_\(result.processes)p"] = .integer(result.loads)
    }
    return ScenarioReport(
      name: "stampede", title: title, metrics: metrics, tables: [ReportTable(table)])
  }

  /// The hot key is gone and every client asks for it at the same moment.
  private func expiredKeyRun(_ store: ItemStore, protection: StampedeProtection) throws
    -> StampedeResult
  {
    let connection = try Connection(environment.options)
    try deleteHotKeys(connection)
    try store.resetLoads()
    let latency = LatencyRecorder()
    let barrier = ThreadBarrier(parties: settings.clients)
    let counters = CacheCounters()
    _ = try ClientThreads.run(count: settings.clients) { [self] index in
      let cache = try CacheAside(
        connection: Connection(environment.options), store: store, counters: counters,
        configuration: .init(ttl: settings.ttlSeconds, jitterFraction: 0, protection: protection),
        clock: clock, random: SeededRandom(seed: settings.seed &+ UInt64(index)))
      barrier.arriveAndWait()
      try checkCancelled()
      let started = clock.now()
      _ = try cache.get(id: Self.hotItem)
      latency.record(seconds: clock.now() - started)
    }
    let loads = try store.totalLoads()
    let note: String
    switch protection {
    case .none: note = "each miss loads"
    case .singleFlight: note = "one load per process"
    case .redisLock: note = "one holder; others poll"
    case .xfetch: note = ""
    }
    return StampedeResult(
      cure: protection.name, processes: 1, loads: loads, latency: latency, note: note)
  }

  /// XFetch works before expiry: clients keep asking while the key's time runs out.
  private func xfetchRun(_ store: ItemStore, protection: StampedeProtection) throws
    -> StampedeResult
  {
    let connection = try Connection(environment.options)
    try deleteHotKeys(connection)
    let ttl = 0.5
    let counters = CacheCounters()
    let warm = try CacheAside(
      connection: connection, store: store, counters: counters,
      configuration: .init(ttl: ttl, jitterFraction: 0, protection: protection), clock: clock,
      random: SeededRandom(seed: settings.seed))
    _ = try warm.get(id: Self.hotItem)
    try store.resetLoads()
    let latency = LatencyRecorder()
    let until = clock.now() + ttl * 1.6
    let barrier = ThreadBarrier(parties: settings.clients)
    _ = try ClientThreads.run(count: settings.clients) { [self] index in
      let cache = try CacheAside(
        connection: Connection(environment.options), store: store, counters: counters,
        configuration: .init(ttl: ttl, jitterFraction: 0, protection: protection),
        clock: clock, random: SeededRandom(seed: settings.seed &+ 17 &+ UInt64(index)))
      barrier.arriveAndWait()
      while clock.now() < until {
        try checkCancelled()
        let started = clock.now()
        _ = try cache.get(id: Self.hotItem)
        latency.record(seconds: clock.now() - started)
        clock.sleep(0.002)
      }
    }
    let loads = try store.totalLoads()
    let early = counters.snapshot().earlyRecomputes
    return StampedeResult(
      cure: protection.name, processes: 1, loads: loads, latency: latency,
      note:
        "\(NumberText.count(early, "early refresh", plural: "early refreshes")) over \(NumberText.count(latency.count, "request")) across the expiry"
    )
  }

  /// The same stampede with the clients split over this process and a second one.
  private func twoProcessRun(_ store: ItemStore, protection name: String) throws
    -> StampedeResult
  {
    let connection = try Connection(environment.options)
    try deleteHotKeys(connection)
    try store.resetLoads()
    let run = UUID().uuidString.prefix(8)
    let ready = keys.prefix + "run:\(run):ready"
    let go = keys.prefix + "run:\(run):go"
    defer { _ = try? connection.send(["DEL", ready, go].map { Array($0.utf8) }) }
    let half = settings.clients / 2
    guard case .tcp(let host, let port) = environment.options.endpoint else {
      throw Stop.worker("the two-process run needs a TCP server")
    }
    let worker = try CacheDemoWorker.launch(
      executable: environment.executablePath, host: host, port: port,
      password: environment.options.password, storePath: environment.storePath,
      clients: settings.clients - half, protection: name,
      item: Self.hotItem, readyKey: ready, goKey: go,
      storeLatencyMilliseconds: settings.storeLatencyMilliseconds)
    let local = CacheDemoWorker(
      options: environment.options, storePath: environment.storePath, clients: half,
      protection: name, item: Self.hotItem, readyKey: ready, goKey: go,
      storeLatencyMilliseconds: settings.storeLatencyMilliseconds)
    // The parent starts both groups once both processes have their clients waiting.
    let options = environment.options
    let starter = Thread {
      guard let signal = try? Connection(options) else { return }
      let deadline = Date().addingTimeInterval(20)
      while Date() < deadline {
        if (try? signal.send("GET", ready))?.integer ?? 0 >= 2 {
          _ = try? signal.send("SET", go, "1")
          return
        }
        usleep(1000)
      }
    }
    starter.start()
    let mine = local.measure()
    let theirs = try worker.result()
    guard mine.error == nil, theirs.error == nil else {
      throw Stop.worker(mine.error ?? theirs.error ?? "unknown")
    }
    let latency = LatencyRecorder()
    for seconds in mine.latencies + theirs.latencies { latency.record(seconds: seconds) }
    let loads = try store.totalLoads()
    let note = name == "lock" ? "the lock is shared" : "one load in each process"
    return StampedeResult(cure: name, processes: 2, loads: loads, latency: latency, note: note)
  }

  private func deleteHotKeys(_ connection: Connection) throws {
    let names = [
      keys.item(Self.hotItem), keys.lock(Self.hotItem), keys.stale(Self.hotItem),
      keys.lease(Self.hotItem),
    ]
    _ = try connection.send([Array("DEL".utf8)] + names.map { Array($0.utf8) })
  }
}
