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
        guard let item = try store.peek(id: firstID + offset) else { continue }
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

    // A crash: write-back without a flush loses what sat in the dirty set.
    let crashWrites = 10
    let crashing = try WriteBackCache(
      connection: connection, workerOptions: environment.options, store: store,
      configuration: .init(ttl: settings.ttlSeconds, flushInterval: nil), clock: clock)
    for offset in 0..<crashWrites {
      if var item = try store.peek(id: 300 + offset) {
        item.priceCents += 1
        try crashing.write(item)
      }
    }
    let dirtyBefore = try crashing.dirtyIDs().count
    let lost = try crashing.crash()
    environment.progress.finish()

    var table = TextTable(
      headers: ["strategy", "write p50", "store behind cache: mean", "max", "lost in a crash"],
      rightAligned: [1, 2, 3, 4])
    // Zero is recorded as the histogram's smallest unit; say "never" instead of "1 µs".
    func lag(_ seconds: Double) -> String { seconds <= 1e-6 ? "never" : duration(seconds) }
    table.addRow([
      "write-through", duration(throughWrites.p50), lag(throughWindows.mean),
      lag(throughWindows.max), "0 of \(crashWrites)",
    ])
    table.addRow([
      "write-back", duration(backWrites.p50), lag(backWindows.mean), lag(backWindows.max),
      "\(lost.count) of \(crashWrites)",
    ])
    say(table.render())
    paragraph(
      "Write-through pays the store's write on every request and the store is never behind. Write-back answers from Redis at once, but the store lags by up to one flush interval — eventual consistency, measured — and the \(dirtyBefore) writes still in \(keys.dirty) when the process died were lost."
    )
    return ScenarioReport(
      name: "write", title: title,
      metrics: [
        "writes": .integer(writes), "flush_interval_seconds": .number(flushInterval),
        "write_through": .object([
          "write": throughWrites.summary.jsonValue,
          "store_behind": throughWindows.summary.jsonValue,
          "lost_in_crash": .integer(0),
        ]),
        "write_back": .object([
          "write": backWrites.summary.jsonValue, "store_behind": backWindows.summary.jsonValue,
          "lost_in_crash": .integer(lost.count),
        ]),
      ],
      tables: [ReportTable(table)])
  }
}
