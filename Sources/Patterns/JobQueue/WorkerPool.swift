import Foundation
import RedisClient

/// N workers taking jobs from a `ReliableQueue`, each on its own thread with its own
/// connection, plus a maintenance thread that reaps expired leases and promotes due retries.
///
/// hiredis blocks its thread, so workers never run on Swift's cooperative pool (see
/// DESIGN.md). A worker loops: take up to `batchSize` jobs (waiting with BLMOVE when none
/// are ready), run the handler on each, then acknowledge the successes in one pipeline and
/// report each failure (retry with backoff, or dead). When Redis is unreachable a worker
/// backs off (exponentially, up to `redisRetry.cap`) and resumes; a finished job's result is
/// retried rather than dropped, and if Redis stays away past the lease the job simply runs
/// again elsewhere (at least once).
///
/// Shutdown is graceful with a deadline: workers stop taking jobs and finish the ones they
/// are running; jobs a worker took but had not started go back to pending at once, and
/// jobs still running at the deadline are handed back to pending by the pool (the `release`
/// script). A handler still running then cannot be stopped (threads cannot be killed); its
/// later acknowledgement is refused by the fencing token, and its side effects must be
/// idempotent, as for any redelivery. A process killed outright gets no shutdown at all: its
/// jobs come back when their leases expire.
///
/// The pool's waits (idle polls, Redis backoff, the maintenance cadence) run on
/// `settings.clock`; with a manual clock they return at once, so tests that need exact time
/// drive a `ReliableQueue` directly.
public final class WorkerPool: @unchecked Sendable {
  /// How the workers run.
  public struct Settings: Sendable {
    /// Jobs a worker takes per dequeue; 1 takes one job at a time.
    ///
    /// Their leases all start at the dequeue, so the lease must cover the whole batch.
    public var batchSize: Int
    /// Seconds an idle worker waits in BLMOVE for a job; nil polls every `idleWait` instead.
    public var blockTimeout: Double?
    /// Seconds between polls of an empty queue when `blockTimeout` is nil.
    public var idleWait: Double
    /// Seconds between reaper and promoter runs; nil runs no maintenance thread (another
    /// process does it).
    public var maintenanceInterval: Double?
    /// How long a worker waits after Redis failures: base, and cap (maxAttempts is unused).
    public var redisRetry: BackoffPolicy
    /// The clock of the pool's waits and of the run times it reports.
    public var clock: DemoClock
    /// Draws retry delays and the jitter of Redis backoff.
    public var random: any RandomSource
    /// Where job events are logged as logfmt lines.
    public var log: JobLog
    /// Receives every event as it happens (on the thread that caused it).
    public var observer: (@Sendable (JobEvent) -> Void)?
    /// Worker names are this plus 1, 2…; include the process id for workers in several
    /// processes.
    public var namePrefix: String
    /// Seconds between the pool's heartbeats, which let anyone count the queue's running
    /// workers (`ReliableQueue.liveWorkerCount`); a heartbeat lasts three intervals, so a
    /// killed process drops out of the count that long after it died.
    public var heartbeatInterval: Double

    public init(
      batchSize: Int = 1, blockTimeout: Double? = 1, idleWait: Double = 0.02,
      maintenanceInterval: Double? = 0.25,
      redisRetry: BackoffPolicy = BackoffPolicy(base: 0.05, cap: 2, maxAttempts: 1),
      clock: DemoClock = .system, random: any RandomSource = SystemRandom(),
      log: JobLog = .discard, observer: (@Sendable (JobEvent) -> Void)? = nil,
      namePrefix: String = "pid\(getpid())-w", heartbeatInterval: Double = 1
    ) {
      self.batchSize = batchSize
      self.blockTimeout = blockTimeout
      self.idleWait = idleWait
      self.maintenanceInterval = maintenanceInterval
      self.redisRetry = redisRetry
      self.clock = clock
      self.random = random
      self.log = log
      self.observer = observer
      self.namePrefix = namePrefix
      self.heartbeatInterval = heartbeatInterval
    }
  }

  /// What one worker is doing, for `:queue workers` and the demo's diagram.
  public struct WorkerStatus: Sendable, Equatable {
    /// Where the worker is in its life.
    public enum Phase: String, Sendable {
      case starting, idle, running, waitingForRedis, stopped, crashed
    }

    public var name: String
    public var phase: Phase
    /// Jobs it holds: the one running first, then the rest of its batch.
    public var holding: [JobID]
    /// The job running now.
    public var running: JobID?
    /// When the running job's lease expires (queue clock); past it, the worker is hung.
    public var leaseExpiresAt: Double?
    /// Jobs it has finished, whatever the outcome.
    public var processed: Int
  }

