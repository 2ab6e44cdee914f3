import Foundation
import Patterns
import RedisClient

/// The email workers of the notification queue: the queue demo's `WorkerPool` running
/// `EmailDelivery` into an `Outbox` (or to a provider over HTTP), logging each attempt as a
/// JSON line.
///
/// The service runs one in-process (`--workers N`); `redis-tutor-serve worker` runs one in a
/// process of its own. Both use `NotificationQueue.configuration`, so they share one queue.
public enum NotificationWorkers {
  /// A pool of `count` workers (not started) delivering into `outboxPath`, or to
  /// `provider` when it is a provider over HTTP (`faults` then do not apply).
  ///
  /// Each finished attempt is written to `log` and, when given, to `metrics`; with
  /// `jobTimings`, each finished job also gets a `job_done` line on standard output.
  public static func makePool(
    redis: ConnectionOptions, queue: QueueConfiguration, count: Int, outboxPath: String,
    provider: EmailProviderChoice = .outbox, faults: EmailSender.Faults = .none,
    log: ServiceLog, metrics: ServiceMetrics? = nil, jobTimings: Bool = false,
    clock: DemoClock = .system
  ) throws -> WorkerPool {
    let sender: any EmailTransport
    switch provider {
    case .outbox:
      let outbox = try Outbox(directory: URL(fileURLWithPath: outboxPath))
      sender = EmailSender(outbox: outbox, faults: faults)
    case .http(let url):
      sender = try HTTPEmailSender(url: url)
    }
    let delivery = EmailDelivery(sender: sender, claimTTL: queue.lease)
    let timings = jobTimings ? JobDoneReporter(log: log, clock: clock) : nil
    var options = redis
    // BLMOVE waits up to a second; the read timeout must outlast it.
    options.readTimeout = max(options.readTimeout ?? 5, 5)
    let settings = WorkerPool.Settings(
      blockTimeout: 1, maintenanceInterval: min(0.25, queue.lease / 4), clock: clock,
      observer: { event in
        record(event, log: log, metrics: metrics, clock: clock)
        timings?.observe(event)
      },
      namePrefix: "svc-pid\(getpid())-w")
    return try WorkerPool(
      options: options, queue: queue, count: count, settings: settings,
      handler: delivery.handler)
  }

  /// Writes a job's log line and metrics for the events that end an attempt.
  static func record(
    _ event: JobEvent, log: ServiceLog, metrics: ServiceMetrics?, clock: DemoClock
  ) {
    let time: (String, ServiceLog.Value) = ("time", .string(ServiceLog.timestamp(clock.now())))
    switch event {
    case .finished(let timing):
      metrics?.recordJob(
        outcome: timing.outcome.name, runSeconds: timing.run, queueWaitSeconds: timing.queueWait)
      var fields: [(String, ServiceLog.Value)] = [
        time, ("type", .string("job")), ("job", .string(timing.job.rawValue)),
        ("worker", .string(timing.worker)), ("attempt", .int(timing.attempt)),
        ("outcome", .string(timing.outcome.name)), ("duration_ms", .double(timing.run * 1000)),
        ("queued_ms", .double(timing.queueWait * 1000)),
      ]
      if let error = timing.error { fields.append(("error", .string(error))) }
      for note in timing.notes { fields.append((note.key, .string(note.value))) }
      log.write(fields)
    case .released(let job, let worker):
      log.write([
        time, ("type", .string("job")), ("job", .string(job.rawValue)),
        ("worker", .string(worker)), ("outcome", .string("released")),
      ])
    case .leaseExpired(let reaped):
      log.write([
        time, ("type", .string("job")), ("job", .string(reaped.id.rawValue)),
        ("worker", .string(reaped.worker)), ("attempt", .int(reaped.attempts)),
        ("outcome", .string("lease_expired")),
      ])
    case .redisUnavailable(let worker, let error, _):
      log.write([
        time, ("type", .string("worker")), ("worker", .string(worker)),
        ("event", .string("redis_unavailable")), ("error", .string(error)),
      ])
    case .redisRecovered(let worker):
      log.write([
        time, ("type", .string("worker")), ("worker", .string(worker)),
        ("event", .string("redis_recovered")),
      ])
    case .started, .promoted:
      break
    }
  }
}
