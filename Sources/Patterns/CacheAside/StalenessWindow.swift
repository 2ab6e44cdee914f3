/// How long a reader of the store keeps seeing the old version after a write returns.
public struct StalenessMeasurement: Sendable, Equatable, Codable {
  /// Seconds the write call took: what the writer waited.
  public var writeDuration: Double
  /// Seconds from the write's return until a store read first showed the new version: 0
  /// when the first read already did, nil when none did before the timeout.
  public var window: Double?
  /// Store reads after the write returned that still showed an older version.
  public var staleReads: Int

  public init(writeDuration: Double, window: Double?, staleReads: Int) {
    self.writeDuration = writeDuration
    self.window = window
    self.staleReads = staleReads
  }
}

/// Measures the eventual-consistency window of a write strategy.
public enum StalenessWindow {
  /// Runs `write`, then reads the store every `pollInterval` until it holds the written
  /// version or `timeout` seconds have passed, all timed on `clock`.
  ///
  /// The store reads use `ItemStore.peek`: no latency, not counted as loads, so the probe
  /// does not change what it measures.
  public static func measure(
    store: ItemStore, clock: DemoClock = .system, pollInterval: Double = 0.001,
    timeout: Double = 5, write: () throws -> Item
  ) throws -> StalenessMeasurement {
    let started = clock.now()
    let written = try write()
    let returned = clock.now()
    var staleReads = 0
    while true {
      if let stored = try store.peek(id: written.id), stored.version >= written.version {
        return StalenessMeasurement(
          writeDuration: returned - started, window: clock.now() - returned,
          staleReads: staleReads)
      }
      staleReads += 1
      if clock.now() - returned >= timeout {
        return StalenessMeasurement(
          writeDuration: returned - started, window: nil, staleReads: staleReads)
      }
      clock.sleep(pollInterval)
    }
  }
}
