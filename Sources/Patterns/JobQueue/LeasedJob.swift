/// A job a worker has taken from the queue, with the lease that says until when it is its.
///
/// Times are seconds since the epoch on the queue's clock (Redis `TIME` by default).
public struct LeasedJob: Sendable, Equatable {
  /// The job's id.
  public let id: JobID
  /// The job's payload, as enqueued.
  public let payload: [UInt8]
  /// Which attempt this is: 1 the first time, 2 for the first retry, and so on.
  public let attempt: Int
  /// The fencing token of this delivery: ack, fail and release must name it, so a worker
  /// whose lease expired cannot change a job another worker now holds.
  public let delivery: Int
  /// When the job was first enqueued.
  public let enqueuedAt: Double
  /// When the job last became ready to run (enqueued, due for retry, or re-queued).
  public let readyAt: Double
  /// When this worker took it.
  public let startedAt: Double
  /// When the lease runs out and the reaper may give the job to another worker.
  public let leaseExpiresAt: Double
  /// The worker holding it.
  public let worker: String

  public init(
    id: JobID, payload: [UInt8], attempt: Int, delivery: Int, enqueuedAt: Double,
    readyAt: Double, startedAt: Double, leaseExpiresAt: Double, worker: String
  ) {
    self.id = id
    self.payload = payload
    self.attempt = attempt
    self.delivery = delivery
    self.enqueuedAt = enqueuedAt
    self.readyAt = readyAt
    self.startedAt = startedAt
    self.leaseExpiresAt = leaseExpiresAt
    self.worker = worker
  }

  /// The payload as text (lossy UTF-8).
  public var payloadText: String { String(decoding: payload, as: UTF8.self) }

  /// Seconds the job waited between becoming ready and being taken.
  public var queueWait: Double { max(0, startedAt - readyAt) }
}

/// What happened to a job a worker reported as failed.
public enum FailureOutcome: Sendable, Equatable {
  /// It waits in the retry set until `runAt` (seconds since the epoch), `delay` from now.
  case retry(runAt: Double, delay: Double)
  /// It used up its attempts and is in the dead-letter set.
  case dead
  /// The delivery no longer holds the job (its lease expired and it was re-queued);
  /// nothing changed.
  case leaseLost
}

/// A job the reaper took back from a worker whose lease ran out.
public struct ReapedJob: Sendable, Equatable {
  /// What the reaper did with it.
  public enum Outcome: String, Sendable {
    /// Back to the front of pending, to be run again.
    case requeued
    /// Out of attempts: to the dead-letter set.
    case dead
    /// Found in active without a lease (its worker died between BLMOVE and its claim);
    /// back to pending, the attempt not counted.
    case orphan
  }

  /// The job's id.
  public let id: JobID
  /// The worker that held it and stopped or hung (empty for an orphan).
  public let worker: String
  /// What the reaper did.
  public let outcome: Outcome
  /// Attempts the job has made so far.
  public let attempts: Int

  public init(id: JobID, worker: String, outcome: Outcome, attempts: Int) {
    self.id = id
    self.worker = worker
    self.outcome = outcome
    self.attempts = attempts
  }
}
