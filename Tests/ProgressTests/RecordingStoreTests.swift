import Foundation
import GRDB
import Testing
import TutorTestSupport

@testable import Progress

@Suite struct RecordingStoreTests {
  /// A command as the shell would log it.
  private func command(
    _ seq: Int, _ argv: [String] = ["PING"], reply: String = "PONG", isError: Bool = false,
    database: Int = 0, at: Double = 1_000, duration: Double = 0.001, day: Int? = 1,
    step: String? = "ping"
  ) -> LoggedCommandRecord {
    LoggedCommandRecord(
      seq: seq, argv: argv, reply: reply, isError: isError, database: database, at: at,
      duration: duration, day: day, step: step)
  }

  /// Starts a recording in `store` at `startedAt` with the usual sandbox settings.
  private func start(
    _ store: ProgressStore, at startedAt: Double, title: String = "session", day: Int? = 1
  ) throws -> Int64 {
    try store.startRecording(
      startedAt: startedAt, title: title, castPath: "/rec/\(Int(startedAt)).cast", width: 80,
      height: 24, server: "sandbox", day: day)
  }

  /// Whether `error` is `ProgressError.invalidValue`.
  private func isInvalidValue(_ error: any Error) -> Bool {
    guard case .invalidValue? = error as? ProgressError else { return false }
    return true
  }

  @Test func recordingsAndTheirLogsRoundTrip() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    #expect(try store.recordings().isEmpty)
    #expect(try store.recording(1) == nil)
    #expect(try store.commandLog(1).isEmpty)

