import Foundation
import Patterns
import RedisClient
import TerminalUI

/// The rate-limiter demo: the same traffic through five algorithms, and the experiments that
/// show their trade-offs, drawn with numbers.
///
/// Time is simulated with a manual clock where the point is the algorithm (so every run
/// draws the same timeline); the skew scenario sets client time against Redis TIME, and the
/// race and route scenarios use Redis TIME as production code would.
public final class LimiterDemo: Sendable {
  let settings: LimiterDemoSettings
  let environment: DemoEnvironment
  let keys = RateLimitKeys()

  public init(settings: LimiterDemoSettings, environment: DemoEnvironment) {
    self.settings = settings
    self.environment = environment
  }

  /// The rule every algorithm enforces side by side.
  var rule: RateLimitRule {
    RateLimitRule(limit: settings.limit, period: settings.windowSeconds, burst: settings.limit)
  }

  /// Runs the chosen scenarios; keys are removed on Ctrl-C or error, kept after a full run.
  public func run() throws -> DemoReport {
    var report = DemoReport(demo: "limiter")
    let output = DemoOutput(environment: environment, json: settings.json)
    do {
      let connection = try Connection(environment.options)
      _ = try keys.deleteAll(using: connection)
      for (index, scenario) in settings.scenarios.enumerated() {
        try output.checkCancelled()
        let result: ScenarioReport
        switch scenario {
        case .traffic: result = try traffic(connection, output, index + 1)
        case .edge: result = try edge(connection, output, index + 1)
        case .error: result = try counterError(connection, output, index + 1)
        case .race: result = try race(output, index + 1)
        case .compare: result = try compare(connection, output, index + 1)
        case .skew: result = try skew(output, index + 1)
        case .routes: result = try routes(output, index + 1)
        }
        report.scenarios.append(result)
      }
      environment.progress.finish()
      output.say("")
      output.say(summary(report))
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
    try RateLimitKeys().deleteAll(using: Connection(options))
  }

  /// A limiter for `algorithm` on `connection` with simulated time.
  func limiter(
    _ algorithm: RateLimitAlgorithm, _ connection: Connection, clock: ManualDemoClock,
    rule: RateLimitRule? = nil
  ) throws -> RedisRateLimiter {
    try RedisRateLimiter(
      algorithm: algorithm, rule: rule ?? self.rule, connection: connection,
      timeSource: .client(clock.clock), keys: keys)
  }

  /// One line per scenario with its headline numbers.
  func summary(_ report: DemoReport) -> TextTable {
    var table = TextTable(title: "Summary", headers: ["scenario", "what it showed"])
    for scenario in report.scenarios {
      if let headline = scenario.metrics["headline"]?.string {
        table.addRow([scenario.name, headline])
      }
    }
    return table
  }
}
