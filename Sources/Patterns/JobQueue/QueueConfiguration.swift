import Foundation

/// Where a queue's timestamps come from: Redis's own clock, or one the caller injects.
///
/// Leases and retry times are compared by every worker and reaper, on any machine, so by
/// default they use the server's `TIME`, read inside the scripts: no client clock skew can
/// make a reaper steal a live job. Tests and step-by-step demos pass `.clock(...)` instead:
/// each script then gets the caller's "now" in milliseconds as its first argument, so a
/// `ManualDemoClock` decides exactly when a lease expires or a retry is due.
public enum QueueTime: Sendable {
  /// The Redis server's `TIME`, read inside each script.
  case redis
  /// The given clock, passed to each script by the client.
  case clock(DemoClock)

  /// The script argument: empty for Redis time, else now in whole milliseconds.
  var scriptArgument: String {
    switch self {
    case .redis: return ""
    case .clock(let clock): return String(Int64((clock.now() * 1000).rounded(.down)))
    }
  }
}

/// Everything that defines one Redis queue: its name and keys, leases, retries and payloads.
///
/// Shared by the producers, workers and reapers of a queue; each of them opens its own
/// connection.
public struct QueueConfiguration: Sendable {
  /// The names of the queue's keys, all under the `{name}` hash tag.
  public var keys: QueueKeys
  /// Seconds a worker may hold a job before the reaper gives it to another worker.
  ///
  /// There is no heartbeat: the lease is the job's time limit, so set it above the longest
  /// expected run (times the batch size, when workers take several jobs at once).
  public var lease: Double
  /// Retry delays and the number of attempts.
  public var backoff: BackoffPolicy
  /// Redis's clock or an injected one (see `QueueTime`).
  public var time: QueueTime
  /// Seconds a finished job's hash is kept for inspection; nil keeps it, 0 deletes it at once.
  public var doneRetention: Double?
  /// The largest payload accepted, in bytes.
  public var maxPayloadBytes: Int
  /// Checks a payload before it is enqueued; throws `JobQueueError.invalidPayload` to refuse.
  ///
  /// `EmailJob.validatePayload` is the one the email queue uses; nil accepts any non-empty
  /// payload up to `maxPayloadBytes`.
  public var validatePayload: (@Sendable ([UInt8]) throws -> Void)?

  public init(
    name: String, keyPrefix: String = QueueKeys.defaultPrefix, lease: Double = 30,
    backoff: BackoffPolicy = BackoffPolicy(), time: QueueTime = .redis,
    doneRetention: Double? = 3600, maxPayloadBytes: Int = 512 * 1024,
    validatePayload: (@Sendable ([UInt8]) throws -> Void)? = nil
  ) {
    self.keys = QueueKeys(name: name, prefix: keyPrefix)
    self.lease = lease
    self.backoff = backoff
    self.time = time
    self.doneRetention = doneRetention
    self.maxPayloadBytes = maxPayloadBytes
    self.validatePayload = validatePayload
  }

  /// The queue's name.
  public var name: String { keys.name }

  /// Throws `JobQueueError.invalidConfiguration` with a one-line reason for impossible values.
  public func validate() throws {
    func invalid(_ message: String) -> JobQueueError { .invalidConfiguration(message) }
    if keys.name.isEmpty { throw invalid("The queue name must not be empty") }
    if keys.name.contains(where: { "{}".contains($0) || $0.isWhitespace }) {
      throw invalid(
        "The queue name '\(keys.name)' must not contain braces or spaces (it becomes the hash tag)")
    }
    if !(lease >= 0.001) { throw invalid("The lease must be at least 1 ms (got \(lease) s)") }
    try backoff.validate()
    if let doneRetention, !(doneRetention >= 0) {
      throw invalid("The retention of finished jobs must not be negative")
    }
    if maxPayloadBytes < 1 { throw invalid("The payload limit must be at least 1 byte") }
  }

  /// Refuses payloads that are empty, too large or fail `validatePayload`.
  public func check(payload: [UInt8]) throws {
    if payload.isEmpty { throw JobQueueError.invalidPayload("the payload is empty") }
    if payload.count > maxPayloadBytes {
      throw JobQueueError.invalidPayload(
        "the payload is \(payload.count) bytes; the limit is \(maxPayloadBytes)")
    }
    try validatePayload?(payload)
  }
}
