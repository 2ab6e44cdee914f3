import Foundation
import Patterns
import RedisClient
import TerminalUI

extension QueueDemo {
  /// One throughput measurement: no-op jobs through a pool until the queue drains.
  struct ThroughputRun {
    var workers: Int
    var batch: Int
    var jobsPerSecond: Double
    var timings: Timings
  }

  /// Drains `jobs` no-op jobs with `workers` workers taking `batch` jobs per claim.
  func drain(jobs: Int, workers: Int, batch: Int) throws -> ThroughputRun {
    let timings = Timings()
    let rate = try QueueThroughput.measure(
      options: environment.options, jobs: jobs, workers: workers, batch: batch,
      cancellation: environment.cancellation, observer: timings.observer)
    return ThroughputRun(workers: workers, batch: batch, jobsPerSecond: rate, timings: timings)
  }

  /// Scenario: no-op jobs per second, one at a time and batched, with queue-wait and run times.
  func throughput(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let jobs = settings.throughputJobs
    let title = "Throughput: \(jobs) no-op jobs"
    output.heading(number, title)
    var runs: [ThroughputRun] = []
    for (workers, batch) in [(1, 1), (8, 1), (8, 32)] {
      try output.checkCancelled()
      environment.progress.update(
        "throughput: \(NumberText.count(workers, "worker")), batch \(batch)…")
      runs.append(try drain(jobs: jobs, workers: workers, batch: batch))
    }
    environment.progress.finish()
    var table = TextTable(
      headers: ["workers", "jobs per claim", "jobs/s", "queue wait p50", "p99", "run p50", "p99"],
      rightAligned: [0, 1, 2, 3, 4, 5, 6])
    for run in runs {
      table.addRow([
        "\(run.workers)", "\(run.batch)", NumberText.of(run.jobsPerSecond.rounded()),
        output.latency(run.timings.queueWait.p50), output.latency(run.timings.queueWait.p99),
        output.latency(run.timings.run.p50), output.latency(run.timings.run.p99),
      ])
    }
    output.say(table)
    output.paragraph(
      "One job at a time costs a claim and an ack round trip per job, so a single worker is bound by the loopback round trip. More workers overlap their round trips; claiming a batch per script call and acking in a pipeline moves many jobs per round trip. Queue wait is long here because all \(jobs) jobs were enqueued before the workers started. For scale: Sidekiq 7 reports about 23,500 no-op jobs/s, BullMQ 16,501 with 10 workers."
    )
    return ScenarioReport(
      name: "throughput", title: title,
      metrics: [
        "jobs": .integer(jobs),
        "runs": .array(
          runs.map {
            .object([
              "workers": .integer($0.workers), "batch": .integer($0.batch),
              "jobs_per_second": .number($0.jobsPerSecond),
              "queue_wait": $0.timings.queueWait.summary.jsonValue,
              "run": $0.timings.run.summary.jsonValue,
            ])
          }),
        "headline": .string(runs.map(Self.describe).joined(separator: "; ")),
      ], tables: [ReportTable(table)])
  }
}

extension QueueDemo {
  /// One run in a few words: `1234 jobs/s with 1 worker, 1 job per claim`.
  static func describe(_ run: ThroughputRun) -> String {
    "\(NumberText.of(run.jobsPerSecond.rounded())) jobs/s with \(NumberText.count(run.workers, "worker")), \(NumberText.count(run.batch, "job")) per claim"
  }
}

/// End-to-end no-op job throughput, for the demo and for `make bench`.
public enum QueueThroughput {
  /// Enqueues `jobs` no-op jobs (pipelined), then times `workers` workers draining them.
  ///
  /// Returns jobs per second from the workers' start to the last ack.
  public static func measure(
    options: ConnectionOptions, jobs: Int, workers: Int, batch: Int,
    cancellation: CancellationPipe? = nil, observer: (@Sendable (JobEvent) -> Void)? = nil
  ) throws -> Double {
    let configuration = QueueConfiguration(name: "noop", lease: 30, doneRetention: 0)
    let queue = try ReliableQueue(options: options, configuration: configuration)
    _ = try queue.deleteAll()
    let payload = Array("{}".utf8)
    for start in stride(from: 0, to: jobs, by: 1000) {
      _ = try queue.enqueueBatch(Array(repeating: payload, count: min(1000, jobs - start)))
    }
    let pool = try WorkerPool(
      options: options, queue: configuration, count: workers,
      settings: .init(
        batchSize: batch, blockTimeout: 0.05, maintenanceInterval: nil, observer: observer)
    ) { _, _ in }
    let started = Date()
    pool.start()
    defer {
      _ = pool.shutdown(deadline: 2)
      _ = try? queue.deleteAll()
    }
    while try queue.stats().done < jobs {
      if cancellation?.isTriggered == true { throw CacheDemo.Stop.cancelled }
      usleep(1_000)
    }
    return Double(jobs) / Date().timeIntervalSince(started)
  }

  /// Times enqueueing `jobs` no-op jobs one call each, or in pipelined batches of `batch`.
  public static func enqueueRate(options: ConnectionOptions, jobs: Int, batch: Int) throws -> Double
  {
    let configuration = QueueConfiguration(name: "noop", lease: 30, doneRetention: 0)
    let queue = try ReliableQueue(options: options, configuration: configuration)
    _ = try queue.deleteAll()
    defer { _ = try? queue.deleteAll() }
    let payload = Array("{}".utf8)
    let started = Date()
    if batch <= 1 {
      for _ in 0..<jobs { _ = try queue.enqueue(payload) }
    } else {
      for start in stride(from: 0, to: jobs, by: batch) {
        _ = try queue.enqueueBatch(Array(repeating: payload, count: min(batch, jobs - start)))
      }
    }
    return Double(jobs) / Date().timeIntervalSince(started)
  }
}
