import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#endif

/// The learner's progress, kept in one SQLite database file.
///
/// The file is opened as a GRDB `DatabasePool` in WAL mode with `synchronous = NORMAL`: every
/// committed transaction is in the write-ahead log before the call returns, so it survives the
/// tutor being killed (only an operating-system crash or power loss may drop the last
/// commits). A busy timeout lets two tutors on the same file wait for each other instead of
/// failing. The store never reads the clock: callers pass timestamps (seconds since the epoch)
/// and calendar days ("YYYY-MM-DD").
public final class ProgressStore: Sendable {
  /// How long a write waits for another process's write lock before giving up.
  public static let busyTimeout: TimeInterval = 5

  /// The database file.
  public let path: String
  private let pool: DatabasePool

  /// Opens the database at `path`, creating it (and its parent directories, mode 0700) when
  /// missing, and brings its schema up to date.
  ///
  /// Throws `ProgressError.notADatabase` for a file that is not SQLite, and
  /// `ProgressError.newerVersion` for a database a newer tutor has migrated.
  public init(path: String) throws {
    self.path = path
    try Self.createParentDirectories(of: path)
    var configuration = Configuration()
    configuration.busyMode = .timeout(Self.busyTimeout)
    // GRDB's default, stated because the command log relies on it: deleting a recording
    // deletes its log through ON DELETE CASCADE.
    configuration.foreignKeysEnabled = true
    configuration.label = "redis-tutor.progress"
    do {
      pool = try Self.openPool(path: path, configuration: configuration)
    } catch {
      throw ProgressError.wrapping(error, path: path)
    }
    try migrate()
  }

  /// Whether SQLite's `PRAGMA integrity_check` finds the database sound.
  public func integrityCheck() throws -> Bool {
    try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"]
  }

  /// The migrations applied to this database, in order ("v1", …).
  public func appliedMigrations() throws -> [String] {
    try read { db in try ProgressSchema.migrator.appliedMigrations(db) }
  }

  // MARK: - Access shared by the extensions

  /// Runs `body` in one write transaction (BEGIN IMMEDIATE, so the busy timeout applies before
  /// anything is read), translating failures into `ProgressError`.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try pool.write(body)
    } catch {
      throw ProgressError.wrapping(error, path: path)
    }
  }

  /// Runs `body` in one read transaction, translating failures into `ProgressError`.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try pool.read(body)
    } catch {
      throw ProgressError.wrapping(error, path: path)
    }
  }

  // MARK: - Opening

  private func migrate() throws {
    let migrator = ProgressSchema.migrator
    let unknown = try read { db in
      try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
    }
    if !unknown.isEmpty {
      throw ProgressError.newerVersion(path: path, unknownMigrations: unknown.sorted())
    }
    // Two tutors opening a fresh file at the same moment can both find v1 pending; the one
    // that loses the write lock then fails creating tables the other just committed. Running
    // the migrator again sees them applied and does nothing.
    var failures = 0
    while true {
      do {
        try migrator.migrate(pool)
        return
      } catch {
        failures += 1
        if failures == 3 { throw ProgressError.wrapping(error, path: path) }
      }
    }
  }

  /// Opens the pool, waiting out another tutor that is switching the same fresh file to WAL.
  private static func openPool(path: String, configuration: Configuration) throws
    -> DatabasePool
  {
    // SQLite answers `PRAGMA journal_mode = WAL` with SQLITE_BUSY at once, without calling
    // the busy handler, while another connection holds a lock on a file still in rollback
    // mode. Only the first open of a new file can meet that; retry for about the busy timeout.
    let pause: useconds_t = 20_000
    let retries = Int(busyTimeout * 1_000_000) / Int(pause)
    for _ in 0..<retries {
      do {
        return try DatabasePool(path: path, configuration: configuration)
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
        usleep(pause)
      }
    }
    return try DatabasePool(path: path, configuration: configuration)
  }

  /// Creates the missing directories above `path`, each readable only by the learner.
  private static func createParentDirectories(of path: String) throws {
    let parent = (path as NSString).deletingLastPathComponent
    guard !parent.isEmpty else { return }
    var prefix = parent.hasPrefix("/") ? "" : "."
    for component in parent.split(separator: "/") {
      prefix += "/" + component
      guard mkdir(prefix, 0o700) != 0 else { continue }
      let reason = String(cString: strerror(errno))
      var status = stat()
      guard errno == EEXIST, stat(prefix, &status) == 0 else {
        throw ProgressError.cannotOpen(
          path: path, reason: "cannot create directory \(prefix): \(reason)")
      }
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw ProgressError.cannotOpen(path: path, reason: "\(prefix) is not a directory")
      }
    }
  }
}