  /// What a shutdown did.
  public struct ShutdownReport: Sendable, Equatable {
    /// Whether every worker stopped within the deadline.
    public var finishedInTime: Bool
    /// Jobs the pool handed back to pending because they were still running at the deadline.
    public var returnedToPending: [JobID]
    /// Workers whose handler was still running at the deadline.
    public var workersStillRunning: [String]
  }

  /// Counts since the start, over all workers.
  public struct Totals: Sendable, Equatable {
    public var done = 0
    public var retried = 0
    public var dead = 0
    public var leaseLost = 0
    public var released = 0
    public var reaped = 0
  }

  public let configuration: QueueConfiguration
  public let options: ConnectionOptions
  public let count: Int
  public let settings: Settings
  private let handler: JobHandler

  private struct WorkerState {
    var status: WorkerStatus
    var held: [LeasedJob] = []
    var crashRequested = false
    var abandoned = false
  }

  private let states: Locked<[WorkerState]>
  private let tally = Locked(Totals())
  private let stopping = Locked(false)
  private let cancels: [CancellationPipe]
  private let workersDone = DispatchGroup()
  private let maintenanceDone = DispatchGroup()
  private let started = Locked(false)

  /// A pool of `count` workers for the queue `queue` on the server at `options`.
  ///
  /// Throws `JobQueueError.invalidConfiguration` for impossible settings. Nothing connects
  /// until `start()`.
  public init(
    options: ConnectionOptions, queue: QueueConfiguration, count: Int,
    settings: Settings = Settings(), handler: @escaping JobHandler
  ) throws {
    try queue.validate()
    if count < 1 { throw JobQueueError.invalidConfiguration("A pool needs at least 1 worker") }
    if settings.batchSize < 1 {
      throw JobQueueError.invalidConfiguration("The batch size must be at least 1")
    }
    if !(settings.heartbeatInterval > 0) {
      throw JobQueueError.invalidConfiguration("The heartbeat interval must be more than 0 s")
    }
    self.options = options
    self.configuration = queue
    self.count = count
    self.settings = settings
    self.handler = handler
    cancels = (0..<count).map { _ in CancellationPipe() }
    states = Locked(
      (0..<count).map { index in
        WorkerState(
          status: WorkerStatus(
            name: settings.namePrefix + String(index + 1), phase: .starting, holding: [],
            running: nil, leaseExpiresAt: nil, processed: 0))
      })
  }

  /// Starts the worker threads (and the maintenance thread); they connect on their own.
  public func start() {
    let first = started.withLock { started -> Bool in
      defer { started = true }
      return !started
    }
    precondition(first, "start a pool once")
    for index in 0..<count {
      spawn(name: workerName(index), group: workersDone) { self.runWorker(index) }
    }
    if let interval = settings.maintenanceInterval {
      spawn(name: "queue-maintenance", group: maintenanceDone) { self.runMaintenance(interval) }
    }
    spawn(name: "queue-heartbeat", group: maintenanceDone) { self.runHeartbeat() }
  }

  /// The name of worker `index` (0-based).
  public func workerName(_ index: Int) -> String { settings.namePrefix + String(index + 1) }

  /// What each worker is doing now.
  public func workers() -> [WorkerStatus] { states.current.map(\.status) }

  /// Counts since the start.
  public func totals() -> Totals { tally.current }

  /// Makes worker `index` die after its current handler returns (or at once when idle),
  /// closing its connection without acknowledging: an in-process stand-in for `kill -9`.
  public func simulateCrash(worker index: Int) {
    states.withLock { $0[index].crashRequested = true }
    cancels[index].trigger()
  }

  /// Stops the pool, handing jobs still running at the deadline back to pending.
  ///
  /// No new jobs are taken; waits up to `deadline` seconds for running jobs, then releases
  /// the ones still running. Blocks the calling thread.
  @discardableResult
  public func shutdown(deadline: Double) -> ShutdownReport {
    stopping.withLock { $0 = true }
    for cancel in cancels { cancel.trigger() }
    let inTime = workersDone.wait(timeout: .now() + max(0, deadline)) == .success
    var returned: [JobID] = []
    var stillRunning: [String] = []
    if !inTime {
      let stuck = states.withLock { states -> [(String, [LeasedJob])] in
        var stuck: [(String, [LeasedJob])] = []
        for index in states.indices
        where states[index].status.phase != .stopped && states[index].status.phase != .crashed {
          states[index].abandoned = true
          stuck.append((states[index].status.name, states[index].held))
        }
        return stuck
      }
      stillRunning = stuck.filter { !$0.1.isEmpty }.map(\.0)
      if let queue = try? ReliableQueue(options: options, configuration: configuration) {
        for (worker, jobs) in stuck {
          for job in jobs where (try? queue.release(job)) == true {
            returned.append(job.id)
            tally.withLock { $0.released += 1 }
            emit(.released(job: job.id, worker: worker))
          }
        }
      }
    }
    maintenanceDone.wait()
    return ShutdownReport(
      finishedInTime: inTime, returnedToPending: returned, workersStillRunning: stillRunning)
  }

