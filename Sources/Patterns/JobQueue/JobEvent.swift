/// Something that happened to a job or a worker, as workers and reapers report it.
///
/// The worker pool sends each event to its observer and to its `JobLog`; the demo draws its
/// diagram and percentiles from them, the log prints them as logfmt lines.
public enum JobEvent: Sendable, Equatable {
  /// A worker took a job.
  case started(job: JobID, worker: String, attempt: Int, queueWait: Double)
  /// A worker finished an attempt, whatever came of it.
  case finished(JobTiming)
  /// The reaper took a job back from a worker whose lease ran out.
  case leaseExpired(ReapedJob)
  /// Retries whose time had come went back to pending.
  case promoted([JobID])
  /// A job was handed back unprocessed at shutdown.
  case released(job: JobID, worker: String)
  /// A worker could not reach Redis and waits before trying again.
  case redisUnavailable(worker: String, error: String, retryIn: Double)
  /// A worker reached Redis again after failures.
  case redisRecovered(worker: String)
}

/// One attempt of a job, from ready to finished.
public struct JobTiming: Sendable, Equatable {
  /// What came of the attempt.
  public enum Outcome: Sendable, Equatable {
    /// Acknowledged: the job is done.
    case done
    /// Failed; it runs again after `delay` seconds.
    case retry(delay: Double)
    /// Failed for the last time; it is in the dead-letter set.
    case dead
    /// Finished, but the lease had been lost: the job was given to another worker, so this
    /// result was not recorded.
    case leaseLost
    /// The worker stopped and handed the job back unprocessed.
    case released

    /// The word logged as `outcome=`.
    public var name: String {
      switch self {
      case .done: return "done"
      case .retry: return "retry"
      case .dead: return "dead"
      case .leaseLost: return "lease_lost"
      case .released: return "released"
      }
    }
  }

  public var job: JobID
  public var worker: String
  /// Which attempt this was (1 for the first).
  public var attempt: Int
  /// Seconds from ready (enqueued, or due for retry) to taken.
  public var queueWait: Double
  /// Seconds the handler ran.
  public var run: Double
  public var outcome: Outcome
  /// The handler's error, for failures.
  public var error: String?
  /// Extra fields the handler added, such as `email=duplicate_skipped`.
  public var notes: [JobNote]

  public init(
    job: JobID, worker: String, attempt: Int, queueWait: Double, run: Double, outcome: Outcome,
    error: String? = nil, notes: [JobNote] = []
  ) {
    self.job = job
    self.worker = worker
    self.attempt = attempt
    self.queueWait = queueWait
    self.run = run
    self.outcome = outcome
    self.error = error
    self.notes = notes
  }
}

/// A field a handler adds to its job's `finished` log line.
public struct JobNote: Sendable, Equatable {
  public var key: String
  public var value: String

  public init(_ key: String, _ value: String) {
    self.key = key
    self.value = value
  }
}
