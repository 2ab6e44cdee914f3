import Foundation
import Patterns
import RedisClient

/// A job queue on a Redis Stream with one consumer group, as Day 4 builds it by hand.
///
/// Enqueue is `XADD`; a worker reads with `XREADGROUP … >`, acknowledges a finished job with
/// `XACK`, and leaves a failed one pending, so that once it has been idle for `minIdle` any
/// worker takes it back with `XAUTOCLAIM` (a crashed worker's jobs come back the same way).
/// The group's delivery count is the attempt counter: an entry delivered more than
/// `maxAttempts` times goes to the dead-letter stream (`XADD` there and `XACK` here, in one
/// `MULTI`). Keys, under `rt:demo:queue:{streams}:`:
///
/// ```text
/// …:jobs   STREAM  one entry per job: key (idempotency key), payload (JSON)
/// …:dead   STREAM  dead letters: key, source (the job's entry id), deliveries, error
/// …:done   HASH    idempotency key → how many times a worker finished that job
/// ```
struct StreamJobQueue: Sendable {
  /// One stream entry: its id and its fields.
  struct Entry: Sendable, Equatable {
    let id: String
    let fields: [String: String]

    /// The job's idempotency key.
    var key: String { fields["key"] ?? id }
  }

  /// What Redis holds for the queue, read in one pipeline.
  struct Stats: Sendable, Equatable {
    /// Entries in the job stream (the demo never trims it, so every job enqueued).
    var streamLength = 0
    /// Entries delivered and not yet acknowledged (`XPENDING` summary).
    var pending = 0
    /// Entries in the dead-letter stream.
    var deadLetters = 0
    /// Jobs finished at least once (fields of the done hash).
    var done = 0
    /// Times a job was finished, summed over jobs (more than `done`: some ran twice).
    var finishes = 0
    /// Whether the group has been handed every entry in the stream.
    var allDelivered = false

    /// Every job delivered and none pending.
    var isSettled: Bool { allDelivered && pending == 0 }
  }

  static let group = "workers"
  let keys: QueueKeys
  /// Attempts before a job is dead-lettered.
  let maxAttempts: Int
  /// Milliseconds an entry must be idle before `XAUTOCLAIM` hands it to another worker.
  let minIdleMilliseconds: Int

  var stream: String { keys.base + "jobs" }
  var deadStream: String { keys.base + "dead" }
  var doneCounts: String { keys.base + "done" }

  init(keys: QueueKeys, maxAttempts: Int, minIdle: Double) {
    self.keys = keys
    self.maxAttempts = maxAttempts
    self.minIdleMilliseconds = Int((minIdle * 1000).rounded())
  }

  /// Creates the consumer group, and the stream with it (`XGROUP CREATE … 0 MKSTREAM`).
  func createGroup(_ connection: Connection) throws {
    _ = try Self.send(connection, ["XGROUP", "CREATE", stream, Self.group, "0", "MKSTREAM"])
  }

  /// Appends one entry per job in one pipeline; returns their ids.
  func enqueue(_ jobs: [(key: String, payload: String)], _ connection: Connection) throws
    -> [String]
  {
    let replies = try connection.pipeline(
      jobs.map { Self.argv(["XADD", stream, "*", "key", $0.key, "payload", $0.payload]) })
    return try replies.map { reply in
      guard let id = reply.string, !reply.isError else { throw Self.unexpected("XADD", reply) }
      return id
    }
  }

  /// Entries never delivered to the group, for `consumer`; waits up to `blockMilliseconds`.
  func readNew(_ connection: Connection, consumer: String, count: Int, blockMilliseconds: Int)
    throws -> [Entry]
  {
    let reply = try Self.send(
      connection,
      [
        "XREADGROUP", "GROUP", Self.group, consumer, "COUNT", String(count), "BLOCK",
        String(blockMilliseconds), "STREAMS", stream, ">",
      ])
    guard let streams = reply.array, let first = streams.first?.array, first.count == 2,
      let entries = first[1].array
    else { return [] }
    return entries.compactMap(Self.entry)
  }

  /// Pending entries idle for at least `minIdle`, handed to `consumer` (`XAUTOCLAIM`).
  func claimIdle(_ connection: Connection, consumer: String, count: Int) throws -> [Entry] {
    let reply = try Self.send(
      connection,
      [
        "XAUTOCLAIM", stream, Self.group, consumer, String(minIdleMilliseconds), "0-0", "COUNT",
        String(count),
      ])
    guard let parts = reply.array, parts.count >= 2, let entries = parts[1].array else {
      throw Self.unexpected("XAUTOCLAIM", reply)
    }
    return entries.compactMap(Self.entry)
  }

