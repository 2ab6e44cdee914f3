import Foundation
import RedisClient

/// The body of a separate worker process (`redis-tutor demo worker …`): a `WorkerPool` that
/// runs until SIGTERM or SIGINT, then shuts down gracefully.
///
/// The demo starts such processes so it can `kill -9` one mid-job and show its jobs coming
/// back after their leases. The executable parses its options into `Settings` and calls
/// `run(settings:)`; its exit code is what `run` returns.
public enum QueueWorkerProcess {
  /// What the worker process runs for each job.
  public enum Work: Sendable, Equatable {
    /// Nothing: acknowledge at once (throughput benchmarks).
    case noop
    /// Sleep this many seconds, then succeed.
    case sleep(Double)
    /// Send email jobs into the outbox at `outboxPath`, with injected faults.
    case email(
      outboxPath: String, failureFraction: Double, hangFraction: Double, hangSeconds: Double)
  }

  /// Everything a worker process needs, as parsed from its command line.
  public struct Settings: Sendable {
    public var connection: ConnectionOptions
    public var queueName: String
    public var keyPrefix: String
    public var workers: Int
    /// Lease in seconds.
    public var lease: Double
    public var backoff: BackoffPolicy
    public var batchSize: Int
    public var work: Work
    /// Seed for injected failures and jitter; nil draws from the system.
    public var seed: UInt64?
    /// Seconds a graceful shutdown waits for running jobs.
    public var shutdownDeadline: Double
    /// Whether this process also runs the reaper and promoter.
    public var runsMaintenance: Bool
    /// Where job events go (standard output unless told otherwise).
    public var log: JobLog

    public init(
      connection: ConnectionOptions, queueName: String = "emails",
      keyPrefix: String = QueueKeys.defaultPrefix, workers: Int = 4, lease: Double = 5,
      backoff: BackoffPolicy = BackoffPolicy(base: 0.5, cap: 10, maxAttempts: 5),
      batchSize: Int = 1, work: Work = .noop, seed: UInt64? = nil,
      shutdownDeadline: Double = 5, runsMaintenance: Bool = true,
      log: JobLog = .standardOutput
    ) {
      self.connection = connection
      self.queueName = queueName
      self.keyPrefix = keyPrefix
      self.workers = workers
      self.lease = lease
      self.backoff = backoff
      self.batchSize = batchSize
      self.work = work
      self.seed = seed
      self.shutdownDeadline = shutdownDeadline
      self.runsMaintenance = runsMaintenance
      self.log = log
    }
  }

  /// Runs the workers until SIGTERM/SIGINT or `stop`, shuts down, and returns the exit code:
  /// 0 after a clean shutdown, 1 for bad settings (the reason on standard error), 3 when
  /// jobs had to be handed back at the shutdown deadline.
  ///
  /// Logs `event=worker_ready` once the pool is set up, just before its workers start (each
  /// connects on its own), so it is the first line; `event=worker_stopped` is the last.
  /// `handlesSignals: false` leaves the process's signal handling alone (in-process tests).
  public static func run(
    settings: Settings, stop: StopSignal = StopSignal(), handlesSignals: Bool = true
  ) -> Int32 {
    let random: any RandomSource = settings.seed.map { SeededRandom(seed: $0) } ?? SystemRandom()
    let pool: WorkerPool
    do {
      let isEmail: Bool
      if case .email = settings.work { isEmail = true } else { isEmail = false }
      let queue = QueueConfiguration(
        name: settings.queueName, keyPrefix: settings.keyPrefix, lease: settings.lease,
        backoff: settings.backoff,
        validatePayload: isEmail ? EmailJob.validatePayload : nil)
      pool = try WorkerPool(
        options: settings.connection, queue: queue, count: settings.workers,
        settings: WorkerPool.Settings(
          batchSize: settings.batchSize,
          maintenanceInterval: settings.runsMaintenance ? min(0.25, settings.lease / 4) : nil,
          random: random, log: settings.log, namePrefix: "pid\(getpid())-w"),
        handler: try handler(for: settings.work, lease: settings.lease, random: random))
    } catch {
      FileHandle.standardError.write(Data("redis-tutor worker: \(error)\n".utf8))
      return 1
    }
    let signals = handlesSignals ? [SIGTERM, SIGINT] : []
    let signalSources = signals.map { number -> any DispatchSourceSignal in
      // The dispatch source sees the signal only if its default action is off.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { stop.trigger() }
      source.resume()
      return source
    }
    defer {
      signalSources.forEach { $0.cancel() }
      signals.forEach { signal($0, SIG_DFL) }
    }
    // Ready before the first job: once started, the workers' own events could come first.
    settings.log.write(
      JobLog.logfmt([
        ("queue", settings.queueName), ("event", "worker_ready"), ("pid", String(getpid())),
        ("workers", String(settings.workers)),
      ]))
    pool.start()
    stop.wait()
    let report = pool.shutdown(deadline: settings.shutdownDeadline)
    let totals = pool.totals()
    settings.log.write(
      JobLog.logfmt([
        ("queue", settings.queueName), ("event", "worker_stopped"), ("pid", String(getpid())),
        ("done", String(totals.done)), ("retried", String(totals.retried)),
        ("dead", String(totals.dead)),
        ("returned", report.returnedToPending.map(\.rawValue).joined(separator: ",")),
      ]))
    return report.finishedInTime ? 0 : 3
  }

  /// The handler that does `work`.
  static func handler(for work: Work, lease: Double, random: any RandomSource) throws
    -> JobHandler
  {
    switch work {
    case .noop:
      return { _, _ in }
    case .sleep(let seconds):
      return { _, _ in DemoClock.system.sleep(seconds) }
    case .email(let path, let failureFraction, let hangFraction, let hangSeconds):
      let outbox = try Outbox(directory: URL(fileURLWithPath: path))
      let sender = EmailSender(
        outbox: outbox,
        faults: .init(
          failureFraction: failureFraction, hangFraction: hangFraction, hangSeconds: hangSeconds,
          random: random))
      return EmailDelivery(sender: sender, claimTTL: lease).handler
    }
  }
}
