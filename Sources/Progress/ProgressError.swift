import GRDB

/// Why the progress database could not be opened, read or written, with what to do next.
///
/// Every case prints as one line a learner can act on; the raw SQLite message is kept only
/// where no better advice exists.
public enum ProgressError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file exists but is not an SQLite database.
  case notADatabase(path: String)
  /// SQLite found the file damaged.
  case corrupt(path: String)
  /// The file was migrated by a newer tutor; this one does not know those migrations.
  case newerVersion(path: String, unknownMigrations: [String])
  /// Another process held the write lock for longer than the busy timeout.
  case busy(path: String)
  /// The file or its directory cannot be written.
  case readOnly(path: String)
  /// The disk is full.
  case diskFull(path: String)
  /// The file or its directory cannot be opened or created.
  case cannotOpen(path: String, reason: String)
  /// A value passed in by the caller is out of range (a bad date, a rating of 7, …).
  case invalidValue(String)
  /// Any other SQLite failure.
  case database(path: String, message: String)

  public var description: String {
    switch self {
    case .notADatabase(let path):
      return "\(path) is not a progress database (not SQLite); move it aside and the tutor "
        + "starts fresh: mv \(path) \(path).broken"
    case .corrupt(let path):
      return "\(path) is damaged; move it aside and the tutor starts fresh: "
        + "mv \(path) \(path).broken"
    case .newerVersion(let path, let unknownMigrations):
      return "\(path) was written by a newer redis-tutor (it has "
        + "\(unknownMigrations.joined(separator: ", ")), which this version does not know); "
        + "upgrade redis-tutor, or move the file aside: mv \(path) \(path).newer"
    case .busy(let path):
      return "\(path) is locked by another redis-tutor for too long; "
        + "quit the other tutor or wait for it, then try again"
    case .readOnly(let path):
      return "cannot write \(path): check the permissions of the file and its directory"
    case .diskFull(let path):
      return "cannot write \(path): the disk is full; free some space and try again"
    case .cannotOpen(let path, let reason):
      return "cannot open \(path) (\(reason)): check that its directory exists and is writable"
    case .invalidValue(let message):
      return message
    case .database(let path, let message):
      return "progress database \(path): \(message)"
    }
  }

  /// Translates an error thrown by GRDB (or anything else) into the case a learner can act on.
  static func wrapping(_ error: any Error, path: String) -> ProgressError {
    if let progressError = error as? ProgressError { return progressError }
    guard let databaseError = error as? DatabaseError else {
      return .database(path: path, message: String(describing: error))
    }
    switch databaseError.resultCode {
    case .SQLITE_NOTADB: return .notADatabase(path: path)
    case .SQLITE_CORRUPT: return .corrupt(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
    case .SQLITE_READONLY: return .readOnly(path: path)
    case .SQLITE_FULL: return .diskFull(path: path)
    case .SQLITE_CANTOPEN:
      return .cannotOpen(path: path, reason: databaseError.message ?? "unable to open")
    default:
      return .database(path: path, message: databaseError.message ?? "\(databaseError)")
    }
  }
}