  /// How many times the group has delivered the entry (0: no longer pending).
  func deliveries(of id: String, _ connection: Connection) throws -> Int {
    let reply = try Self.send(connection, ["XPENDING", stream, Self.group, id, id, "1"])
    guard let rows = reply.array else { throw Self.unexpected("XPENDING", reply) }
    guard let row = rows.first?.array, row.count == 4 else { return 0 }
    return Int(row[3].integer ?? 0)
  }

  /// Records the job as finished and acknowledges it, in one `MULTI`.
  func finish(_ entry: Entry, _ connection: Connection) throws {
    try Self.transaction(
      connection,
      [
        ["HINCRBY", doneCounts, entry.key, "1"],
        ["XACK", stream, Self.group, entry.id],
      ])
  }

  /// Moves the entry to the dead-letter stream and acknowledges it, in one `MULTI`.
  func deadLetter(_ entry: Entry, deliveries: Int, error: String, _ connection: Connection)
    throws
  {
    try Self.transaction(
      connection,
      [
        [
          "XADD", deadStream, "*", "key", entry.key, "source", entry.id, "deliveries",
          String(deliveries), "error", error,
        ],
        ["XACK", stream, Self.group, entry.id],
      ])
  }

  /// What Redis holds now.
  func stats(_ connection: Connection) throws -> Stats {
    let replies = try connection.pipeline(
      [
        ["XLEN", stream], ["XPENDING", stream, Self.group], ["XLEN", deadStream],
        ["HVALS", doneCounts], ["XINFO", "STREAM", stream], ["XINFO", "GROUPS", stream],
      ].map(Self.argv))
    if let error = replies.first(where: \.isError) { throw Self.unexpected("stats", error) }
    var stats = Stats()
    stats.streamLength = Int(replies[0].integer ?? 0)
    stats.pending = Int(replies[1].array?.first?.integer ?? 0)
    stats.deadLetters = Int(replies[2].integer ?? 0)
    let counts = (replies[3].array ?? []).compactMap { $0.string.flatMap(Int.init) }
    stats.done = counts.count
    stats.finishes = counts.reduce(0, +)
    let lastAdded = Self.field("last-generated-id", in: replies[4].array ?? [])
    let group = (replies[5].array ?? []).compactMap(\.array).first {
      Self.field("name", in: $0) == Self.group
    }
    let lastDelivered = group.flatMap { Self.field("last-delivered-id", in: $0) }
    stats.allDelivered = lastAdded != nil && lastAdded == lastDelivered
    return stats
  }

  /// The dead letters' idempotency keys, oldest first.
  func deadKeys(_ connection: Connection) throws -> [String] {
    let reply = try Self.send(connection, ["XRANGE", deadStream, "-", "+"])
    return (reply.array ?? []).compactMap(Self.entry).map(\.key)
  }

  /// The idempotency keys of the jobs finished at least once.
  func doneKeys(_ connection: Connection) throws -> Set<String> {
    let reply = try Self.send(connection, ["HKEYS", doneCounts])
    return Set((reply.array ?? []).compactMap(\.string))
  }

  // MARK: - Replies

  /// `[id, [field, value, …]]` as an entry; nil for an entry deleted from the stream.
  static func entry(_ reply: Reply) -> Entry? {
    guard let parts = reply.array, parts.count == 2, let id = parts[0].string,
      let flat = parts[1].array
    else { return nil }
    var fields: [String: String] = [:]
    var index = 0
    while index + 1 < flat.count {
      if let name = flat[index].string { fields[name] = flat[index + 1].string ?? "" }
      index += 2
    }
    return Entry(id: id, fields: fields)
  }

  /// The value after `name` in a flat `[name, value, …]` reply.
  static func field(_ name: String, in flat: [Reply]) -> String? {
    var index = 0
    while index + 1 < flat.count {
      if flat[index].string == name { return flat[index + 1].string }
      index += 2
    }
    return nil
  }

  static func argv(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

  /// An error reply as `redisError`, anything else as `unexpectedReply`.
  static func unexpected(_ command: String, _ reply: Reply) -> JobQueueError {
    if reply.isError, let message = reply.string {
      return .redisError(command: command, message: message)
    }
    return .unexpectedReply(command: command, reply: reply)
  }

  /// Sends one command; an error reply is thrown.
  static func send(_ connection: Connection, _ words: [String]) throws -> Reply {
    let reply = try connection.send(argv(words))
    if reply.isError { throw unexpected(words.first ?? "", reply) }
    return reply
  }

  /// Runs `commands` inside `MULTI`/`EXEC` in one pipeline; an error in any is thrown.
  static func transaction(_ connection: Connection, _ commands: [[String]]) throws {
    let replies = try connection.pipeline(
      ([["MULTI"]] + commands + [["EXEC"]]).map(argv))
    guard let results = replies.last?.array else {
      throw unexpected("EXEC", replies.last ?? .null)
    }
    if let error = (replies + results).first(where: \.isError) {
      throw unexpected(commands.first?.first ?? "MULTI", error)
    }
  }
}