  // MARK: - Workers

  private var isStopping: Bool { stopping.current }

  private func spawn(name: String, group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    let thread = Thread {
      body()
      group.leave()
    }
    thread.name = name
    thread.start()
  }

  private func emit(_ event: JobEvent) {
    settings.log.record(event, queue: configuration.name)
    settings.observer?(event)
  }

  private func update(_ index: Int, _ change: (inout WorkerState) -> Void) {
    states.withLock { change(&$0[index]) }
  }

  private func runWorker(_ index: Int) {
    let name = workerName(index)
    var queue: ReliableQueue?
    var context: JobContext?
    var failures = 0
    defer {
      queue?.connection.close()
      update(index) { state in
        if state.status.phase != .crashed { state.status.phase = .stopped }
        state.status.running = nil
      }
    }
    while !isStopping {
      if states.current[index].crashRequested {
        update(index) { $0.status.phase = .crashed }
        return
      }
      do {
        if queue == nil {
          let connected = try ReliableQueue(options: options, configuration: configuration)
          queue = connected
          context = JobContext(
            worker: name, connection: connected.connection, configuration: configuration)
        }
        guard let queue, let context else { continue }
        let jobs: [LeasedJob]
        if let wait = settings.blockTimeout, wait > 0 {
          jobs = try queue.dequeue(
            worker: name, count: settings.batchSize, blockFor: wait, cancel: cancels[index])
        } else {
          jobs = try queue.dequeue(worker: name, count: settings.batchSize)
        }
        if failures > 0 {
          failures = 0
          emit(.redisRecovered(worker: name))
        }
        if jobs.isEmpty {
          update(index) { $0.status.phase = .idle }
          if settings.blockTimeout == nil { settings.clock.sleep(settings.idleWait) }
          continue
        }
        if !process(jobs, worker: index, queue: queue, context: context) { return }
      } catch RedisError.cancelled {
        continue  // shutdown or a simulated crash woke a blocked dequeue; the loop decides
      } catch {
        failures += 1
        let wait = settings.redisRetry.delay(afterFailures: failures, random: settings.random)
        update(index) { $0.status.phase = .waitingForRedis }
        emit(.redisUnavailable(worker: name, error: "\(error)", retryIn: wait))
        sleep(wait)
      }
    }
  }

  /// Runs a batch and records the outcomes; false when the worker must die (simulated crash).
  private func process(
    _ jobs: [LeasedJob], worker index: Int, queue: ReliableQueue, context: JobContext
  ) -> Bool {
    let name = workerName(index)
    update(index) { state in
      state.held = jobs
      state.status.holding = jobs.map(\.id)
    }
    var succeeded: [(LeasedJob, Double, [JobNote])] = []
    for (position, job) in jobs.enumerated() {
      if isStopping || states.current[index].crashRequested {
        if !states.current[index].crashRequested {
          for unstarted in jobs[position...] where (try? queue.release(unstarted)) == true {
            tally.withLock { $0.released += 1 }
            emit(.released(job: unstarted.id, worker: name))
          }
        }
        break
      }
      update(index) { state in
        state.status.phase = .running
        state.status.running = job.id
        state.status.leaseExpiresAt = job.leaseExpiresAt
      }
      emit(.started(job: job.id, worker: name, attempt: job.attempt, queueWait: job.queueWait))
      context.reset()
      let began = settings.clock.now()
      var failure: (any Error)?
      do { try handler(job, context) } catch { failure = error }
      let run = settings.clock.now() - began
      if context.crashRequested { update(index) { $0.crashRequested = true } }
      let state = states.current[index]
      if state.crashRequested {
        // Die holding the jobs: no ack, no release; the connection just goes away.
        queue.connection.close()
        update(index) { $0.status.phase = .crashed }
        return false
      }
      if state.abandoned { break }  // the pool released our jobs at its shutdown deadline
      if let failure {
        let permanent =
          failure is PermanentJobFailure
          || {
            if case JobQueueError.invalidPayload = failure { return true } else { return false }
          }()
        let delay = configuration.backoff.delay(afterFailures: job.attempt, random: settings.random)
        let outcome = retryingRedis(worker: name) {
          try queue.fail(job, error: "\(failure)", delay: delay, permanent: permanent)
        }
        let recorded: JobTiming.Outcome
        switch outcome {
        case .retry(_, let delay)?:
          recorded = .retry(delay: delay)
          tally.withLock { $0.retried += 1 }
        case .dead?:
          recorded = .dead
          tally.withLock { $0.dead += 1 }
        case .leaseLost?, nil:
          recorded = .leaseLost
          tally.withLock { $0.leaseLost += 1 }
        }
        finish(
          index,
          JobTiming(
            job: job.id, worker: name, attempt: job.attempt, queueWait: job.queueWait, run: run,
            outcome: recorded, error: "\(failure)", notes: context.notes))
      } else {
        succeeded.append((job, run, context.notes))
      }
    }
    if !succeeded.isEmpty && !states.current[index].abandoned {
      let acked = retryingRedis(worker: name) { try queue.ack(succeeded.map(\.0)) }
      for (position, (job, run, notes)) in succeeded.enumerated() {
        let done = acked?[position] ?? false
        tally.withLock { totals in
          if done { totals.done += 1 } else { totals.leaseLost += 1 }
        }
        finish(
          index,
          JobTiming(
            job: job.id, worker: name, attempt: job.attempt, queueWait: job.queueWait, run: run,
            outcome: done ? .done : .leaseLost, notes: notes))
      }
    }
    update(index) { state in
      state.held = []
      state.status.holding = []
      state.status.running = nil
      state.status.leaseExpiresAt = nil
    }
    return true
  }

