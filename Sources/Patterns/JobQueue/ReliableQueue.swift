import Foundation
import RedisClient

/// A reliable Redis job queue over one connection: enqueue, lease, acknowledge, retry,
/// reap, and the dead-letter set.
///
/// The pattern is Redis's "reliable queue" (LMOVE into a processing list) with asynq's
/// layout: a job moves from `pending` to `active` in the same script that records its lease
/// in the `leases` ZSET; `ack` removes it; a failure schedules a retry in the `retry` ZSET at
/// now + a jittered backoff, or after the last attempt moves it to the `dead` set. A worker
/// that dies keeps its job in `active` only until the lease runs out: the reaper puts it
/// back. Delivery is therefore at least once, and handlers must be idempotent.
///
/// Every move is one Lua script (see `QueueScripts`). Not thread-safe: one `ReliableQueue`
/// (and so one connection) per thread, as hiredis blocks.
public final class ReliableQueue {
  public let configuration: QueueConfiguration
  /// The connection this queue owns; use it from this queue's thread only.
  public let connection: Connection

  /// A queue over `connection`, which it then owns.
  ///
  /// Throws `JobQueueError.invalidConfiguration` for impossible settings.
  public init(connection: Connection, configuration: QueueConfiguration) throws {
    try configuration.validate()
    self.connection = connection
    self.configuration = configuration
  }

  /// A queue with a new connection of its own.
  public convenience init(options: ConnectionOptions, configuration: QueueConfiguration) throws {
    try configuration.validate()
    try self.init(connection: Connection(options), configuration: configuration)
  }

  /// The names of the queue's keys.
  public var keys: QueueKeys { configuration.keys }

  private var now: [UInt8] { argument(configuration.time.scriptArgument) }
  private var jobPrefix: [UInt8] { argument(keys.jobPrefix) }

  // MARK: - Producing

  /// Validates the payload, then creates the job hash and pushes its id in one script.
  ///
  /// A payload that fails validation throws `JobQueueError.invalidPayload` and writes
  /// nothing; the script makes hash and push all-or-nothing too.
  @discardableResult
  public func enqueue(_ payload: [UInt8]) throws -> JobID {
    try configuration.check(payload: payload)
    return try enqueueChecked([payload])[0]
  }

  /// Enqueues a text payload (JSON, usually).
  @discardableResult
  public func enqueue(_ payload: String) throws -> JobID { try enqueue(Array(payload.utf8)) }

  /// What enqueueing with a unique key did.
  public struct UniqueEnqueue: Sendable, Equatable {
    /// The job that holds the key: the new one, or the one enqueued first.
    public var id: JobID
    /// Whether an earlier enqueue had claimed the key, so nothing was enqueued now.
    public var duplicate: Bool
    /// The job's state now; nil when its record has expired (or was deleted by hand).
    public var state: JobState?

    public init(id: JobID, duplicate: Bool, state: JobState?) {
      self.id = id
      self.duplicate = duplicate
      self.state = state
    }
  }

  /// Enqueues `payload` unless a job was enqueued with `uniqueKey` in the last `ttl`
  /// seconds; then returns that job instead.
  ///
  /// Claim and enqueue are one script, so concurrent producers with the same key get the
  /// same id and exactly one job is created. Throws `JobQueueError.invalidPayload` as
  /// `enqueue(_:)` does.
  public func enqueue(_ payload: [UInt8], uniqueKey: String, ttl: Double) throws
    -> UniqueEnqueue
  {
    try configuration.check(payload: payload)
    let reply = try connection.run(
      QueueScripts.enqueueUnique, keys: [keys.pending, keys.sequence, keys.unique(uniqueKey)],
      arguments: [now, jobPrefix, payload, argument(milliseconds(ttl))])
    guard let fields = reply.array, fields.count >= 2, let id = fields[0].string,
      let duplicate = fields[1].integer
    else { throw JobQueueError.unexpectedReply(command: "enqueue-unique", reply: reply) }
    let state = fields.count > 2 ? fields[2].string.flatMap(JobState.init(rawValue:)) : nil
    return UniqueEnqueue(id: JobID(id), duplicate: duplicate == 1, state: state)
  }

  /// Enqueues many payloads in one pipeline (one round trip), after validating all of them.
  ///
  /// If any payload is invalid nothing is written, and the error names its position. Each
  /// job is still created atomically, but the batch as a whole is not a transaction: a
  /// connection lost mid-batch may leave the first jobs enqueued.
  @discardableResult
  public func enqueueBatch(_ payloads: [[UInt8]]) throws -> [JobID] {
    for (index, payload) in payloads.enumerated() {
      do {
        try configuration.check(payload: payload)
      } catch JobQueueError.invalidPayload(let reason) {
        throw JobQueueError.invalidPayload("payload \(index + 1) of \(payloads.count): \(reason)")
      }
    }
    return try enqueueChecked(payloads)
  }

