import Foundation
import GRDB

/// One session recording as the index keeps it: its cast file, how it ended, and a summary of
/// its command log.
public struct RecordingInfo: Sendable, Equatable {
  /// The row id, which names the recording in `:recordings` and on the command line.
  public var id: Int64
  /// When recording started, in seconds since the epoch.
  public var startedAt: Double
  /// When recording ended, in seconds since the epoch; nil while recording, or when the tutor
  /// was killed before it could close the recording.
  public var endedAt: Double?
  /// The title written into the cast file's header.
  public var title: String
  /// The asciicast file; the store never reads, writes or removes it.
  public var castPath: String
  /// The terminal's columns when recording started.
  public var width: Int
  /// The terminal's rows when recording started.
  public var height: Int
  /// The Redis server the commands went to: "sandbox", or a host and port like
  /// "127.0.0.1:6379".
  public var server: String
  /// The lesson day open when recording started; nil when none was.
  public var day: Int?
  /// The cast file's size in bytes when the recording was closed; 0 until then.
  public var bytes: Int
  /// Why recording stopped before the learner stopped it (the size cap, a full disk), or nil.
  public var stoppedReason: String?
  /// The version of the cast format the file was written in.
  public var formatVersion: Int
  /// How many commands the recording's log holds.
  public var commands: Int
  /// When the last logged command ran, in seconds since the epoch (nil for an empty log): for a
  /// recording without `endedAt`, the best guess of when it ended.
  public var lastCommandAt: Double?

  public init(
    id: Int64, startedAt: Double, endedAt: Double?, title: String, castPath: String, width: Int,
    height: Int, server: String, day: Int?, bytes: Int, stoppedReason: String?,
    formatVersion: Int, commands: Int, lastCommandAt: Double?
  ) {
    self.id = id
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.title = title
    self.castPath = castPath
    self.width = width
    self.height = height
    self.server = server
    self.day = day
    self.bytes = bytes
    self.stoppedReason = stoppedReason
    self.formatVersion = formatVersion
    self.commands = commands
    self.lastCommandAt = lastCommandAt
  }
}

/// One command typed while recording, as the command log keeps it.
public struct LoggedCommandRecord: Sendable, Equatable {
  /// The command's place in its recording's log, unique within the recording.
  public var seq: Int
  /// The command and its arguments, already redacted by the caller; never empty.
  public var argv: [String]
  /// The reply as redis-cli printed it.
  public var reply: String
  /// Whether the reply was an error.
  public var isError: Bool
  /// The database number the command ran in.
  public var database: Int
  /// When the command was sent, in seconds since the epoch.
  public var at: Double
  /// How long the server took to reply, in seconds; 0 or more.
  public var duration: Double
  /// The lesson day open when the command ran; nil when none was.
  public var day: Int?
  /// The lesson step open when the command ran; nil when none was.
  public var step: String?

  public init(
    seq: Int, argv: [String], reply: String, isError: Bool, database: Int, at: Double,
    duration: Double, day: Int?, step: String?
  ) {
    self.seq = seq
    self.argv = argv
    self.reply = reply
    self.isError = isError
    self.database = database
    self.at = at
    self.duration = duration
    self.day = day
    self.step = step
  }
}

