import RedisClient

/// Where a job is in its life, as its hash's `state` field says.
public enum JobState: String, Sendable, CaseIterable {
  /// Waiting in the pending list.
  case pending
  /// Held by a worker under a lease.
  case active
  /// Failed; waiting in the retry set for its run-at time.
  case retry
  /// Out of attempts; in the dead-letter set.
  case dead
  /// Finished successfully.
  case done
}

/// Everything the queue knows about one job: its hash, read with HGETALL.
///
/// Times are seconds since the epoch on the queue's clock; nil when not (yet) set.
public struct JobRecord: Sendable, Equatable {
  public var id: JobID
  public var payload: [UInt8]
  /// The state, or nil when the hash holds something else.
  public var state: JobState?
  /// Attempts made so far (a released job's attempt is not counted).
  public var attempts: Int
  /// Times the job was claimed by a worker, released and reaped ones included.
  public var deliveries: Int
  /// The error of the last failed attempt.
  public var lastError: String?
  /// The worker that last took it.
  public var worker: String?
  public var enqueuedAt: Double?
  public var readyAt: Double?
  public var startedAt: Double?
  public var finishedAt: Double?
  /// When a job in the retry set is due.
  public var runAt: Double?
  /// When an active job's lease runs out.
  public var leaseExpiresAt: Double?
  /// Times the job was re-queued from the dead-letter set.
  public var requeues: Int

  /// Reads the fields of a job hash (HGETALL's flat name/value array).
  init(id: JobID, hash: [Reply]) {
    var fields: [String: [UInt8]] = [:]
    var index = 0
    while index + 1 < hash.count {
      if let name = hash[index].string, case .bulk(let value) = hash[index + 1] {
        fields[name] = value
      }
      index += 2
    }
    func text(_ name: String) -> String? {
      fields[name].map { String(decoding: $0, as: UTF8.self) }
    }
    func number(_ name: String) -> Int { text(name).flatMap { Int($0) } ?? 0 }
    func time(_ name: String) -> Double? { text(name).flatMap { Double($0) }.map { $0 / 1000 } }
    self.id = id
    payload = fields["payload"] ?? []
    state = text("state").flatMap(JobState.init(rawValue:))
    attempts = number("attempts")
    deliveries = number("delivery")
    lastError = text("lastError")
    worker = text("worker")
    enqueuedAt = time("enqueuedAt")
    readyAt = time("readyAt")
    startedAt = time("startedAt")
    finishedAt = time("finishedAt")
    runAt = time("runAt")
    leaseExpiresAt = time("leaseExpiresAt")
    requeues = number("requeues")
  }

  /// The payload as text (lossy UTF-8).
  public var payloadText: String { String(decoding: payload, as: UTF8.self) }
}

/// How many jobs are in each place, read in one MULTI so the numbers add up.
public struct QueueStats: Sendable, Equatable, CustomStringConvertible {
  public var pending: Int
  public var active: Int
  public var retry: Int
  public var dead: Int
  public var done: Int
  /// Ids handed out: every job ever enqueued.
  public var enqueued: Int

  public init(pending: Int, active: Int, retry: Int, dead: Int, done: Int, enqueued: Int) {
    self.pending = pending
    self.active = active
    self.retry = retry
    self.dead = dead
    self.done = done
    self.enqueued = enqueued
  }

  /// Jobs in no list or set and not counted done: lost.
  ///
  /// Always 0 for the reliable queue; a BRPOP consumer that dies mid-job makes it 1.
  public var unaccounted: Int { enqueued - pending - active - retry - dead - done }

  /// Whether every job enqueued has either finished or died.
  public var isSettled: Bool { pending == 0 && active == 0 && retry == 0 && unaccounted == 0 }

  public var description: String {
    "pending=\(pending) active=\(active) retry=\(retry) dead=\(dead) done=\(done)"
      + " enqueued=\(enqueued) unaccounted=\(unaccounted)"
  }
}
