/// What the tutor knows about commands beyond their syntax, in one place: which stream, which
/// block (and where their timeout is), which need confirmation on a server the learner named,
/// and which read-only-in-effect commands a lesson check may run although the server does
/// not flag them `readonly`.
///
/// The server's own `COMMAND INFO` flags decide what they can (a check asks the live server
/// whether a command is `readonly`); these tables hold only what the flags do not say.
/// Commands that carry secrets are `SensitiveCommand`'s, beside this one.
public enum CommandCatalogue {
  /// Commands after which the server pushes messages until the client leaves.
  public static let streaming: Set<String> = ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR"]

  /// Where a blocking command keeps its timeout, and in what unit.
  public enum BlockingTimeout: Sendable, Equatable {
    /// The last argument, in seconds (BLPOP … 5).
    case lastSeconds
    /// The argument at this position (the name is 0), in seconds (BLMPOP 5 …).
    case secondsAt(Int)
    /// The argument at this position, in milliseconds (WAIT 1 500).
    case millisecondsAt(Int)
    /// The argument after this word, in milliseconds (XREAD BLOCK 500 …).
    case millisecondsAfter(String)
  }

  /// The commands that can wait on the server (flagged `blocking` in COMMAND INFO), and
  /// where each keeps its timeout.
  public static let blocking: [String: BlockingTimeout] = [
    "BLPOP": .lastSeconds, "BRPOP": .lastSeconds, "BRPOPLPUSH": .lastSeconds,
    "BLMOVE": .lastSeconds, "BZPOPMIN": .lastSeconds, "BZPOPMAX": .lastSeconds,
    "BLMPOP": .secondsAt(1), "BZMPOP": .secondsAt(1),
    "XREAD": .millisecondsAfter("BLOCK"), "XREADGROUP": .millisecondsAfter("BLOCK"),
    "WAIT": .millisecondsAt(2), "WAITAOF": .millisecondsAt(3),
  ]

  /// Introspection commands that change nothing but are not flagged `readonly`, so a lesson
  /// check may run them (names in COMMAND INFO's form: `config|get`).
  public static let readOnlyByNature: Set<String> = [
    "info", "config|get", "ping", "time", "dbsize", "echo",
  ]

  /// Why the command needs the learner's confirmation on a server that is not the sandbox,
  /// or nil when it is harmless. (`@dangerous` in the ACL categories is far wider: it would
  /// ask before every INFO.)
  public static func danger(_ argv: [[UInt8]]) -> String? {
    switch name(argv) {
    case "FLUSHALL": return "FLUSHALL deletes every key in every database"
    case "FLUSHDB": return "FLUSHDB deletes every key in the current database"
    case "SHUTDOWN": return "SHUTDOWN stops the server"
    case "DEBUG": return "DEBUG can crash, block or corrupt the server"
    case "KEYS": return "KEYS walks every key and blocks the server while it runs (SCAN does not)"
    case "CONFIG":
      if argv.count > 1, String(decoding: argv[1], as: UTF8.self).uppercased() == "SET" {
        return "CONFIG SET changes the server's configuration"
      }
      return nil
    default: return nil
    }
  }

  /// Whether the command switches the connection into push mode.
  public static func isStreaming(_ argv: [[UInt8]]) -> Bool { streaming.contains(name(argv)) }

  /// The upper-cased command name.
  public static func name(_ argv: [[UInt8]]) -> String {
    argv.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
  }
}
