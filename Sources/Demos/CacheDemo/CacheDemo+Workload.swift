import Foundation
import Patterns
import RedisClient
import TerminalUI

extension CacheDemo {
  /// One request of the workload: when it finished, whether it hit, how long it took.
  struct RequestSample: Sendable {
    var finished: Double
    var hit: Bool
    var seconds: Double
  }

  /// Scenario 1: the same Zipf-skewed requests straight to the store, then through the cache.
  func workload(_ store: ItemStore) throws -> ScenarioReport {
    let title =
      "Workload: \(settings.requests) Zipf(s=\(NumberText.of(settings.zipfExponent))) requests over \(settings.items) items, \(NumberText.count(settings.clients, "client"))"
    heading(number(of: .workload), title)
    let clients = settings.clients
    let zipf = ZipfGenerator(
      count: settings.items, exponent: settings.zipfExponent, seed: settings.seed)

    // Without the cache every request pays the store's latency, so a sample is enough.
    let direct = min(settings.requests, max(clients * 5, min(settings.requests / 10, 400)))
    let directLatency = LatencyRecorder()
    let directDone = Locked(0)
    _ = try ClientThreads.run(count: clients) { [self] index in
      var generator = zipf.reseeded(settings.seed &+ UInt64(index) &* 7919)
      for _ in stride(from: index, to: direct, by: clients) {
        try checkCancelled()
        let started = clock.now()
        _ = try store.load(id: generator.next())
        directLatency.record(seconds: clock.now() - started)
        let done = directDone.withLock { value -> Int in
          value += 1
          return value
        }
        if done % 20 == 0 {
          environment.progress.update("workload without cache: \(done)/\(direct) requests")
        }
      }
    }

    try store.resetLoads()
    let counters = CacheCounters()
    let cachedLatency = LatencyRecorder()
    let samples = Locked<[RequestSample]>([])
    let start = clock.now()
    _ = try ClientThreads.run(count: clients) { [self] index in
      let connection = try Connection(environment.options)
      let cache = try CacheAside(
        connection: connection, store: store, counters: counters,
        configuration: .init(ttl: settings.ttlSeconds, jitterFraction: 0.1),
        clock: clock, random: SeededRandom(seed: settings.seed &+ UInt64(index)))
      var generator = zipf.reseeded(settings.seed &+ 1 &+ UInt64(index) &* 104_729)
      var local: [RequestSample] = []
      for _ in stride(from: index, to: settings.requests, by: clients) {
        try checkCancelled()
        let started = clock.now()
        let read = try cache.get(id: generator.next())
        let finished = clock.now()
        cachedLatency.record(seconds: finished - started)
        local.append(
          RequestSample(
            finished: finished - start, hit: read.source == .cache, seconds: finished - started))
        if local.count % 50 == 0 {
          let snapshot = counters.snapshot()
          environment.progress.update(
            "workload with cache: \(snapshot.requests)/\(settings.requests) requests, hit ratio \(NumberText.percent(snapshot.hitRatio))"
          )
        }
      }
      samples.withLock { $0 += local }
    }
    let snapshot = counters.snapshot()
    let loads = try store.totalLoads()

    let ordered = samples.current.sorted { $0.finished < $1.finished }
    let buckets = max(1, min(48, ordered.count / 20))
    var ratios: [Double] = []
    for bucket in 0..<buckets {
      let slice = ordered[
        (bucket * ordered.count / buckets)..<((bucket + 1) * ordered.count / buckets)]
      ratios.append(slice.isEmpty ? 0 : Double(slice.filter(\.hit).count) / Double(slice.count))
    }
    let elapsed = (ordered.last?.finished ?? 0)
    say(
      "Hit ratio over the run (\(duration(elapsed)); each point is \(NumberText.count(ordered.count / buckets, "request"))):"
    )
    say(
      LineChart.render(
        series: [("hit ratio", ratios)], width: min(72, environment.width), height: 8,
        yRange: 0...1, yLabel: { NumberText.percent($0) }, xLabel: "requests in completion order",
        xTickLabels: ("1", "\(ordered.count)"), unicode: environment.unicode))

    var table = TextTable(
      title: nil,
      headers: ["path", "requests", "hit ratio", "store loads", "p50", "p95", "p99"],
      rightAligned: [1, 2, 3, 4, 5, 6])
    table.addRow([
      "store only", "\(directLatency.count)", "–", "\(directLatency.count)",
      latency(directLatency.p50), latency(directLatency.p95), latency(directLatency.p99),
    ])
    table.addRow([
      "cache-aside", "\(snapshot.requests)", NumberText.percent(snapshot.hitRatio), "\(loads)",
      latency(cachedLatency.p50), latency(cachedLatency.p95), latency(cachedLatency.p99),
    ])
    say(table)
    let speedup = cachedLatency.p50 > 0 ? directLatency.p50 / cachedLatency.p50 : 0
    paragraph(
      "The cache answers the popular items from memory: p50 \(latency(cachedLatency.p50)) against \(latency(directLatency.p50)) from the store (\(NumberText.significant(speedup))× faster); every miss still pays the store's \(NumberText.of(settings.storeLatencyMilliseconds)) ms."
    )
    return ScenarioReport(
      name: "workload", title: title,
      metrics: [
        "requests": .integer(snapshot.requests), "hits": .integer(snapshot.hits),
        "misses": .integer(snapshot.misses), "hit_ratio": .number(snapshot.hitRatio),
        "store_loads": .integer(loads), "with_cache": cachedLatency.summary.jsonValue,
        "without_cache": directLatency.summary.jsonValue,
        "hit_ratio_over_time": .array(ratios.map { .number($0) }),
      ],
      tables: [ReportTable(table)])
  }
}