  private func enqueueChecked(_ payloads: [[UInt8]]) throws -> [JobID] {
    let keys = [keys.pending, keys.sequence]
    let calls = payloads.map { payload in
      ScriptCall(script: QueueScripts.enqueue, keys: keys, arguments: [now, jobPrefix, payload])
    }
    return try connection.run(calls).map { reply in
      guard let id = reply.string else {
        throw JobQueueError.unexpectedReply(command: "enqueue", reply: reply)
      }
      return JobID(id)
    }
  }

  // MARK: - Consuming

  /// Takes up to `count` jobs, leasing each for the configured lease; empty when none wait.
  ///
  /// One script moves each job from pending to active and records its lease expiry, so no
  /// crash can leave a job taken but unleased.
  public func dequeue(worker: String, count: Int = 1) throws -> [LeasedJob] {
    try claim(worker: worker, count: count, moved: nil)
  }

  /// Like `dequeue`, but when nothing waits, blocks up to `seconds` for a job to arrive.
  ///
  /// The wait is a `BLMOVE pending → active` (a script cannot block), followed by the claim
  /// script that leases the moved id. A worker that dies between the two leaves an id in
  /// active without a lease; the reaper re-queues such orphans. The wait is cut short to
  /// stay within the connection's read timeout, and `cancel` (when given) ends it at once
  /// with `RedisError.cancelled`.
  public func dequeue(
    worker: String, count: Int = 1, blockFor seconds: Double, cancel: CancellationPipe? = nil
  ) throws -> [LeasedJob] {
    let ready = try dequeue(worker: worker, count: count)
    if !ready.isEmpty || seconds <= 0 { return ready }
    var wait = seconds
    if let readTimeout = connection.options.readTimeout {
      wait = min(wait, max(0.01, readTimeout - 0.5))
    }
    let command = [
      argument("BLMOVE"), argument(keys.pending), argument(keys.active), argument("RIGHT"),
      argument("LEFT"), argument(String(format: "%.3f", wait)),
    ]
    let reply = try connection.send(command, cancel: cancel)
    switch reply {
    case .null: return []
    case .bulk(let id):
      return try claim(
        worker: worker, count: count, moved: JobID(String(decoding: id, as: UTF8.self)))
    case .error(let message):
      throw JobQueueError.redisError(
        command: "BLMOVE", message: String(decoding: message, as: UTF8.self))
    default: throw JobQueueError.unexpectedReply(command: "BLMOVE", reply: reply)
    }
  }

  private func claim(worker: String, count: Int, moved: JobID?) throws -> [LeasedJob] {
    precondition(count > 0, "dequeue at least one job")
    let reply = try connection.run(
      QueueScripts.claim, keys: [keys.pending, keys.active, keys.leases],
      arguments: [
        now, jobPrefix, argument(milliseconds(configuration.lease)), argument(worker),
        argument(count), argument(moved?.rawValue ?? ""),
      ])
    guard let rows = reply.array else {
      throw JobQueueError.unexpectedReply(command: "claim", reply: reply)
    }
    return try rows.map { row in
      guard let fields = row.array, fields.count == 8, case .bulk(let payload) = fields[1],
        let id = fields[0].string, let attempt = fields[2].integer,
        let delivery = fields[3].integer
      else { throw JobQueueError.unexpectedReply(command: "claim", reply: row) }
      func seconds(_ index: Int) -> Double { Double(fields[index].integer ?? 0) / 1000 }
      return LeasedJob(
        id: JobID(id), payload: payload, attempt: Int(attempt), delivery: Int(delivery),
        enqueuedAt: seconds(4), readyAt: seconds(5), startedAt: seconds(6),
        leaseExpiresAt: seconds(7), worker: worker)
    }
  }

  /// Acknowledges a finished job: it leaves active and leases and counts as done.
  ///
  /// Returns false when the lease was lost (the job was reaped and may already run
  /// elsewhere): the work was done, but the queue will deliver the job again. Sending the
  /// same acknowledgement twice (after a lost reply) is harmless.
  @discardableResult
  public func ack(_ job: LeasedJob) throws -> Bool { try ack([job])[0] }

  /// Acknowledges several jobs in one pipeline; one result per job, as for `ack(_:)`.
  @discardableResult
  public func ack(_ jobs: [LeasedJob]) throws -> [Bool] {
    let retention =
      configuration.doneRetention.map { $0 == 0 ? 0 : milliseconds($0) } ?? -1
    let calls = jobs.map { job in
      ScriptCall(
        script: QueueScripts.ack, keys: [keys.active, keys.leases, keys.done],
        arguments: [
          now, jobPrefix, argument(job.id.rawValue), argument(job.delivery), argument(retention),
        ])
    }
    return try connection.run(calls).map { $0.integer == 1 }
  }

