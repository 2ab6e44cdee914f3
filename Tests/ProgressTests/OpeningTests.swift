import Foundation
import GRDB
import Progress
import Testing
import TutorTestSupport

@Suite struct OpeningTests {
  @Test func createsMissingParentDirectoriesReadableOnlyByTheLearner() throws {
    let scratch = try ScratchStore()
    for directory in ["data", "data/redis-tutor"] {
      let path = scratch.directory.appendingPathComponent(directory).path
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.posixPermissions] as? Int) == 0o700, "\(directory)")
    }
  }

  @Test func reopeningKeepsDataAndRunsNoMigrationTwice() throws {
    let scratch = try ScratchStore()
    try scratch.store.recordAttempt(day: 1, step: "a", passed: true, at: 1)
    for _ in 0..<3 {
      let again = try scratch.reopen()
      #expect(try again.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
      #expect(try again.steps(day: 1)["a"]?.attempts == 1)
      #expect(try again.integrityCheck())
    }
  }

  @Test func usesWriteAheadLogging() throws {
    let scratch = try ScratchStore()
    let queue = try DatabaseQueue(path: scratch.path)
    #expect(try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
  }

  @Test func refusesADatabaseFromANewerTutor() throws {
    let scratch = try ScratchStore()
    try scratch.store.setSetting("plan", "4h")
    let queue = try DatabaseQueue(path: scratch.path)
    try queue.write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-streak-freeze')")
    }
    try queue.close()
    #expect(
      throws: ProgressError.newerVersion(
        path: scratch.path, unknownMigrations: ["v9-streak-freeze"])
    ) {
      try scratch.reopen()
    }
    let error = ProgressError.newerVersion(path: "/p", unknownMigrations: ["v9"])
    #expect(
      error.description
        == "/p was written by a newer redis-tutor (it has v9, which this version does not know); "
        + "upgrade redis-tutor, or move the file aside: mv /p /p.newer")
  }

  @Test(arguments: ["short text", "8 KiB of noise"])
  func reportsAFileThatIsNotSQLite(kind: String) throws {
    let contents =
      kind == "short text"
      ? Array("this is a text file, not a database\n".utf8)
      : (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
    let directory = try TemporaryDirectory.make(prefix: "progress-garbage")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("progress.sqlite").path
    try Data(contents).write(to: URL(fileURLWithPath: path))
    #expect(throws: ProgressError.notADatabase(path: path)) { try ProgressStore(path: path) }
    #expect(
      ProgressError.notADatabase(path: "/d/progress.sqlite").description
        == "/d/progress.sqlite is not a progress database (not SQLite); move it aside and the "
        + "tutor starts fresh: mv /d/progress.sqlite /d/progress.sqlite.broken")
  }

  @Test func reportsADirectoryThatCannotBeCreated() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-blocked")
    defer { try? FileManager.default.removeItem(at: directory) }
    let blocker = directory.appendingPathComponent("data")
    try Data("a file where a directory should be".utf8).write(to: blocker)
    let path = blocker.appendingPathComponent("progress.sqlite").path
    #expect {
      try ProgressStore(path: path)
    } throws: { error in
      guard case .cannotOpen(let reportedPath, let reason)? = error as? ProgressError else {
        return false
      }
      return reportedPath == path && reason.contains(blocker.path)
    }
  }

  @Test func manyTutorsOpeningAFreshFileAtOnceAllSucceed() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-open-race")
    defer { try? FileManager.default.removeItem(at: directory) }
    for round in 0..<20 {
      let path = directory.appendingPathComponent("round\(round)/progress.sqlite").path
      let failures = runOnThreads(count: 4) { _ in
        let store = try ProgressStore(path: path)
        try store.addBlockTime(day: 1, block: "concepts", seconds: 1)
      }
      #expect(failures.isEmpty, "round \(round): \(failures)")
      #expect(try ProgressStore(path: path).blockTimes(day: 1) == ["concepts": 4])
    }
  }

  @Test func twoStoresOnOneFileWritingAtOnceLoseNothing() throws {
    let scratch = try ScratchStore()
    let stores = [scratch.store, try scratch.reopen()]
    let writesPerThread = 150
    let failures = runOnThreads(count: 2) { index in
      let store = stores[index]
      for write in 0..<writesPerThread {
        let time = Double(write)
        try store.recordAttempt(day: 1, step: "shared", passed: false, at: time)
        try store.recordAttempt(day: 1, step: "own-\(index)", passed: write == 0, at: time)
        try store.addBlockTime(day: 1, block: "concepts", seconds: 1)
        try store.recordHint(day: 1, step: "shared", level: write % 4, at: time)
      }
    }
    #expect(failures.isEmpty, "\(failures)")
    let steps = try scratch.reopen().steps(day: 1)
    #expect(steps["shared"]?.attempts == 2 * writesPerThread)
    #expect(steps["shared"]?.hintsUsed == 3)
    #expect(steps["own-0"] == StepProgress(status: .passed, attempts: writesPerThread, passedAt: 0))
    #expect(steps["own-1"] == StepProgress(status: .passed, attempts: writesPerThread, passedAt: 0))
    #expect(try scratch.store.blockTimes(day: 1) == ["concepts": Double(2 * writesPerThread)])
    #expect(try scratch.store.integrityCheck())
  }
}

/// Runs `body` on `count` threads started together; returns the errors they threw.
func runOnThreads(count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
  let failures = FailureLog()
  let start = DispatchSemaphore(value: 0)
  let done = DispatchSemaphore(value: 0)
  for index in 0..<count {
    let thread = Thread {
      start.wait()
      do { try body(index) } catch { failures.append("thread \(index): \(error)") }
      done.signal()
    }
    thread.start()
  }
  for _ in 0..<count { start.signal() }
  for _ in 0..<count { done.wait() }
  return failures.messages
}

/// Error messages collected from several threads.
private final class FailureLog: @unchecked Sendable {
  private let lock = NSLock()
  private var collected: [String] = []

  func append(_ message: String) { lock.withLock { collected.append(message) } }

  var messages: [String] { lock.withLock { collected } }
}
