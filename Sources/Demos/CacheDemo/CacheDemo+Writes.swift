import Foundation
import Patterns
import RedisClient
import TerminalUI

extension CacheDemo {
  /// Scenario 4: write-through against write-back: how long the store lags, what a crash loses.
  func writeStrategies(_ store: ItemStore) throws -> ScenarioReport {
    let writes = 8
    let flushInterval = 0.25
    let title =
      "Write-through vs write-back: \(writes) writes each, flush every \(duration(flushInterval))"
    heading(number(of: .write), title)
    let connection = try Connection(environment.options)

    // How long after a write returns does the store still hold the old version?
    func measure(_ cache: any ItemCache, firstID: Int) throws -> (LatencyRecorder, LatencyRecorder)
    {
      let writeTimes = LatencyRecorder()
      let windows = LatencyRecorder()
      for offset in 0..<writes {
        try checkCancelled()
        guard let item = try store.peek(id: itemID(firstID + offset)) else { continue }
        let measured = try StalenessWindow.measure(store: store, clock: clock, timeout: 5) {
          var changed = item
          changed.priceCents += 100
          return try cache.write(changed)
        }
        writeTimes.record(seconds: measured.writeDuration)
        // A first read that already sees the new version means the store was never behind.
        windows.record(seconds: measured.staleReads == 0 ? 0 : measured.window ?? 5)
        environment.progress.update("write strategies: \(offset + 1)/\(writes) writes measured")
      }
      return (writeTimes, windows)
    }

    let through = try WriteThroughCache(
      connection: connection, store: store, ttl: settings.ttlSeconds)
    let (throughWrites, throughWindows) = try measure(through, firstID: 100)
    let back = try WriteBackCache(
      connection: connection, workerOptions: environment.options, store: store,
      configuration: .init(ttl: settings.ttlSeconds, flushInterval: flushInterval), clock: clock)
    let (backWrites, backWindows) = try measure(back, firstID: 200)
    try back.stop(flush: true)

    // A crash: the same number of writes, then the cache loses its memory before any flush.
    let throughLost = try lostInCrash(through, store, writes: writes, firstID: 300) { written in
      _ = try connection.send((["DEL"] + written.map { keys.item($0.id) }).map { Array($0.utf8) })
    }
    let crashing = try WriteBackCache(
      connection: connection, workerOptions: environment.options, store: store,
      configuration: .init(ttl: settings.ttlSeconds, flushInterval: nil), clock: clock)
    var dirtyBefore = 0
    let backLost = try lostInCrash(crashing, store, writes: writes, firstID: 400) { _ in
      dirtyBefore = try crashing.dirtyIDs().count
      _ = try crashing.crash()
    }
    environment.progress.finish()

    var table = TextTable(
      headers: ["strategy", "write p50", "store behind cache: mean", "max", "lost in a crash"],
      rightAligned: [1, 2, 3, 4])
    table.addRow([
      "write-through", latency(throughWrites.p50), lag(throughWindows.mean),
      lag(throughWindows.max), "\(throughLost) of \(writes)",
    ])
    table.addRow([
      "write-back", latency(backWrites.p50), lag(backWindows.mean), lag(backWindows.max),
      "\(backLost) of \(writes)",
    ])
    say(table)
    paragraph(
      "Write-through pays the store's write (\(duration(store.writeLatency)) here) inside every request: \(latency(throughWrites.p50)) at the median, against \(latency(backWrites.p50)) for write-back, which answers from Redis and leaves the store to its flush worker. Behind write-through the store was \(behind(throughWindows)); behind write-back it was \(behind(backWindows)), up to one flush interval plus the store's write: eventual consistency, measured. When the cache died after \(writes) more writes, write-through lost \(throughLost) and write-back \(backLost): the \(dirtyBefore) still in \(keys.dirty)."
    )
    return ScenarioReport(
      name: "write", title: title,
      metrics: [
        "writes": .integer(writes), "flush_interval_seconds": .number(flushInterval),
        "write_through": .object([
          "write": throughWrites.summary.jsonValue,
          "store_behind": throughWindows.summary.jsonValue,
          "lost_in_crash": .integer(throughLost),
        ]),
        "write_back": .object([
          "write": backWrites.summary.jsonValue, "store_behind": backWindows.summary.jsonValue,
          "lost_in_crash": .integer(backLost),
        ]),
      ],
      tables: [ReportTable(table)])
  }

  /// Writes `writes` items through `cache`, lets `crash` take the cache's memory, and counts
  /// the writes whose version never reached the store.
  private func lostInCrash(
    _ cache: any ItemCache, _ store: ItemStore, writes: Int, firstID: Int,
    crash: ([Item]) throws -> Void
  ) throws -> Int {
    var written: [Item] = []
    for offset in 0..<writes {
      try checkCancelled()
      if var item = try store.peek(id: itemID(firstID + offset)) {
        item.priceCents += 1
        written.append(try cache.write(item))
      }
    }
    try crash(written)
    return try written.filter { (try store.peek(id: $0.id)?.version ?? 0) < $0.version }.count
  }

  /// `id` wrapped into the seeded items, so a small store still takes every write.
  private func itemID(_ id: Int) -> Int { (id - 1) % settings.items + 1 }

  /// A staleness window for the table: "never" when no store read ever saw the old version.
  private func lag(_ seconds: Double) -> String {
    // A window of 0 is recorded at the histogram's floor; it is not a measured microsecond.
    seconds <= LatencyRecorder.floorSeconds ? "never" : duration(seconds)
  }

  /// How far behind the store was, as a phrase for the prose.
  private func behind(_ windows: LatencyRecorder) -> String {
    windows.max <= LatencyRecorder.floorSeconds
      ? "never late"
      : "late by \(duration(windows.mean)) on average and \(duration(windows.max)) at most"
  }
}
