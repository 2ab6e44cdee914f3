import Foundation
import Patterns
import RedisClient
import RedisSandbox
import TerminalUI

/// The job-queue demo: email jobs through a reliable Redis queue, with injected failures,
/// a worker killed mid-job, and throughput, drawn with numbers.
public final class QueueDemo: Sendable {
  let settings: QueueDemoSettings
  let environment: DemoEnvironment
  /// Where the demo's outbox (a maildir of .eml files) lives.
  let outboxPath: String

  /// The queues the demo uses, all under `rt:demo:queue:`.
  static let queueNames = ["emails", "crash", "crash-brpop", "noop", streamQueueName]

  public init(settings: QueueDemoSettings, environment: DemoEnvironment, outboxPath: String) {
    self.settings = settings
    self.environment = environment
    self.outboxPath = outboxPath
  }

  var backoff: BackoffPolicy {
    BackoffPolicy(base: 0.02, cap: 0.2, maxAttempts: settings.maxAttempts)
  }

  func configuration(_ name: String, lease: Double = 5) -> QueueConfiguration {
    QueueConfiguration(
      name: name, lease: lease, backoff: backoff,
      validatePayload: name == "noop" ? nil : EmailJob.validatePayload)
  }

  /// Runs the chosen scenarios; on Ctrl-C or an error the queues are removed.
  public func run() throws -> DemoReport {
    var report = DemoReport(demo: "queue")
    let output = DemoOutput(environment: environment, json: settings.json)
    do {
      try Self.clean(options: environment.options)
      try? FileManager.default.removeItem(atPath: outboxPath)
      for (index, scenario) in settings.scenarios.enumerated() {
        try output.checkCancelled()
        let result: ScenarioReport
        switch scenario {
        case .pipeline:
          result =
            settings.backend == .streams
            ? try streamsPipeline(output, index + 1) : try pipeline(output, index + 1)
        case .failures: result = try failures(output, index + 1)
        case .crash: result = try crash(output, index + 1)
        case .throughput: result = try throughput(output, index + 1)
        }
        report.scenarios.append(result)
      }
      environment.progress.finish()
      var table = TextTable(title: "Summary", headers: ["scenario", "what it showed"])
      for scenario in report.scenarios {
        if let headline = scenario.metrics["headline"]?.string {
          table.addRow([scenario.name, headline])
        }
      }
      output.say("")
      output.say(table)
    } catch {
      environment.progress.finish()
      try? Self.clean(options: environment.options)
      throw error
    }
    if settings.json { environment.write(report.jsonString(pretty: true) + "\n") }
    return report
  }

  /// Removes the demo's queues; returns how many keys went.
  @discardableResult
  public static func clean(options: ConnectionOptions) throws -> Int {
    let connection = try Connection(options)
    return try queueNames.reduce(0) { total, name in
      total + (try QueueKeys(name: name).deleteAll(using: connection))
    }
  }

  /// Waits until `done` says so, redrawing the diagram on a terminal as it goes.
  ///
  /// The diagram's worker count is the queue's live workers, as `:queue stats` shows them.
  func watch(
    _ queue: ReliableQueue, output: DemoOutput, until done: (QueueStats) -> Bool
  ) throws -> QueueStats {
    let live = environment.progress.isTerminal && !settings.json
    var drawn = false
    let deadline = Date().addingTimeInterval(300)
    while true {
      try output.checkCancelled()
      let stats = try queue.stats()
      let lines = try QueueDiagram.render(stats, of: queue, unicode: environment.unicode)
      if live {
        // Move back over the last drawing and draw again in place.
        let up = drawn ? "\u{1B}[\(lines.count)A" : ""
        environment.write(up + lines.map { "\r\u{1B}[K" + $0 }.joined(separator: "\n") + "\n")
        drawn = true
      } else {
        environment.progress.update(
          "pending \(stats.pending), active \(stats.active), retry \(stats.retry), dead \(stats.dead), done \(stats.done)"
        )
      }
      if done(stats) {
        if !live { output.say(lines.joined(separator: "\n")) }
        return stats
      }
      if Date() > deadline { throw CacheDemo.Stop.worker("the queue did not drain within 300 s") }
      usleep(100_000)
    }
  }

  /// Latency recorders for queue wait and run time, fed by a pool's observer.
  final class Timings: Sendable {
    let queueWait = LatencyRecorder()
    let run = LatencyRecorder()
    let outcomes = Locked<[String: Int]>([:])

    var observer: @Sendable (JobEvent) -> Void {
      { [self] event in
        guard case .finished(let timing) = event else { return }
        queueWait.record(seconds: timing.queueWait)
        run.record(seconds: timing.run)
        outcomes.withLock { $0[timing.outcome.name, default: 0] += 1 }
      }
    }
  }
}
