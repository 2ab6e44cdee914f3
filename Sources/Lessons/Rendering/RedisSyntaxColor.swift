import TerminalUI

/// Colours one redis-cli command line for the terminal.
///
/// The command name (and the subcommand of a container command such as `CONFIG GET`) is bold
/// yellow, complete quoted strings are green, numbers magenta; a line starting with `#` is a
/// dim comment and one starting with `:` (a tutor meta-command) is cyan. Only escape
/// sequences are added: removing them gives back the line exactly, whatever it holds.
public enum RedisSyntaxColor {
  /// `line` with escape sequences that colour its parts.
  public static func colorize(_ line: String) -> String {
    let content = line.drop { $0 == " " || $0 == "\t" }
    let indentation = String(line[..<content.startIndex])
    if content.hasPrefix("#") { return indentation + TextStyle.dim.apply(to: String(content)) }
    if content.hasPrefix(":") {
      return indentation + TextStyle.colored(.cyan).apply(to: String(content))
    }
    var runs: [StyledRun] = []
    var wordIndex = 0
    var commandName = ""
    for piece in pieces(of: line) {
      guard !piece.isWhitespace else {
        runs.append(StyledRun(piece.text))
        continue
      }
      runs.append(StyledRun(piece.text, style(of: piece, at: wordIndex, after: commandName)))
      if wordIndex == 0 { commandName = piece.text.uppercased() }
      wordIndex += 1
    }
    return StyledRun.render(runs, color: true)
  }

  private static let commandStyle = TextStyle.bold.adding(.colored(.yellow))
  private static let stringStyle = TextStyle.colored(.green)
  private static let numberStyle = TextStyle.colored(.magenta)

  private static func style(of piece: Piece, at wordIndex: Int, after commandName: String)
    -> TextStyle
  {
    if wordIndex == 0 { return commandStyle }
    if wordIndex == 1, !piece.isQuoted,
      subcommands[commandName]?.contains(piece.text.uppercased()) == true
    {
      return commandStyle
    }
    if piece.isQuoted { return stringStyle }
    if isNumber(piece.text) { return numberStyle }
    return .plain
  }

  /// A run of whitespace or one argument, with its quotes as typed.
  private struct Piece {
    var text: String
    var isWhitespace: Bool
    /// True when the whole argument is one quoted string with its closing quote.
    var isQuoted: Bool
  }

  /// Splits `line` into whitespace and arguments, keeping every character.
  ///
  /// Quotes follow redis-cli: inside `"…"` and `'…'` whitespace does not end the argument and
  /// a backslash escapes the next character. An unbalanced quote runs to the end of the line.
  private static func pieces(of line: String) -> [Piece] {
    let characters = Array(line)
    var pieces: [Piece] = []
    var index = 0
    while index < characters.count {
      let start = index
      if characters[index].isWhitespace {
        while index < characters.count && characters[index].isWhitespace { index += 1 }
        pieces.append(
          Piece(text: String(characters[start..<index]), isWhitespace: true, isQuoted: false))
        continue
      }
      var quotedStrings = 0
      var endOfLastQuotedString: Int?
      while index < characters.count && !characters[index].isWhitespace {
        let character = characters[index]
        if character == "\"" || character == "'" {
          quotedStrings += 1
          let closed = skipQuotedString(in: characters, from: &index, quote: character)
          endOfLastQuotedString = closed ? index : nil
        } else {
          index += 1
        }
      }
      let isQuoted =
        quotedStrings == 1 && (characters[start] == "\"" || characters[start] == "'")
        && endOfLastQuotedString == index
      pieces.append(
        Piece(text: String(characters[start..<index]), isWhitespace: false, isQuoted: isQuoted))
    }
    return pieces
  }

  /// Moves `index` past the quoted string that starts there; false when it never closes.
  private static func skipQuotedString(
    in characters: [Character], from index: inout Int, quote: Character
  ) -> Bool {
    index += 1
    while index < characters.count {
      if characters[index] == "\\" && index + 1 < characters.count {
        index += 2
      } else if characters[index] == quote {
        index += 1
        return true
      } else {
        index += 1
      }
    }
    return false
  }

  /// Integers and decimals as Redis reads them, plus `inf`, `+inf` and `-inf`.
  private static func isNumber(_ text: String) -> Bool {
    var body = Substring(text)
    if body.first == "-" || body.first == "+" { body = body.dropFirst() }
    if body.lowercased() == "inf" { return true }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, !whole.isEmpty || parts.count == 2 else { return false }
    let fraction = parts.count == 2 ? parts[1] : ""
    guard !(whole.isEmpty && fraction.isEmpty) else { return false }
    return (whole + fraction).allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// Container commands and the subcommands that are coloured as part of the command name.
  private static let subcommands: [String: Set<String>] = [
    "ACL": [
      "CAT", "DELUSER", "DRYRUN", "GENPASS", "GETUSER", "LIST", "LOAD", "LOG", "SAVE",
      "SETUSER", "USERS", "WHOAMI", "HELP",
    ],
    "CLIENT": [
      "CACHING", "GETNAME", "GETREDIR", "ID", "INFO", "KILL", "LIST", "NO-EVICT", "NO-TOUCH",
      "PAUSE", "REPLY", "SETINFO", "SETNAME", "TRACKING", "TRACKINGINFO", "UNBLOCK", "UNPAUSE",
      "HELP",
    ],
    "CLUSTER": [
      "COUNTKEYSINSLOT", "GETKEYSINSLOT", "INFO", "KEYSLOT", "MYID", "MYSHARDID", "NODES",
      "REPLICAS", "SHARDS", "SLOTS", "HELP",
    ],
    "COMMAND": ["COUNT", "DOCS", "GETKEYS", "GETKEYSANDFLAGS", "INFO", "LIST", "HELP"],
    "CONFIG": ["GET", "SET", "RESETSTAT", "REWRITE", "HELP"],
    "FUNCTION": [
      "DELETE", "DUMP", "FLUSH", "KILL", "LIST", "LOAD", "RESTORE", "STATS", "HELP",
    ],
    "LATENCY": ["DOCTOR", "GRAPH", "HISTOGRAM", "HISTORY", "LATEST", "RESET", "HELP"],
    "MEMORY": ["DOCTOR", "MALLOC-STATS", "PURGE", "STATS", "USAGE", "HELP"],
    "MODULE": ["LIST", "LOAD", "LOADEX", "UNLOAD", "HELP"],
    "OBJECT": ["ENCODING", "FREQ", "IDLETIME", "REFCOUNT", "HELP"],
    "PUBSUB": ["CHANNELS", "NUMPAT", "NUMSUB", "SHARDCHANNELS", "SHARDNUMSUB", "HELP"],
    "SCRIPT": ["DEBUG", "EXISTS", "FLUSH", "KILL", "LOAD", "HELP"],
    "SLOWLOG": ["GET", "LEN", "RESET", "HELP"],
    "XGROUP": ["CREATE", "CREATECONSUMER", "DELCONSUMER", "DESTROY", "SETID", "HELP"],
    "XINFO": ["CONSUMERS", "GROUPS", "STREAM", "HELP"],
  ]
}