  /// Reports a failed attempt: schedules a retry after a jittered backoff, or moves the job
  /// to the dead-letter set after its last attempt.
  ///
  /// The delay is `configuration.backoff.delay(afterFailures: job.attempt, random:)`.
  public func fail(_ job: LeasedJob, error: String, random: any RandomSource) throws
    -> FailureOutcome
  {
    try fail(
      job, error: error,
      delay: configuration.backoff.delay(afterFailures: job.attempt, random: random))
  }

  /// Reports a failed attempt with a delay chosen by the caller (seconds).
  ///
  /// `permanent` sends the job to the dead-letter set whatever its attempts: retrying
  /// cannot fix a payload that does not decode.
  public func fail(_ job: LeasedJob, error: String, delay: Double, permanent: Bool = false)
    throws -> FailureOutcome
  {
    let delayMilliseconds = max(0, Int((delay * 1000).rounded()))
    let reply = try connection.run(
      QueueScripts.fail, keys: [keys.active, keys.leases, keys.retry, keys.dead],
      arguments: [
        now, jobPrefix, argument(job.id.rawValue), argument(job.delivery), argument(error),
        argument(delayMilliseconds), argument(permanent ? 0 : configuration.backoff.maxAttempts),
      ])
    guard let parts = reply.array, parts.count == 2, let outcome = parts[0].string else {
      throw JobQueueError.unexpectedReply(command: "fail", reply: reply)
    }
    switch outcome {
    case "retry":
      return .retry(
        runAt: Double(parts[1].integer ?? 0) / 1000, delay: Double(delayMilliseconds) / 1000)
    case "dead": return .dead
    default: return .leaseLost
    }
  }

  /// Hands a job back unprocessed, to the front of pending, its attempt not counted.
  ///
  /// Graceful shutdown uses it for jobs taken but not finished in time. False when the
  /// delivery no longer holds the job.
  @discardableResult
  public func release(_ job: LeasedJob) throws -> Bool {
    let reply = try connection.run(
      QueueScripts.release, keys: [keys.pending, keys.active, keys.leases],
      arguments: [now, jobPrefix, argument(job.id.rawValue), argument(job.delivery)])
    return reply.integer == 1
  }

  // MARK: - Maintenance

  /// Re-queues jobs whose lease has expired (or buries those out of attempts), and ids left
  /// in active without a lease; returns what it did, naming the worker that lost each job.
  @discardableResult
  public func reapExpiredLeases(limit: Int = 1000) throws -> [ReapedJob] {
    let reply = try connection.run(
      QueueScripts.reap, keys: [keys.pending, keys.active, keys.leases, keys.dead],
      arguments: [now, jobPrefix, argument(configuration.backoff.maxAttempts), argument(limit)])
    guard let rows = reply.array else {
      throw JobQueueError.unexpectedReply(command: "reap", reply: reply)
    }
    return try rows.map { row in
      guard let fields = row.array, fields.count == 4, let id = fields[0].string,
        let worker = fields[1].string,
        let outcome = fields[2].string.flatMap(ReapedJob.Outcome.init),
        let attempts = fields[3].integer
      else { throw JobQueueError.unexpectedReply(command: "reap", reply: row) }
      return ReapedJob(id: JobID(id), worker: worker, outcome: outcome, attempts: Int(attempts))
    }
  }

  /// Moves retries whose run-at time has come back to pending; returns their ids.
  @discardableResult
  public func promoteDueRetries(limit: Int = 1000) throws -> [JobID] {
    let reply = try connection.run(
      QueueScripts.promote, keys: [keys.retry, keys.pending],
      arguments: [now, jobPrefix, argument(limit)])
    return try ids(reply, command: "promote")
  }

  // MARK: - Dead letters

  /// The jobs in the dead-letter set, oldest death first.
  public func deadJobs(limit: Int = 100) throws -> [JobRecord] {
    let reply = try connection.queueSend(["ZRANGE", keys.dead, "0", String(max(0, limit - 1))])
    return try records(try ids(reply, command: "ZRANGE"))
  }

  /// Moves one dead job back to pending with a fresh set of attempts.
  ///
  /// Throws `.jobNotFound` for an unknown id and `.notDead` for a job that is not dead.
  public func requeueDead(_ id: JobID) throws {
    let reply = try connection.run(
      QueueScripts.requeueDead, keys: [keys.dead, keys.pending],
      arguments: [now, jobPrefix, argument(id.rawValue), argument(1)])
    if try ids(reply, command: "requeue").isEmpty {
      guard let record = try job(id) else { throw JobQueueError.jobNotFound(id) }
      throw JobQueueError.notDead(id, state: record.state?.rawValue ?? "unknown")
    }
  }

