import Progress
import RedisCLIFormat
import RedisClient

/// One command of a recorded session, as the progress database's command log keeps it.
public typealias LoggedCommand = LoggedCommandRecord

extension LoggedCommandRecord {
  /// The text the log keeps for `reply` to `argv`: exactly what redis-cli prints on a
  /// terminal, including the replies it always prints raw (INFO, CLIENT LIST …).
  public static func replyText(_ reply: Reply, to argv: [String]) -> String {
    let mode = ReplyFormatter.mode(for: argv.map { Array($0.utf8) }, default: .terminal)
    return String(decoding: ReplyFormatter.format(reply, mode: mode), as: UTF8.self)
  }

  /// The command as a learner would type it: arguments quoted the way redis-cli prints
  /// strings where they hold blanks, quotes or unprintable bytes, or are empty.
  public var commandLine: String { Self.commandLine(argv) }

  /// `argv` as a learner would type it (see `commandLine`).
  public static func commandLine(_ argv: [String]) -> String {
    argv.map(quotedIfNeeded).joined(separator: " ")
  }

  /// The upper-cased command name.
  public var name: String { argv.first?.uppercased() ?? "" }

  /// Whether a secret was replaced in the log, so the command cannot be sent again.
  public var isRedacted: Bool { argv.contains(Self.redactionMark) }

  /// What the log writes in place of a secret argument.
  public static let redactionMark = SensitiveCommand.redactionMark
  /// What the log keeps instead of a reply that could show a secret (CONFIG GET requirepass).
  public static let hiddenReply = "(reply hidden in the recording)\n"

  private static func quotedIfNeeded(_ argument: String) -> String {
    let bytes = Array(argument.utf8)
    let plain =
      !bytes.isEmpty
      && bytes.allSatisfy {
        (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'")
          && $0 != UInt8(ascii: "\\")
      }
    return plain ? argument : String(decoding: Tokenizer.quote(bytes), as: UTF8.self)
  }
}
