import RedisClient

/// The names of every key of one Redis queue, all under one `{name}` hash tag.
///
/// Redis Cluster hashes only the part between the braces, so every key of a queue lands in
/// one slot and the queue's scripts may touch all of them. The scripts build job-hash keys
/// from the job id (`…:job:42`) instead of receiving them in KEYS; that is safe on a cluster
/// only because of the shared hash tag (asynq does the same).
///
/// ```
/// rt:demo:queue:{emails}:pending     LIST  ids waiting; LPUSH in, taken from the right
/// rt:demo:queue:{emails}:active      LIST  ids a worker holds
/// rt:demo:queue:{emails}:leases      ZSET  id -> lease expiry (ms since the epoch)
/// rt:demo:queue:{emails}:retry       ZSET  id -> when to run again (ms)
/// rt:demo:queue:{emails}:dead        ZSET  id -> when it died (ms): the dead-letter set
/// rt:demo:queue:{emails}:done        STRING counter of finished jobs
/// rt:demo:queue:{emails}:seq         STRING counter that hands out job ids
/// rt:demo:queue:{emails}:workers     ZSET  worker name -> heartbeat expiry (ms)
/// rt:demo:queue:{emails}:job:42      HASH  payload, state, attempts, lastError, timings
/// rt:demo:queue:{emails}:sent:KEY    STRING idempotency record of a sent email
/// rt:demo:queue:{emails}:unique:KEY  STRING id of the job enqueued with this unique key
/// ```
public struct QueueKeys: Sendable, Equatable {
  /// The prefix queues live under unless another is configured.
  public static let defaultPrefix = DemoKeyspace.prefix + "queue:"

  /// The queue's name, the hash tag.
  public let name: String
  /// Every key of this queue starts with this: prefix + `{name}:`.
  public let base: String

  public init(name: String, prefix: String = QueueKeys.defaultPrefix) {
    self.name = name
    self.base = prefix + "{" + name + "}:"
  }

  /// Job ids waiting to run (LIST).
  public var pending: String { base + "pending" }
  /// Job ids a worker has taken and not yet acknowledged (LIST).
  public var active: String { base + "active" }
  /// Lease expiry of each active job, in ms since the epoch (ZSET).
  public var leases: String { base + "leases" }
  /// Failed jobs waiting for their retry time, scored by it in ms (ZSET).
  public var retry: String { base + "retry" }
  /// Jobs that used up their attempts, scored by when they died in ms (ZSET).
  public var dead: String { base + "dead" }
  /// How many jobs finished successfully (counter).
  public var done: String { base + "done" }
  /// The counter that hands out job ids.
  public var sequence: String { base + "seq" }
  /// The running workers of every process, scored by when their last heartbeat runs out
  /// in ms (ZSET).
  public var workers: String { base + "workers" }
  /// What every job hash's key starts with.
  public var jobPrefix: String { base + "job:" }
  /// The hash holding one job's payload, state, attempts, last error and timings.
  public func job(_ id: JobID) -> String { jobPrefix + id.rawValue }
  /// The record that the email with this idempotency key was (being) sent.
  public func sent(_ idempotencyKey: String) -> String { base + "sent:" + idempotencyKey }

  /// The claim that a job was enqueued with this unique key; it holds the job's id.
  public func unique(_ key: String) -> String { base + "unique:" + key }

  /// A SCAN MATCH pattern for every key of this queue (glob characters escaped).
  public var pattern: String { DemoKeyspace.pattern(under: base) }

  /// Every key of this queue, found with SCAN (never KEYS, which blocks the server).
  public func existingKeys(using connection: Connection) throws -> [String] {
    try DemoKeyspace.keys(
      matching: pattern, send: { try connection.queueSend($0) },
      unexpected: { JobQueueError.unexpectedReply(command: "SCAN", reply: $0) })
  }

  /// Deletes every key of this queue; returns how many there were.
  @discardableResult
  public func deleteAll(using connection: Connection) throws -> Int {
    try DemoKeyspace.delete(existingKeys(using: connection)) { try connection.queueSend($0) }
  }
}
