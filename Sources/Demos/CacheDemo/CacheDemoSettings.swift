import Patterns

/// What the cache demo runs, with defaults that finish in a few seconds.
public struct CacheDemoSettings: Sendable, Equatable {
  /// The parts of the demo, in the order they run.
  public enum Scenario: String, Sendable, CaseIterable, Codable {
    case workload, stampede, race, write, keys
  }

  /// Requests in the skewed workload.
  public var requests = 4000
  /// Concurrent clients, each with its own connection and thread.
  public var clients = 8
  /// Items in the store.
  public var items = 10_000
  /// The store's latency for each read and each write, standing in for a slow database.
  public var storeLatencyMilliseconds = 20.0
  /// The cache TTL in seconds (jitter is added on top).
  public var ttlSeconds = 30.0
  /// The Zipf exponent of the workload: higher means a few items get most requests.
  public var zipfExponent = 1.0
  /// The seed for every random choice, so a run can be repeated.
  public var seed: UInt64 = 42
  /// Which scenarios to run.
  public var scenarios = Scenario.allCases
  /// Print JSON instead of tables.
  public var json = false

  public init() {}

  /// One line saying what is wrong with the settings, or nil when they can run.
  public func problem() -> String? {
    if requests < 1 { return "--requests must be at least 1 (got \(requests))" }
    if clients < 1 {
      return "--clients must be at least 1 (got \(clients)): the demo needs someone to ask"
    }
    if clients > 256 { return "--clients \(clients) is too many for this machine; use at most 256" }
    if items < 10 { return "--items must be at least 10 (got \(items))" }
    if items > 1_000_000 {
      return "--items \(items) is more than the demo store holds; use at most 1000000"
    }
    if storeLatencyMilliseconds < 0 || storeLatencyMilliseconds > 5000 {
      return "--latency-ms must be between 0 and 5000 (got \(storeLatencyMilliseconds))"
    }
    if !(ttlSeconds > 0) { return "--ttl must be a positive number of seconds (got \(ttlSeconds))" }
    if !(zipfExponent > 0) || zipfExponent > 5 {
      return "--zipf must be above 0 and at most 5 (got \(zipfExponent))"
    }
    if scenarios.isEmpty { return "no scenario to run" }
    return nil
  }
}
