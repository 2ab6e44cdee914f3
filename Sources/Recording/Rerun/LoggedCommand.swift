import RedisCLIFormat
import RedisClient

/// One command of a recorded session, as the log keeps it.
public struct LoggedCommand: Sendable, Equatable {
  /// The command's position in the session, from 1.
  public var seq: Int
  /// The arguments, already redacted: secrets appear as `(redacted)`.
  public var argv: [String]
  /// The reply as redis-cli printed it in terminal mode, with its trailing newline
  /// (see `replyText(_:to:)`).
  public var reply: String
  /// Whether the reply was an error reply.
  public var isError: Bool
  /// The database selected when the command was sent.
  public var database: Int
  /// When the command was sent, in seconds.
  public var at: Double
  /// How long the server took to reply, in seconds.
  public var duration: Double
  /// The lesson day the learner was on, if any.
  public var day: Int?
  /// The lesson step the learner was on, if any.
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

  /// The text the log keeps for `reply` to `argv`: exactly what redis-cli prints on a
  /// terminal, including the replies it always prints raw (INFO, CLIENT LIST …).
  public static func replyText(_ reply: Reply, to argv: [String]) -> String {
    let mode = ReplyFormatter.mode(for: argv.map { Array($0.utf8) }, default: .terminal)
    return String(decoding: ReplyFormatter.format(reply, mode: mode), as: UTF8.self)
  }

  /// The command as a learner would type it: arguments quoted the way redis-cli prints
  /// strings where they hold blanks, quotes or unprintable bytes, or are empty.
  public var commandLine: String {
    argv.map(Self.quotedIfNeeded).joined(separator: " ")
  }

  /// The upper-cased command name.
  public var name: String { argv.first?.uppercased() ?? "" }

  /// Whether a secret was replaced in the log, so the command cannot be sent again.
  public var isRedacted: Bool { argv.contains(Self.redactionMark) }

  /// What the log writes in place of a secret argument.
  public static let redactionMark = "(redacted)"
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
