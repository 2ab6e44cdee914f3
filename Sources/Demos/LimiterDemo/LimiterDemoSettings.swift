import Patterns

/// What the rate-limiter demo runs, with defaults that finish in a few seconds.
public struct LimiterDemoSettings: Sendable, Equatable {
  /// The parts of the demo, in the order they run.
  public enum Scenario: String, Sendable, CaseIterable, Codable {
    case traffic, edge, error, race, compare, skew, routes
  }

  /// The limit every algorithm enforces in the side-by-side scenarios.
  public var limit = 10
  /// Its window or period, in seconds.
  public var windowSeconds = 1.0
  /// Concurrent clients in the race scenario.
  public var clients = 8
  /// The seed for the random traffic.
  public var seed: UInt64 = 7
  /// Which scenarios to run.
  public var scenarios = Scenario.allCases
  /// The rules file for the routes scenario, or nil for the built-in example.
  public var rulesPath: String?
  /// Print JSON instead of tables.
  public var json = false

  public init() {}

  /// One line saying what is wrong, or nil.
  public func problem() -> String? {
    if limit < 1 { return "--limit must be at least 1 (got \(limit))" }
    if limit > 10_000 {
      return "--limit \(limit) is more than the demo can draw; use at most 10000"
    }
    if !(windowSeconds > 0) {
      return "--window must be a positive number of seconds (got \(windowSeconds))"
    }
    if windowSeconds > 3600 {
      return "--window must be at most 3600 seconds (got \(windowSeconds))"
    }
    if clients < 2 || clients > 256 {
      return "--clients must be from 2 to 256 (got \(clients)): the race needs company"
    }
    if scenarios.isEmpty { return "no scenario to run" }
    return nil
  }
}