// Session recordings: the index of the cast files the shell wrote and the structured log of
// the commands typed while each recorded. The store keeps rows only; the caller creates and
// removes the files. `resetAll` keeps recordings, which are the learner's history.
extension ProgressStore {
  /// Starts a recording's row and returns its id.
  ///
  /// The row has no end time until `finishRecording`; a tutor killed before then leaves it
  /// so, and `recordings()` still lists it.
  public func startRecording(
    startedAt: Double, title: String, castPath: String, width: Int, height: Int, server: String,
    day: Int?
  ) throws -> Int64 {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO recording (started_at, title, cast_path, width, height, server, day)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [startedAt, title, castPath, width, height, server, day])
      return db.lastInsertedRowID
    }
  }

  /// Appends commands to a recording's log in ONE transaction (the shell batches them).
  ///
  /// Throws `ProgressError.invalidValue`, writing none of the batch, for a command with no
  /// words, a duration below 0 or not finite, a recording that does not exist, or a seq the
  /// log (or the batch) already holds.
  public func logCommands(_ commands: [LoggedCommandRecord], recording id: Int64) throws {
    guard !commands.isEmpty else { return }
    var rows: [(command: LoggedCommandRecord, argv: String)] = []
    for command in commands {
      guard !command.argv.isEmpty else {
        throw ProgressError.invalidValue("logged command \(command.seq) has no words")
      }
      guard command.duration.isFinite, command.duration >= 0 else {
        throw ProgressError.invalidValue(
          "logged command \(command.seq) must take 0 seconds or more, got \(command.duration)")
      }
      rows.append((command, try Self.argvText(command.argv)))
    }
    try write { db in
      try Self.requireRecording(id, in: db)
      for (command, argv) in rows {
        do {
          try db.execute(
            sql: """
              INSERT INTO command_log (
                recording_id, seq, argv, reply, is_error, db, at, duration, day, step)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              """,
            arguments: [
              id, command.seq, argv, command.reply, command.isError, command.database,
              command.at, command.duration, command.day, command.step,
            ])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
          throw ProgressError.invalidValue(
            "recording \(id) already logged a command \(command.seq)")
        }
      }
    }
  }

  /// Closes a recording: end time, final size, and why it stopped early if it did.
  ///
  /// A reason noted earlier by `noteRecordingStopped` is kept: recording stops only once.
  /// Throws `ProgressError.invalidValue` for a negative size or a recording that does not
  /// exist.
  public func finishRecording(
    _ id: Int64, endedAt: Double, bytes: Int, stoppedReason: String?
  ) throws {
    guard bytes >= 0 else {
      throw ProgressError.invalidValue("a recording's size must be 0 bytes or more, got \(bytes)")
    }
    try write { db in
      try db.execute(
        sql: """
          UPDATE recording
          SET ended_at = ?, bytes = ?, stopped_reason = COALESCE(stopped_reason, ?)
          WHERE id = ?
          """,
        arguments: [endedAt, bytes, stoppedReason, id])
      if db.changesCount == 0 { throw Self.noRecording(id) }
    }
  }

  /// Notes that a recording stopped early (cap, disk full) without closing it.
  ///
  /// The first reason noted is kept. Throws `ProgressError.invalidValue` for a recording that
  /// does not exist.
  public func noteRecordingStopped(_ id: Int64, reason: String) throws {
    try write { db in
      try db.execute(
        sql: "UPDATE recording SET stopped_reason = COALESCE(stopped_reason, ?) WHERE id = ?",
        arguments: [reason, id])
      if db.changesCount == 0 { throw Self.noRecording(id) }
    }
  }

  /// Every recording, newest first.
  public func recordings() throws -> [RecordingInfo] {
    try read { db in
      try Row.fetchAll(db, sql: Self.recordingQuery(where: "", order: "DESC"))
        .map(Self.recordingInfo(from:))
    }
  }

  /// One recording, or nil.
  public func recording(_ id: Int64) throws -> RecordingInfo? {
    try read { db in
      try Row.fetchOne(
        db, sql: Self.recordingQuery(where: "WHERE recording.id = ?", order: "DESC"),
        arguments: [id]
      ).map(Self.recordingInfo(from:))
    }
  }

  /// A recording's command log in order of seq.
  public func commandLog(_ id: Int64) throws -> [LoggedCommandRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT seq, argv, reply, is_error, db, at, duration, day, step FROM command_log
          WHERE recording_id = ?
          ORDER BY seq
          """,
        arguments: [id]
      ).map { row in
        LoggedCommandRecord(
          seq: row["seq"], argv: try Self.argv(fromText: row["argv"]), reply: row["reply"],
          isError: row["is_error"], database: row["db"], at: row["at"],
          duration: row["duration"], day: row["day"], step: row["step"])
      }
    }
  }

  /// Deletes a recording's row and log (not its file: the caller removes that); false when
  /// there was none.
  @discardableResult
  public func deleteRecording(_ id: Int64) throws -> Bool {
    try write { db in
      try db.execute(sql: "DELETE FROM recording WHERE id = ?", arguments: [id])
      return db.changesCount > 0
    }
  }

  /// The recordings to prune so that at most `keep` remain (the oldest first), excluding
  /// `current`; the caller deletes their files and then calls deleteRecording for each.
  ///
  /// `current` counts towards `keep` but is never listed, so with `keep` 0 it is the one that
  /// remains. Throws `ProgressError.invalidValue` for a negative `keep`.
  public func recordingsBeyond(keep: Int, excluding current: Int64?) throws -> [RecordingInfo] {
    guard keep >= 0 else {
      throw ProgressError.invalidValue("the recordings to keep must be 0 or more, got \(keep)")
    }
    return try read { db in
      let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM recording") ?? 0
      guard total > keep else { return [] }
      let oldestFirst = try Row.fetchAll(
        db,
        sql: Self.recordingQuery(where: "WHERE ? IS NULL OR recording.id != ?", order: "ASC"),
        arguments: [current, current]
      ).map(Self.recordingInfo(from:))
      return Array(oldestFirst.prefix(total - keep))
    }
  }

  // MARK: - Rows

  /// The query for recordings with their log's count and last time, filtered by `filter` and
  /// ordered by start time (then id) in `order`, "ASC" or "DESC".
  private static func recordingQuery(where filter: String, order: String) -> String {
    """
    SELECT recording.id, started_at, ended_at, title, cast_path, width, height, server,
      recording.day, bytes, stopped_reason, format_version,
      COUNT(command_log.id) AS commands, MAX(command_log.at) AS last_command_at
    FROM recording
    LEFT JOIN command_log ON command_log.recording_id = recording.id
    \(filter)
    GROUP BY recording.id
    ORDER BY started_at \(order), recording.id \(order)
    """
  }

  /// The recording a row of `recordingQuery` holds.
  private static func recordingInfo(from row: Row) -> RecordingInfo {
    RecordingInfo(
      id: row["id"], startedAt: row["started_at"], endedAt: row["ended_at"], title: row["title"],
      castPath: row["cast_path"], width: row["width"], height: row["height"],
      server: row["server"], day: row["day"], bytes: row["bytes"],
      stoppedReason: row["stopped_reason"], formatVersion: row["format_version"],
      commands: row["commands"], lastCommandAt: row["last_command_at"])
  }

  /// Throws `ProgressError.invalidValue` unless recording `id` exists.
  private static func requireRecording(_ id: Int64, in db: Database) throws {
    let exists =
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM recording WHERE id = ?)", arguments: [id])
      ?? false
    if !exists { throw noRecording(id) }
  }

  /// The error for a recording id with no row.
  private static func noRecording(_ id: Int64) -> ProgressError {
    .invalidValue("there is no recording \(id)")
  }

  /// `argv` as the JSON array of strings the log stores.
  private static func argvText(_ argv: [String]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(argv), as: UTF8.self)
    } catch {
      throw ProgressError.invalidValue("cannot encode a logged command: \(error)")
    }
  }

  /// The words of a command from the JSON array the log stores.
  private static func argv(fromText text: String) throws -> [String] {
    try JSONDecoder().decode([String].self, from: Data(text.utf8))
  }
}