  private func finish(_ index: Int, _ timing: JobTiming) {
    update(index) { $0.status.processed += 1 }
    emit(.finished(timing))
  }

  /// Runs `body` until Redis answers, backing off between tries; nil if the pool is
  /// stopping and Redis is still away (the lease will bring the job back).
  private func retryingRedis<Result>(worker: String, _ body: () throws -> Result) -> Result? {
    var failures = 0
    while true {
      do {
        let result = try body()
        if failures > 0 { emit(.redisRecovered(worker: worker)) }
        return result
      } catch {
        failures += 1
        if isStopping && failures > 3 { return nil }
        let wait = settings.redisRetry.delay(afterFailures: failures, random: settings.random)
        emit(.redisUnavailable(worker: worker, error: "\(error)", retryIn: wait))
        sleep(wait)
      }
    }
  }

  /// Waits `seconds` on the pool's clock in short slices, returning early on shutdown.
  private func sleep(_ seconds: Double) {
    var left = seconds
    while left > 0 && !isStopping {
      let slice = min(left, 0.05)
      settings.clock.sleep(slice)
      left -= slice
    }
  }

  // MARK: - Maintenance

  /// Tells Redis which of this pool's workers run, until shutdown, then that none does.
  ///
  /// A thread of its own, so a worker busy in a long job is still counted.
  private func runHeartbeat() {
    let interval = settings.heartbeatInterval
    var queue: ReliableQueue?
    while !isStopping {
      let statuses = workers()
      let gone: Set<WorkerStatus.Phase> = [.stopped, .crashed]
      do {
        let connected = try queue ?? ReliableQueue(options: options, configuration: configuration)
        queue = connected
        try connected.heartbeat(
          alive: statuses.filter { !gone.contains($0.phase) }.map(\.name),
          leaving: statuses.filter { gone.contains($0.phase) }.map(\.name), ttl: 3 * interval)
      } catch {
        // The next beat tries again; until then the count may miss this pool's workers.
      }
      sleep(interval)
    }
    _ = try? queue?.heartbeat(alive: [], leaving: (0..<count).map(workerName), ttl: 3 * interval)
    queue?.connection.close()
  }

  private func runMaintenance(_ interval: Double) {
    var queue: ReliableQueue?
    var failures = 0
    while !isStopping {
      do {
        if queue == nil {
          queue = try ReliableQueue(options: options, configuration: configuration)
        }
        guard let queue else { continue }
        let promoted = try queue.promoteDueRetries()
        if !promoted.isEmpty { emit(.promoted(promoted)) }
        for reaped in try queue.reapExpiredLeases() {
          tally.withLock { $0.reaped += 1 }
          emit(.leaseExpired(reaped))
        }
        failures = 0
        sleep(interval)
      } catch {
        failures += 1
        sleep(settings.redisRetry.delay(afterFailures: failures, random: settings.random))
      }
    }
    queue?.connection.close()
  }
}
