import Foundation

/// A job queue that lives in one process's memory: a bounded channel, a producer and N
/// worker threads, with retries after a jittered backoff.
///
/// This is the shape of a Go worker pool (`jobs := make(chan Job, capacity)` and `go worker()`
/// N times): simple and fast, with back-pressure from the full channel. Its weakness is the
/// lesson: every job waiting in the channel, running in a worker or waiting for its retry
/// exists only in this process, so `crash()` shows how many a `kill -9` would lose.
public final class InProcessJobQueue: @unchecked Sendable {
  /// One job in memory.
  public struct Job: Sendable, Equatable {
    public var id: Int
    public var payload: String
    /// Which attempt is next or running (1 for the first).
    public var attempt: Int
  }

  /// Runs one job; throwing fails the attempt.
  public typealias Handler = @Sendable (Job) throws -> Void

  /// Where the jobs are now.
  public struct Counts: Sendable, Equatable {
    public var submitted = 0
    public var done = 0
    public var dead = 0
    public var retries = 0
    /// Waiting in the channel.
    public var buffered = 0
    /// In a worker's hands.
    public var running = 0
    /// Failed, waiting for their retry time.
    public var waitingForRetry = 0

    /// Whether every job submitted has finished or died.
    public var isSettled: Bool { done + dead == submitted }
  }

  /// What a crash lost: every job that was only in memory.
  public struct CrashReport: Sendable, Equatable {
    public var buffered: [Job]
    public var running: [Job]
    public var waitingForRetry: [Job]
    /// Jobs that had finished before the crash.
    public var done: Int

    /// How many jobs the crash lost.
    public var lost: Int { buffered.count + running.count + waitingForRetry.count }
  }

  private struct State {
    var counts = Counts()
    var nextID = 0
    var running: [Int: Job] = [:]
    var retries: [(due: Double, job: Job)] = []
    var crashed = false
    var stopping = false
  }

  public let backoff: BackoffPolicy
  public let workerCount: Int
  private let channel: BoundedChannel<Job>
  private let handler: Handler
  private let clock: DemoClock
  private let random: any RandomSource
  private let state = Locked(State())
  private let retryWake = NSCondition()
  private let finished = DispatchGroup()
  private var started = false

  /// A queue with room for `capacity` waiting jobs and `workers` worker threads.
  public init(
    capacity: Int, workers: Int, backoff: BackoffPolicy = BackoffPolicy(base: 0.01, cap: 1),
    clock: DemoClock = .system, random: any RandomSource = SystemRandom(),
    handler: @escaping Handler
  ) throws {
    try backoff.validate()
    if capacity < 1 || workers < 1 {
      throw JobQueueError.invalidConfiguration("The channel and the pool need at least 1 slot each")
    }
    channel = BoundedChannel(capacity: capacity)
    workerCount = workers
    self.backoff = backoff
    self.clock = clock
    self.random = random
    self.handler = handler
  }

  /// Starts the worker threads and the retry timer.
  public func start() {
    precondition(!started, "start the queue once")
    started = true
    for index in 0..<workerCount { spawn("inprocess-worker-\(index + 1)") { self.work() } }
    spawn("inprocess-retry-timer") { self.scheduleRetries() }
  }

  /// Submits a job, waiting while the channel is full; its id, or nil once stopped.
  @discardableResult
  public func submit(_ payload: String) -> Int? {
    let job: Job? = state.withLock { state in
      if state.crashed || state.stopping { return nil }
      state.nextID += 1
      state.counts.submitted += 1
      return Job(id: state.nextID, payload: payload, attempt: 1)
    }
    guard let job else { return nil }
    if !channel.send(job) {
      state.withLock { $0.counts.submitted -= 1 }
      return nil
    }
    return job.id
  }

  /// Where the jobs are now.
  public func counts() -> Counts {
    var counts = state.withLock { state -> Counts in
      var counts = state.counts
      counts.running = state.running.count
      counts.waitingForRetry = state.retries.count
      return counts
    }
    counts.buffered = channel.count
    return counts
  }

  /// Stops taking jobs and waits for every job to finish or die, then stops the threads.
  ///
  /// Waits up to `deadline` seconds (real time); true if everything settled in time. After
  /// `crash()` it only waits for the threads.
  @discardableResult
  public func shutdown(deadline: Double) -> Bool {
    let crashed = state.withLock { state -> Bool in
      state.stopping = true
      return state.crashed
    }
    let end = Date().addingTimeInterval(deadline)
    var settled = counts().isSettled
    while !settled && !crashed && Date() < end {
      usleep(1000)
      settled = counts().isSettled
    }
    channel.close()
    wakeRetryTimer()
    _ = finished.wait(timeout: .now() + max(0, end.timeIntervalSinceNow) + 1)
    return settled
  }

  /// Simulates the process dying: everything in memory is gone; returns what was lost.
  ///
  /// Workers still inside a handler finish it (a thread cannot be killed), but their
  /// results are thrown away, as a dead process would never have recorded them.
  public func crash() -> CrashReport {
    let (running, retries, done) = state.withLock { state in
      state.crashed = true
      let running = state.running.values.sorted { $0.id < $1.id }
      let retries = state.retries.map(\.job)
      state.running = [:]
      state.retries = []
      return (running, retries, state.counts.done)
    }
    let buffered = channel.drain()
    channel.close()
    wakeRetryTimer()
    return CrashReport(buffered: buffered, running: running, waitingForRetry: retries, done: done)
  }

  // MARK: - Threads

  private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
    finished.enter()
    let thread = Thread {
      body()
      self.finished.leave()
    }
    thread.name = name
    thread.start()
  }

  private func work() {
    while let job = channel.receive() {
      let admitted = state.withLock { state -> Bool in
        if state.crashed { return false }
        state.running[job.id] = job
        return true
      }
      if !admitted { return }
      var failure: (any Error)?
      do { try handler(job) } catch { failure = error }
      let retryAt: Double? = state.withLock { state in
        if state.crashed { return nil }
        state.running[job.id] = nil
        guard failure != nil else {
          state.counts.done += 1
          return nil
        }
        if backoff.isExhausted(attempts: job.attempt) {
          state.counts.dead += 1
          return nil
        }
        state.counts.retries += 1
        let due = clock.now() + backoff.delay(afterFailures: job.attempt, random: random)
        var next = job
        next.attempt += 1
        state.retries.append((due, next))
        return due
      }
      if retryAt != nil { wakeRetryTimer() }
    }
  }

  /// Sends each failed job back into the channel when its backoff is over: the thread-based
  /// counterpart of Go's `time.AfterFunc(delay, func() { jobs <- job })`.
  private func scheduleRetries() {
    while true {
      let (due, stop): ([Job], Bool) = state.withLock { state in
        if state.crashed || channel.isClosed { return ([], true) }
        let now = clock.now()
        let due = state.retries.filter { $0.due <= now }.map(\.job)
        state.retries.removeAll { $0.due <= now }
        return (due, false)
      }
      if stop { return }
      for job in due where !channel.send(job) { return }
      if due.isEmpty {
        let next = state.withLock { $0.retries.map(\.due).min() }
        let wait = next.map { min(0.05, max(0.0005, $0 - clock.now())) } ?? 0.05
        retryWake.lock()
        _ = retryWake.wait(until: Date().addingTimeInterval(wait))
        retryWake.unlock()
      }
    }
  }

  private func wakeRetryTimer() {
    retryWake.lock()
    retryWake.broadcast()
    retryWake.unlock()
  }
}
