import RedisClient

/// Runs one job; throwing fails the attempt (the error's description is recorded).
///
/// Called on the worker's own thread with the worker's context; a handler may block.
public typealias JobHandler = @Sendable (LeasedJob, JobContext) throws -> Void

/// What a handler gets besides its job: the worker's connection, the queue's keys, and a
/// way to add fields to the job's log line.
///
/// Belongs to one worker thread; do not keep it beyond the handler call.
public final class JobContext {
  /// The worker's name, as recorded in the job hash and the log.
  public let worker: String
  /// The worker's own connection, for handlers that keep state in Redis (the sent-set).
  public let connection: Connection
  /// The queue's configuration.
  public let configuration: QueueConfiguration
  /// Fields added with `note`, logged on the job's `finished` line.
  public private(set) var notes: [JobNote] = []

  public init(worker: String, connection: Connection, configuration: QueueConfiguration) {
    self.worker = worker
    self.connection = connection
    self.configuration = configuration
  }

  /// The queue's keys.
  public var keys: QueueKeys { configuration.keys }

  /// Adds `key=value` to this job's `finished` log line.
  public func note(_ key: String, _ value: String) { notes.append(JobNote(key, value)) }

  /// Set by `simulateCrash()`.
  public private(set) var crashRequested = false

  /// Makes the worker die when this handler returns, without acknowledging.
  ///
  /// The worker closes its connection and stops, as a process killed mid-job would. For
  /// demos and tests of crash recovery: the job comes back when its lease runs out.
  public func simulateCrash() { crashRequested = true }

  /// Forgets the notes of the previous job.
  func reset() { notes = [] }
}

/// A failure that retrying cannot fix: the job goes straight to the dead-letter set.
///
/// A handler throws it (or `JobQueueError.invalidPayload`) for a payload it cannot use.
public struct PermanentJobFailure: Error, Sendable, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