    let id = try store.startRecording(
      startedAt: 1_800_000_000.25, title: "Day 2 — \"lists\" ✓", castPath: "/tmp/r é/1.cast",
      width: 132, height: 43, server: "127.0.0.1:6379", day: nil)
    #expect(
      try store.recording(id)
        == RecordingInfo(
          id: id, startedAt: 1_800_000_000.25, endedAt: nil, title: "Day 2 — \"lists\" ✓",
          castPath: "/tmp/r é/1.cast", width: 132, height: 43, server: "127.0.0.1:6379",
          day: nil, bytes: 0, stoppedReason: nil, formatVersion: 1, commands: 0,
          lastCommandAt: nil))

    let logged = [
      command(
        1, ["SET", "greeting", "héllo \"wörld\" 🚀", ""], reply: "OK", database: 0,
        at: 1_800_000_001.5, duration: 0.000_25, day: 2, step: "set-get"),
      command(
        2, ["GET", "greeting"], reply: "\"h\\xc3\\xa9llo \\\"w\\xc3\\xb6rld\\\"\"", database: 3,
        at: 1_800_000_002, duration: 0, day: nil, step: nil),
      command(
        3, ["AUTH", "<redacted>"], reply: "(error) WRONGPASS invalid username-password pair",
        isError: true, at: 1_800_000_003, duration: 1.5),
      command(4, ["ECHO", "", "a/b\\c", "line\nbreak\ttab"], reply: "", at: 1_800_000_004),
      command(5, ["LPUSH", "[\"not\",\"json\"]", "{}", "null"], reply: "(integer) 2"),
    ]
    try store.logCommands(Array(logged[0..<2]), recording: id)
    try store.logCommands(Array(logged[2...]), recording: id)
    #expect(try store.commandLog(id) == logged)

    // The argv column is a JSON array of strings, readable by other tools.
    let queue = try DatabaseQueue(path: scratch.path)
    defer { try? queue.close() }
    let argvText = try queue.read { db in
      try String.fetchOne(
        db, sql: "SELECT argv FROM command_log WHERE recording_id = ? AND seq = 4",
        arguments: [id])
    }
    let decoded = try JSONSerialization.jsonObject(with: Data((argvText ?? "").utf8))
    #expect(decoded as? [String] == ["ECHO", "", "a/b\\c", "line\nbreak\ttab"])

    let info = try #require(try store.recording(id))
    #expect(info.commands == 5)
    #expect(info.lastCommandAt == 1_800_000_004)
    #expect(info.endedAt == nil)
    #expect(try store.recordings() == [info])
  }

  @Test func theLogComesInOrderOfSeqWhateverTheOrderItWasWrittenIn() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    let id = try start(store, at: 100)
    try store.logCommands([command(3, at: 130), command(1, at: 110)], recording: id)
    try store.logCommands([command(2, at: 120)], recording: id)
    try store.logCommands([], recording: id)
    #expect(try store.commandLog(id).map(\.seq) == [1, 2, 3])
    #expect(try store.commandLog(id).map(\.at) == [110, 120, 130])
    #expect(try store.recording(id)?.lastCommandAt == 130)
  }

  @Test func countsAndLastCommandTimesBelongToEachRecording() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    let empty = try start(store, at: 100)
    let busy = try start(store, at: 200)
    let other = try start(store, at: 300)
    try store.logCommands(
      [command(1, at: 210), command(2, at: 250), command(3, at: 240)], recording: busy)
    try store.logCommands([command(1, at: 310)], recording: other)
    let byID = Dictionary(uniqueKeysWithValues: try store.recordings().map { ($0.id, $0) })
    #expect(byID[empty]?.commands == 0)
    #expect(byID[empty]?.lastCommandAt == nil)
    #expect(byID[busy]?.commands == 3)
    #expect(byID[busy]?.lastCommandAt == 250)
    #expect(byID[other]?.commands == 1)
    #expect(byID[other]?.lastCommandAt == 310)
    #expect(try store.commandLog(empty).isEmpty)
  }

  @Test func recordingsAreListedNewestFirst() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    // Started out of order; two share a start time, so the later id comes first.
    let middle = try start(store, at: 200)
    let oldest = try start(store, at: 100)
    let newest = try start(store, at: 300)
    let tie = try start(store, at: 200)
    #expect(try store.recordings().map(\.id) == [newest, tie, middle, oldest])
    #expect(try store.recordings().map(\.startedAt) == [300, 200, 200, 100])
  }

  @Test func finishingAndStoppingEarly() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    let plain = try start(store, at: 100)
    let capped = try start(store, at: 200)
    let full = try start(store, at: 300)

    try store.finishRecording(plain, endedAt: 150, bytes: 4_096, stoppedReason: nil)
    let finished = try #require(try store.recording(plain))
    #expect(finished.endedAt == 150)
    #expect(finished.bytes == 4_096)
    #expect(finished.stoppedReason == nil)

    // The cap stops the recording; the shell closes it later, and the reason stays.
    try store.noteRecordingStopped(capped, reason: "size cap of 50 MB reached")
    let stopped = try #require(try store.recording(capped))
    #expect(stopped.stoppedReason == "size cap of 50 MB reached")
    #expect(stopped.endedAt == nil)
    #expect(stopped.bytes == 0)
    try store.noteRecordingStopped(capped, reason: "disk full")
    try store.finishRecording(capped, endedAt: 260, bytes: 52_428_800, stoppedReason: nil)
    let closed = try #require(try store.recording(capped))
    #expect(closed.stoppedReason == "size cap of 50 MB reached")
    #expect(closed.endedAt == 260)
    #expect(closed.bytes == 52_428_800)

    try store.finishRecording(full, endedAt: 301, bytes: 10, stoppedReason: "disk full")
    #expect(try store.recording(full)?.stoppedReason == "disk full")
    #expect(try store.recording(full)?.endedAt == 301)

    #expect(throws: ProgressError.invalidValue("there is no recording 99")) {
      try store.finishRecording(99, endedAt: 1, bytes: 0, stoppedReason: nil)
    }
    #expect(throws: ProgressError.invalidValue("there is no recording 99")) {
      try store.noteRecordingStopped(99, reason: "cap")
    }
    #expect(
      throws: ProgressError.invalidValue("a recording's size must be 0 bytes or more, got -1")
    ) {
      try store.finishRecording(plain, endedAt: 999, bytes: -1, stoppedReason: nil)
    }
    #expect(try store.recording(plain) == finished)
    #expect(try store.recording(99) == nil)
  }

  @Test func deletingARecordingDeletesItsLog() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    let doomed = try start(store, at: 100)
    let kept = try start(store, at: 200)
    try store.logCommands([command(1), command(2), command(3)], recording: doomed)
    try store.logCommands([command(1, ["DBSIZE"], reply: "(integer) 0")], recording: kept)

    #expect(try store.deleteRecording(doomed))
    #expect(try store.recording(doomed) == nil)
    #expect(try store.commandLog(doomed).isEmpty)
    #expect(try store.recordings().map(\.id) == [kept])
    #expect(try store.commandLog(kept).map(\.argv) == [["DBSIZE"]])
    #expect(try store.deleteRecording(doomed) == false)
    #expect(try store.deleteRecording(12_345) == false)

    // No orphan rows are left behind, whatever the store's own queries filter.
    let queue = try DatabaseQueue(path: scratch.path)
    defer { try? queue.close() }
    let rows = try queue.read { db in
      try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM command_log WHERE recording_id = ?", arguments: [doomed])
    }
    #expect(rows == 0)
    #expect(try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
    #expect(try store.integrityCheck())
  }

  @Test func theDatabaseItselfRefusesBadLogRows() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let id = try start(scratch.store, at: 100)
    try scratch.store.logCommands([command(1)], recording: id)
    let queue = try DatabaseQueue(path: scratch.path)
    defer { try? queue.close() }
    for (recording, seq, duration) in [(id, 2, -0.5), (id, 1, 0.0), (id + 1, 1, 0.0)] {
      #expect(throws: DatabaseError.self, "\(recording) \(seq) \(duration)") {
        try queue.write { db in
          try db.execute(
            sql: """
              INSERT INTO command_log (
                recording_id, seq, argv, reply, is_error, db, at, duration)
              VALUES (?, ?, '["PING"]', 'PONG', 0, 0, 10, ?)
              """,
            arguments: [recording, seq, duration])
        }
      }
    }
    #expect(try scratch.store.commandLog(id).count == 1)
  }

  @Test func pruningPicksTheOldestAndNeverTheCurrentRecording() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    #expect(try store.recordingsBeyond(keep: 3, excluding: nil).isEmpty)
    let ids = try [500.0, 100, 400, 200, 300].map { try start(store, at: $0) }
    let (at500, at100, at400, at200, at300) = (ids[0], ids[1], ids[2], ids[3], ids[4])

    #expect(try store.recordingsBeyond(keep: 5, excluding: nil).isEmpty)
    #expect(try store.recordingsBeyond(keep: 9, excluding: at100).isEmpty)
    #expect(try store.recordingsBeyond(keep: 3, excluding: nil).map(\.id) == [at100, at200])
    #expect(try store.recordingsBeyond(keep: 3, excluding: at500).map(\.id) == [at100, at200])
    // The current recording is the oldest one: the next oldest go instead.
    #expect(try store.recordingsBeyond(keep: 3, excluding: at100).map(\.id) == [at200, at300])
    #expect(
      try store.recordingsBeyond(keep: 2, excluding: at300).map(\.id) == [at100, at200, at400])
    // With room for one, the current recording is the one that remains.
    #expect(
      try store.recordingsBeyond(keep: 1, excluding: at300).map(\.id)
        == [at100, at200, at400, at500])
    #expect(
      try store.recordingsBeyond(keep: 0, excluding: at400).map(\.id)
        == [at100, at200, at300, at500])
    #expect(
      try store.recordingsBeyond(keep: 0, excluding: nil).map(\.id)
        == [at100, at200, at300, at400, at500])
    // An id that is not a recording excludes nothing.
    #expect(try store.recordingsBeyond(keep: 4, excluding: 999).map(\.id) == [at100])
    #expect(throws: ProgressError.invalidValue("the recordings to keep must be 0 or more, got -1"))
    {
      try store.recordingsBeyond(keep: -1, excluding: nil)
    }

    // The caller deletes what was picked; then nothing is beyond the limit.
    for recording in try store.recordingsBeyond(keep: 2, excluding: at100) {
      #expect(try store.deleteRecording(recording.id))
    }
    #expect(try store.recordings().map(\.id) == [at500, at100])
    #expect(try store.recordingsBeyond(keep: 2, excluding: at100).isEmpty)
    #expect(try store.recordingsBeyond(keep: 1, excluding: at100).map(\.id) == [at500])
  }

  @Test func anInvalidBatchIsRejectedAndWritesNothing() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    let id = try start(store, at: 100)
    try store.logCommands([command(1)], recording: id)

    let invalid: [(String, [LoggedCommandRecord], Int64)] = [
      ("empty argv", [command(2), command(3, [])], id),
      ("negative duration", [command(2), command(3, duration: -0.001)], id),
      ("NaN duration", [command(2, duration: .nan)], id),
      ("infinite duration", [command(2), command(3, duration: .infinity)], id),
      ("seq already logged", [command(2), command(1)], id),
      ("seq twice in the batch", [command(2), command(3), command(2)], id),
      ("no such recording", [command(2)], id + 1),
    ]
    for (name, batch, recording) in invalid {
      let error = #expect(throws: ProgressError.self, "\(name)") {
        try store.logCommands(batch, recording: recording)
      }
      #expect(error.map(isInvalidValue) == true, "\(name): \(String(describing: error))")
    }
    #expect(try store.commandLog(id) == [command(1)])
    #expect(try store.recording(id)?.commands == 1)
    #expect(try store.recording(id + 1) == nil)

    #expect(throws: ProgressError.invalidValue("logged command 7 has no words")) {
      try store.logCommands([command(7, [])], recording: id)
    }
    #expect(
      throws: ProgressError.invalidValue("logged command 8 must take 0 seconds or more, got -2.0")
    ) {
      try store.logCommands([command(8, duration: -2)], recording: id)
    }
    #expect(throws: ProgressError.invalidValue("recording \(id) already logged a command 1")) {
      try store.logCommands([command(1)], recording: id)
    }
    #expect(throws: ProgressError.invalidValue("there is no recording \(id + 1)")) {
      try store.logCommands([command(1)], recording: id + 1)
    }
  }

  @Test func aKilledTutorsRecordingListsWithoutAnEndButWithItsLastCommand() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let id: Int64
    do {
      // The tutor starts recording, logs two batches and is killed before finishing.
      let tutor = try scratch.reopen()
      id = try start(tutor, at: 1_000, title: "killed", day: 3)
      try tutor.logCommands([command(1, at: 1_010), command(2, at: 1_020)], recording: id)
      try tutor.logCommands([command(3, at: 1_045)], recording: id)
    }
    let next = try scratch.reopen()
    let killed = try #require(try next.recordings().first)
    #expect(killed.id == id)
    #expect(killed.title == "killed")
    #expect(killed.day == 3)
    #expect(killed.endedAt == nil)
    #expect(killed.bytes == 0)
    #expect(killed.stoppedReason == nil)
    #expect(killed.commands == 3)
    #expect(killed.lastCommandAt == 1_045)
    #expect(try next.commandLog(id).map(\.seq) == [1, 2, 3])
  }

  @Test func recordingsAreKeptByAResetOfTheLessonsAndTheQuiz() throws {
    let scratch = try ScratchStore(prefix: "progress-recordings")
    let store = scratch.store
    let id = try start(store, at: 100)
    try store.logCommands([command(1)], recording: id)
    try store.resetAll()
    try store.resetQuiz()
    #expect(try store.recordings().map(\.id) == [id])
    #expect(try store.commandLog(id) == [command(1)])
  }

  @Test func recordingsSurviveClosingAndReopening() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-recordings-reopen")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("progress.sqlite").path
    let logged = [
      command(1, ["HSET", "user:1", "name", "Zoë \"Z\" O'Neil"], reply: "(integer) 1"),
      command(2, ["HGETALL", "user:1"], reply: "1) \"name\"\n2) \"Zo\\xc3\\xab\"", database: 15),
    ]
    let saved: RecordingInfo
    do {
      let store = try ProgressStore(path: path)
      let id = try start(store, at: 50, title: "reopen", day: nil)
      try store.logCommands(logged, recording: id)
      try store.finishRecording(id, endedAt: 90, bytes: 1_234, stoppedReason: "disk full")
      saved = try #require(try store.recording(id))
    }
    let reopened = try ProgressStore(path: path)
    #expect(try reopened.recordings() == [saved])
    #expect(try reopened.commandLog(saved.id) == logged)
    #expect(saved.endedAt == 90)
    #expect(saved.commands == 2)
    #expect(try reopened.integrityCheck())
  }

  @Test func aVersion3DatabaseUpgradesAndKeepsItsData() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-recordings-upgrade")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("progress.sqlite").path
    do {
      let queue = try DatabaseQueue(path: path)
      try ProgressSchema.migrator.migrate(queue, upTo: "v3")
      try queue.write { db in
        try db.execute(
          sql: """
            INSERT INTO step_progress (day, step, status, attempts, passed_at, updated_at)
            VALUES (3, 'zadd', 'passed', 2, 40, 45);
            INSERT INTO setting (key, value) VALUES ('plan', '2h');
            INSERT INTO quiz_card (card_id, day, memory, due, introduced_at, introduced_day)
            VALUES ('1/a', 1, '{}', 500, 100, '2026-12-01');
            """)
      }
      #expect(
        try queue.read { db in try ProgressSchema.migrator.appliedMigrations(db) }
          == ["v1", "v2", "v3"])
      #expect(try queue.read { db in try db.tableExists("recording") } == false)
      #expect(try queue.read { db in try db.tableExists("command_log") } == false)
      try queue.close()
    }

    let store = try ProgressStore(path: path)
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
    #expect(
      try store.steps(day: 3)["zadd"] == StepProgress(status: .passed, attempts: 2, passedAt: 40))
    #expect(try store.setting("plan") == "2h")
    #expect(try store.quizCard("1/a")?.due == 500)
    #expect(try store.recordings().isEmpty)
    let id = try start(store, at: 10)
    try store.logCommands([command(1)], recording: id)
    #expect(try ProgressStore(path: path).commandLog(id) == [command(1)])
    #expect(try store.integrityCheck())
  }
}
