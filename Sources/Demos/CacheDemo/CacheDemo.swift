import Foundation
import JSON
import Patterns
import RedisClient
import TerminalUI

/// The cache demo: drives the cache-aside library code and draws what it measured.
///
/// Five scenarios, each printed as it finishes and kept in a `DemoReport` for `--json`: a
/// skewed workload with and without the cache, stampede cures side by side (one process and
/// two), the stale-set race and its fix, write-through against write-back, and the keys the
/// demo left behind.
public final class CacheDemo: Sendable {
  /// Where the demo runs and where it writes.
  public typealias Environment = DemoEnvironment

  /// Why the demo stopped early.
  public enum Stop: Error, CustomStringConvertible {
    /// Ctrl-C.
    case cancelled
    /// A worker process failed.
    case worker(String)

    public var description: String {
      switch self {
      case .cancelled: return "stopped by Ctrl-C"
      case .worker(let message): return "a worker process failed: \(message)"
      }
    }
  }

  let settings: CacheDemoSettings
  let environment: Environment
  let keys = CacheKeys()
  let clock = DemoClock.system

  public init(settings: CacheDemoSettings, environment: Environment) {
    self.settings = settings
    self.environment = environment
  }

  /// Runs the chosen scenarios; prints tables unless `settings.json`, and returns the report.
  ///
  /// On Ctrl-C or an error the demo's keys are removed before the error is rethrown; after
  /// a full run they stay, so the learner can `:peek` them.
  public func run() throws -> DemoReport {
    var report = DemoReport(demo: "cache")
    do {
      let latency = settings.storeLatencyMilliseconds / 1000
      let store = try ItemStore(
        path: environment.storePath, readLatency: latency, writeLatency: latency, clock: clock)
      environment.progress.update("seeding the store with \(settings.items) items…")
      _ = try store.seed(count: settings.items, seed: settings.seed)
      let connection = try Connection(environment.options)
      _ = try keys.deleteAll(using: connection)
      for scenario in settings.scenarios {
        try checkCancelled()
        let result: ScenarioReport
        switch scenario {
        case .workload: result = try workload(store)
        case .stampede: result = try stampede(store)
        case .race: result = try race(store)
        case .write: result = try writeStrategies(store)
        case .keys: result = try keyReport(connection)
        }
        report.scenarios.append(result)
      }
      environment.progress.finish()
      if !report.scenarios.isEmpty {
        say("")
        say(summary(report))
      }
    } catch {
      environment.progress.finish()
      if let connection = try? Connection(environment.options) {
        _ = try? keys.deleteAll(using: connection)
      }
      throw error
    }
    if settings.json { environment.write(report.jsonString(pretty: true) + "\n") }
    return report
  }

  /// Removes every key the demo made; returns how many.
  public static func clean(options: ConnectionOptions) throws -> Int {
    try CacheKeys().deleteAll(using: Connection(options))
  }

  // MARK: - Printing

  /// One line per scenario with its headline numbers, printed at the end.
  func summary(_ report: DemoReport) -> TextTable {
    var table = TextTable(title: "Summary", headers: ["scenario", "what it showed"])
    func number(_ metrics: [String: JSONValue], _ key: String) -> Double? {
      metrics[key]?.number
    }
    func text(_ value: Double?) -> String { value.map { NumberText.of($0) } ?? "?" }
    for scenario in report.scenarios {
      let metrics = scenario.metrics
      let line: String
      switch scenario.name {
      case "workload":
        var latency = ""
        if let cached = metrics["with_cache"]?["p50"]?.number,
          let direct = metrics["without_cache"]?["p50"]?.number
        {
          latency = ", p50 \(self.latency(cached)) vs \(self.latency(direct)) without the cache"
        }
        line =
          "hit ratio \(NumberText.percent(number(metrics, "hit_ratio") ?? 0)), \(text(number(metrics, "store_loads"))) store loads for \(text(number(metrics, "requests"))) requests\(latency)"
      case "stampede":
        let parts = [
          ("none", "loads_none_1p"), ("single-flight", "loads_single-flight_1p"),
          ("lock", "loads_lock_1p"), ("xfetch", "loads_xfetch_1p"),
          ("single-flight in 2 processes", "loads_single-flight_2p"),
          ("lock in 2 processes", "loads_lock_2p"),
        ].compactMap { name, key in number(metrics, key).map { "\(name) \(NumberText.of($0))" } }
        line = "store loads: " + parts.joined(separator: ", ")
      case "race":
        let unprotected = metrics["stale_unprotected"] == .bool(true) ? "stale" : "fresh"
        let leased = metrics["stale_with_lease"] == .bool(true) ? "stale" : "fresh"
        line = "unprotected: cache left \(unprotected); with a lease: \(leased)"
      case "write":
        // Each strategy as it measured: how far the store lagged, what a crash lost.
        func strategy(_ name: String, _ key: String) -> String? {
          guard let values = metrics[key], let behind = values["store_behind"],
            let max = behind["max"]?.number, let mean = behind["mean"]?.number,
            let lost = values["lost_in_crash"]?.number
          else { return nil }
          let lag =
            max <= LatencyRecorder.floorSeconds
            ? "store never behind" : "store behind by \(duration(mean))"
          return "\(name): \(lag), \(NumberText.count(Int(lost), "write")) lost in a crash"
        }
        line = [
          strategy("write-through", "write_through"), strategy("write-back", "write_back"),
        ].compactMap { $0 }.joined(separator: "; ")
      case "keys":
        line =
          "\(text(number(metrics, "keys"))) keys under \(keys.prefix), \(bytes(Int(number(metrics, "memory_bytes") ?? 0)))"
      default:
        line = scenario.title
      }
      table.addRow([scenario.name, line])
    }
    return table
  }

  var output: DemoOutput { DemoOutput(environment: environment, json: settings.json) }

  func say(_ text: String) { output.say(text) }

  func say(_ table: TextTable) { output.say(table) }

  /// Prints prose wrapped to the terminal (tables and charts go through `say` unwrapped).
  func paragraph(_ text: String) { output.paragraph(text) }

  func heading(_ number: Int, _ title: String) { output.heading(number, title) }

  func checkCancelled() throws { try output.checkCancelled() }

  func duration(_ seconds: Double) -> String { output.duration(seconds) }

  func latency(_ seconds: Double) -> String { output.latency(seconds) }

  /// The scenario's number in this run, for headings.
  func number(of scenario: CacheDemoSettings.Scenario) -> Int {
    (settings.scenarios.firstIndex(of: scenario) ?? 0) + 1
  }
}
