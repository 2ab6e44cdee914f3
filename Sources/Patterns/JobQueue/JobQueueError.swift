import RedisClient

/// Why a queue operation could not be done (transport failures are `RedisError`s).
public enum JobQueueError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The payload failed validation; nothing was written. The message says what to fix.
  case invalidPayload(String)
  /// A configuration value is impossible; the message says which and why.
  case invalidConfiguration(String)
  /// Redis answered with an error, e.g. WRONGTYPE when a queue key was overwritten by hand.
  case redisError(command: String, message: String)
  /// Redis answered with a reply of a kind the queue does not expect.
  case unexpectedReply(command: String, reply: Reply)
  /// The queue has no job with this id.
  case jobNotFound(JobID)
  /// The job is not in the dead-letter set, so it cannot be re-queued from there.
  case notDead(JobID, state: String)
  /// A step waited longer than its deadline.
  case timedOut(String)

  public var description: String {
    switch self {
    case .invalidPayload(let reason): return "Job payload rejected: \(reason)"
    case .invalidConfiguration(let message): return message
    case .redisError(let command, let message): return "\(command) failed: \(message)"
    case .unexpectedReply(let command, let reply):
      return "\(command) returned an unexpected reply: \(reply)"
    case .jobNotFound(let id): return "No job \(id) in this queue; `:queue dlq` lists dead jobs"
    case .notDead(let id, let state):
      return "Job \(id) is \(state), not dead; only dead jobs can be re-queued"
    case .timedOut(let step): return "Timed out: \(step)"
    }
  }
}

extension Connection {
  /// Sends a command, turning an error reply into a thrown `JobQueueError.redisError`.
  @discardableResult
  func queueSend(_ arguments: [String]) throws -> Reply {
    do {
      return try checkedSend(arguments)
    } catch CacheError.redisError(let command, let message) {
      throw JobQueueError.redisError(command: command, message: message)
    }
  }

  /// Sends commands in one pipeline, turning any error reply into a thrown `JobQueueError`.
  @discardableResult
  func queuePipeline(_ commands: [[[UInt8]]]) throws -> [Reply] {
    do {
      return try checkedPipeline(commands)
    } catch CacheError.redisError(let command, let message) {
      throw JobQueueError.redisError(command: command, message: message)
    }
  }
}
