import Foundation
import JSON
import Patterns
import RedisClient
import TerminalUI

extension LimiterDemo {
  /// A tick of synthetic traffic: when it starts and how many requests arrive.
  struct Tick {
    var time: Double
    var requests: Int
  }

  /// Steady, then bursty, then a burst straddling a window edge: 60 ticks of a tenth of the
  /// window each, so the timeline covers six windows.
  func syntheticTraffic() -> [Tick] {
    let step = settings.windowSeconds / 10
    let limit = settings.limit
    return (0..<60).map { index -> Tick in
      var requests = 0
      switch index {
      case 0..<20: requests = Self.steadyShare(of: limit, tick: index % 10)
      case 25: requests = limit * 2  // a burst of twice the limit
      case 32: requests = limit
      case 49, 50: requests = limit  // the limit just before and just after an edge
      default: requests = 0
      }
      return Tick(time: 1000 + Double(index) * step, requests: requests)
    }
  }

  /// Requests in tick `tick` (0–9) of a window when `limit` are spread evenly over its ten
  /// ticks: the ten shares add up to exactly `limit`, whatever it is.
  static func steadyShare(of limit: Int, tick: Int) -> Int {
    (tick + 1) * limit / 10 - tick * limit / 10
  }

  /// Scenario: the same traffic through all five algorithms, drawn tick by tick.
  func traffic(_ connection: Connection, _ output: DemoOutput, _ number: Int) throws
    -> ScenarioReport
  {
    let title =
      "The same traffic through five algorithms: limit \(settings.limit) per \(output.duration(settings.windowSeconds))"
    output.heading(number, title)
    let ticks = syntheticTraffic()
    let unicode = environment.unicode
    var lanes: [(label: String, cells: [Character])] = []
    var table = TextTable(
      headers: ["algorithm", "allowed", "denied", "memory per key", "commands per decision"],
      rightAligned: [1, 2, 3, 4])
    var metrics: [String: JSONValue] = [:]
    for algorithm in RateLimitAlgorithm.allCases {
      try output.checkCancelled()
      environment.progress.update("traffic: \(algorithm.displayName)…")
      let clock = ManualDemoClock(start: 0)
      let limiter = try self.limiter(algorithm, connection, clock: clock)
      let id = "traffic-\(algorithm.rawValue)"
      var cells: [Character] = []
      var allowed = 0
      var denied = 0
      for tick in ticks {
        clock.set(tick.time)
        var tickAllowed = 0
        for _ in 0..<tick.requests where try limiter.decide(key: id).allowed { tickAllowed += 1 }
        allowed += tickAllowed
        denied += tick.requests - tickAllowed
        cells.append(Self.cell(requests: tick.requests, allowed: tickAllowed, unicode: unicode))
      }
      let memory = try keys.existingKeys(using: connection).filter { $0.contains(id) }
        .compactMap { try keys.memoryUsage(of: $0, using: connection) }.reduce(0, +)
      lanes.append((algorithm.displayName, cells))
      table.addRow([
        "\(algorithm.displayName)", "\(allowed)", "\(denied)", "\(memory) B", "1 EVALSHA",
      ])
      metrics[algorithm.rawValue] = .object([
        "allowed": .integer(allowed), "denied": .integer(denied), "memory_bytes": .integer(memory),
      ])
    }
    let total = ticks.map(\.requests).reduce(0, +)
    output.say(
      Timeline.render(
        lanes: lanes, tickLabel: "tick = \(output.duration(settings.windowSeconds / 10))",
        width: min(100, environment.width)))
    let legend =
      unicode
      ? "█ all allowed  ▄ some denied  · all denied  (blank: no requests)"
      : "# all allowed  + some denied  . all denied  (blank: no requests)"
    output.say(legend)
    output.say(table)
    output.paragraph(
      "\(total) requests: steady at the limit, a burst of twice the limit, then the limit just before and just after a window edge. The fixed window lets both edge bursts through; the sliding log never allows more than \(settings.limit) in any window; the token bucket and GCRA let a burst of \(settings.limit) through and then the rate. Memory is per client key: the log keeps one entry per allowed request."
    )
    let fixed = metrics["fixed-window"]
    let log = metrics["sliding-window-log"]
    var headline = "\(total) requests"
    if let fa = fixed?["allowed"]?.number, let la = log?["allowed"]?.number {
      headline += ": fixed window allowed \(Int(fa)), sliding log \(Int(la))"
    }
    metrics["headline"] = .string(headline)
    metrics["requests"] = .integer(total)
    return ScenarioReport(
      name: "traffic", title: title, metrics: metrics, tables: [ReportTable(table)])
  }

  static func cell(requests: Int, allowed: Int, unicode: Bool) -> Character {
    if requests == 0 { return " " }
    if allowed == requests { return unicode ? "█" : "#" }
    if allowed == 0 { return unicode ? "·" : "." }
    return unicode ? "▄" : "+"
  }

  /// Scenario: the fixed window's edge burst against the exact log, measured.
  func edge(_ connection: Connection, _ output: DemoOutput, _ number: Int) throws -> ScenarioReport
  {
    let window = settings.windowSeconds
    let limit = settings.limit
    let title =
      "The fixed window's edge: \(NumberText.count(limit, "request")) just before a window ends, \(limit) just after"
    output.heading(number, title)
    var table = TextTable(
      headers: [
        "algorithm", "allowed in \(output.duration(window / 10))", "limit per window", "ratio",
      ],
      rightAligned: [1, 2, 3])
    var metrics: [String: JSONValue] = [:]
    for algorithm in [RateLimitAlgorithm.fixedWindow, .slidingWindowLog, .slidingWindowCounter] {
      let clock = ManualDemoClock(start: 0)
      let limiter = try self.limiter(algorithm, connection, clock: clock)
      let id = "edge-\(algorithm.rawValue)"
      // Windows start at multiples of the window length; the edge is at 1000 windows.
      let edge = (1000 * window).rounded()
      var allowed = 0
      clock.set(edge - window * 0.05)
      for _ in 0..<limit where try limiter.decide(key: id).allowed { allowed += 1 }
      clock.set(edge + window * 0.05)
      for _ in 0..<limit where try limiter.decide(key: id).allowed { allowed += 1 }
      let ratio = Double(allowed) / Double(limit)
      table.addRow([
        algorithm.displayName, "\(allowed)", "\(limit)", "\(NumberText.significant(ratio))×",
      ])
      metrics[algorithm.rawValue] = .integer(allowed)
    }
    output.say(table)
    output.paragraph(
      "The fixed window resets its counter at the edge, so a client that times its requests can get twice the limit through in a tenth of a window. The sliding log counts the last full window at every request; the sliding counter estimates it from two windows."
    )
    var headline = ""
    if let fixed = metrics["fixed-window"]?.number, let log = metrics["sliding-window-log"]?.number
    {
      headline =
        "fixed window let \(Int(fixed)) through across an edge (\(NumberText.significant(fixed / Double(limit)))× the limit); the log \(Int(log))"
    }
    metrics["headline"] = .string(headline)
    return ScenarioReport(
      name: "edge", title: title, metrics: metrics, tables: [ReportTable(table)])
  }
}
