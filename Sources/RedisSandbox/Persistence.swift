/// How a sandbox server keeps its data, mapped to redis-server's own settings.
public enum Persistence: Sendable, Hashable, CustomStringConvertible {
  /// Nothing is written: a restart starts empty.
  case none
  /// RDB snapshots every `seconds` when at least `changes` keys changed, and on shutdown.
  case rdb(seconds: Int, changes: Int)
  /// An append-only file with the given fsync policy (RDB snapshots off).
  case aof(AppendFsync)

  /// The default for the learner's sandbox: a snapshot every minute after a change and on exit,
  /// so yesterday's keys are still there today.
  public static let snapshot = Persistence.rdb(seconds: 60, changes: 1)

  /// When the append-only file is flushed to disk.
  public enum AppendFsync: String, Sendable, Hashable {
    case always, everysec, no
  }

  /// redis-server command-line arguments for this mode.
  public var serverArguments: [String] {
    switch self {
    case .none: return ["--save", "", "--appendonly", "no"]
    case .rdb(let seconds, let changes):
      return ["--save", "\(seconds) \(changes)", "--appendonly", "no"]
    case .aof(let fsync):
      return ["--save", "", "--appendonly", "yes", "--appendfsync", fsync.rawValue]
    }
  }

  public var description: String {
    switch self {
    case .none: return "none"
    case .rdb(let seconds, let changes): return "RDB (save \(seconds) \(changes), and on exit)"
    case .aof(let fsync): return "AOF (appendfsync \(fsync.rawValue))"
    }
  }
}

extension Persistence {
  /// Whether the mode keeps an append-only file.
  public var usesAppendOnlyFile: Bool {
    if case .aof = self { return true }
    return false
  }

  /// What a server starting in this mode loads from its files, to end a sentence such as
  /// "restarted it on port 6400 …": a crash in AOF mode replays the append-only file, not a
  /// snapshot.
  public var whatAStartLoads: String {
    switch self {
    case .none: return "empty: persistence none keeps nothing on disk"
    case .rdb: return "from its last RDB snapshot (dump.rdb)"
    case .aof(let fsync):
      return "by replaying its append-only file (appendonlydir, appendfsync \(fsync.rawValue))"
    }
  }

  /// The names the persistence lab and `:sandbox restart` use for each mode.
  public static let labNames = ["none", "rdb", "aof-always", "aof-everysec", "aof-no"]

  /// The mode's lab name (`rdb` for any snapshot schedule).
  public var labName: String {
    switch self {
    case .none: return "none"
    case .rdb: return "rdb"
    case .aof(let fsync): return "aof-\(fsync.rawValue)"
    }
  }

  /// Reads a lab name: `none`, `rdb`, `aof-always`, `aof-everysec` or `aof-no`.
  public init?(labName: String) {
    switch labName.lowercased() {
    case "none": self = .none
    case "rdb": self = .snapshot
    case "aof-always": self = .aof(.always)
    case "aof-everysec", "aof": self = .aof(.everysec)
    case "aof-no": self = .aof(.no)
    default: return nil
    }
  }
}
