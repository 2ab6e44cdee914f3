/// What the shell must know about a command before sending it: whether it streams, blocks,
/// or needs confirmation on a server the learner named.
public enum CommandPolicy {
  /// Commands after which the server pushes messages until the client leaves.
  static let streaming: Set<String> = ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR"]

  /// Commands that can wait on the server for a long time.
  static let blocking: Set<String> = [
    "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP",
    "XREAD", "XREADGROUP", "WAIT", "WAITAOF",
  ]

  /// Whether the command switches the connection into push mode.
  public static func isStreaming(_ argv: [[UInt8]]) -> Bool { streaming.contains(name(argv)) }

  /// Whether the command may block on the server.
  public static func mayBlock(_ argv: [[UInt8]]) -> Bool { blocking.contains(name(argv)) }

  /// Why the command needs the learner's confirmation on a server that is not the sandbox,
  /// or nil when it is harmless.
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

  /// The upper-cased command name.
  static func name(_ argv: [[UInt8]]) -> String {
    argv.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
  }
}
