import Foundation

/// One of the built tutor's demos (`redis-tutor demo NAME`) against a redis-server of its own,
/// with the tutor's files in a fresh home directory.
public struct DemoEndToEnd {
  /// The demo's name on the command line: `cache`, `limiter`, `queue`.
  public let name: String
  /// The tutor's home: its data and config directories, and scratch files of the test.
  public let home: URL
  /// The server the demo runs against.
  public let server: RedisServerFixture

  /// Starts a server for demo `name`; `prefix` names the home directory, to tell runs apart.
  public init(_ name: String, prefix: String) throws {
    self.name = name
    home = try TemporaryDirectory.make(prefix: prefix)
    server = try RedisServerFixture()
  }

  /// One scenario's numbers in a `--json` report, by metric name.
  public typealias Metrics = [String: Any]

  /// Runs `redis-tutor demo NAME -p PORT --yes` followed by `arguments`.
  public func run(_ arguments: [String], deadline: Double = 120) throws -> TutorBinary.Result {
    try TutorBinary.run(
      ["demo", name, "-p", String(server.port), "--yes"] + arguments, home: home,
      deadline: deadline)
  }

  /// Runs the tutor's shell on the demo's server, typing `script` into it through a pipe.
  public func runShell(_ script: String) throws -> TutorBinary.Result {
    try TutorBinary.run(
      ["-p", String(server.port), "--yes"], stdin: Array(script.utf8), home: home)
  }

  /// The metrics of `scenario` in the JSON report a `--json` run printed.
  public static func metrics(_ result: TutorBinary.Result, _ scenario: String) throws -> Metrics {
    guard
      let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
    else {
      throw FixtureError("stdout is not JSON: \(result.output)")
    }
    guard let scenarios = json["scenarios"] as? [[String: Any]] else {
      throw FixtureError("the report has no scenarios: \(result.output)")
    }
    guard let found = scenarios.first(where: { $0["name"] as? String == scenario }) else {
      throw FixtureError("the report has no scenario \(scenario): \(result.output)")
    }
    guard let metrics = found["metrics"] as? Metrics else {
      throw FixtureError("scenario \(scenario) has no metrics: \(found)")
    }
    return metrics
  }
}