  /// Moves up to `limit` dead jobs back to pending, oldest first; returns their ids.
  @discardableResult
  public func requeueAllDead(limit: Int = 10_000) throws -> [JobID] {
    let reply = try connection.run(
      QueueScripts.requeueDead, keys: [keys.dead, keys.pending],
      arguments: [now, jobPrefix, argument(""), argument(limit)])
    return try ids(reply, command: "requeue")
  }

  // MARK: - Inspecting

  /// Everything the queue knows about a job, or nil if it has no hash (never existed, or
  /// finished and expired).
  public func job(_ id: JobID) throws -> JobRecord? {
    try records([id]).first
  }

  /// The jobs workers hold now, with their workers and lease expiries, soonest expiry first.
  public func activeJobs(limit: Int = 100) throws -> [JobRecord] {
    let reply = try connection.queueSend(["ZRANGE", keys.leases, "0", String(max(0, limit - 1))])
    return try records(try ids(reply, command: "ZRANGE"))
  }

  /// The jobs waiting for a retry, soonest first.
  public func retryJobs(limit: Int = 100) throws -> [JobRecord] {
    let reply = try connection.queueSend(["ZRANGE", keys.retry, "0", String(max(0, limit - 1))])
    return try records(try ids(reply, command: "ZRANGE"))
  }

  /// How many jobs are in each place, read atomically (MULTI) so they add up.
  public func stats() throws -> QueueStats {
    let replies = try connection.queuePipeline([
      [argument("MULTI")],
      [argument("LLEN"), argument(keys.pending)],
      [argument("LLEN"), argument(keys.active)],
      [argument("ZCARD"), argument(keys.retry)],
      [argument("ZCARD"), argument(keys.dead)],
      [argument("GET"), argument(keys.done)],
      [argument("GET"), argument(keys.sequence)],
      [argument("EXEC")],
    ])
    guard let counts = replies.last?.array, counts.count == 6 else {
      throw JobQueueError.unexpectedReply(command: "EXEC", reply: replies.last ?? .null)
    }
    if let failed = counts.first(where: \.isError) {
      throw JobQueueError.redisError(command: "stats", message: failed.string ?? "")
    }
    let numbers = counts.map { Int($0.integer ?? 0) }
    return QueueStats(
      pending: numbers[0], active: numbers[1], retry: numbers[2], dead: numbers[3],
      done: numbers[4], enqueued: numbers[5])
  }

  // MARK: - Workers

  /// Records that the workers named in `alive` run, until `ttl` seconds from now, and that
  /// those in `leaving` stopped; returns how many workers of the queue are alive.
  ///
  /// A pool sends this every few seconds; a worker killed outright drops out of the count
  /// when its last heartbeat runs out.
  @discardableResult
  public func heartbeat(alive: [String], leaving: [String] = [], ttl: Double) throws -> Int {
    let arguments =
      [
        now, jobPrefix, argument(String(max(1, Int64((ttl * 1000).rounded(.up))))),
        argument(alive.count),
      ] + (alive + leaving).map(argument)
    let reply = try connection.run(
      QueueScripts.heartbeat, keys: [keys.workers], arguments: arguments)
    return Int(reply.integer ?? 0)
  }

  /// How many workers, in every process, are running for this queue now.
  public func liveWorkerCount() throws -> Int {
    let reply = try connection.run(
      QueueScripts.liveWorkers, keys: [keys.workers], arguments: [now, jobPrefix])
    guard let count = reply.integer else {
      throw JobQueueError.unexpectedReply(command: "live-workers", reply: reply)
    }
    return Int(count)
  }

  /// Deletes every key of the queue (jobs, counters, sent records); returns how many.
  @discardableResult
  public func deleteAll() throws -> Int { try keys.deleteAll(using: connection) }

  private func records(_ ids: [JobID]) throws -> [JobRecord] {
    guard !ids.isEmpty else { return [] }
    let replies = try connection.queuePipeline(
      ids.map { [argument("HGETALL"), argument(keys.job($0))] })
    return zip(ids, replies).compactMap { id, reply in
      guard let hash = reply.array, !hash.isEmpty else { return nil }
      return JobRecord(id: id, hash: hash)
    }
  }

  private func ids(_ reply: Reply, command: String) throws -> [JobID] {
    guard let elements = reply.array else {
      throw JobQueueError.unexpectedReply(command: command, reply: reply)
    }
    return elements.compactMap { $0.string.map { JobID($0) } }
  }
}
