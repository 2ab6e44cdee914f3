import RedisClient

/// A reply read back from terminal text, and its kind for shape-only comparisons.
struct ReplyShape {
  /// The kinds a shape-only comparison tells apart; status and bulk strings are both text,
  /// as are replies redis-cli prints raw (INFO), which are not terminal-format text.
  enum Kind: Equatable { case text, integer, null, error, array }

  var reply: Reply?
  var kind: Kind

  static func parse(_ text: String) -> ReplyShape {
    let reply = TerminalReplyParser.parse(text)
    let kind: Kind
    switch reply {
    case .integer?: kind = .integer
    case .null?: kind = .null
    case .error?: kind = .error
    case .array?: kind = .array
    case .bulk?, .status?, nil: kind = .text
    }
    return ReplyShape(reply: reply, kind: kind)
  }
}
