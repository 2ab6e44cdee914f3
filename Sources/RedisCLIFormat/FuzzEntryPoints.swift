import RedisClient

/// The checks run on one fuzz input, shared by the libFuzzer harnesses in `Fuzz/` and the
/// test that replays the committed corpus.
///
/// Each entry point must never crash on any input; it returns the invariants that did not
/// hold (empty when all is well), and the harness traps on a non-empty result.
public enum FuzzEntryPoints {
  /// Feeds `data` to the line parser as a typed line, then to hints and completion.
  ///
  /// Invariants: quoting every argument and joining them with spaces splits back to the
  /// same arguments; the parser agrees with the tokenizer; token ranges lie in the line;
  /// completion replaces a range inside the line with names that match what was typed.
  public static func tokenizer(_ data: [UInt8]) -> [String] {
    var violations: [String] = []
    let split = Tokenizer.split(data)
    let parsed = CommandLineParser.parse(data)
    switch (split, parsed) {
    case (.invalid, .invalidArguments), (.unterminated, .unterminatedQuote): break
    case (.arguments(let argv), _):
      switch parsed {
      case .empty where argv.isEmpty: break
      case .invalidRepeat where argv.count > 1: break
      case .command(let count, let commandArgv):
        if count < 1 { violations.append("repeat count \(count) below 1") }
        if commandArgv.isEmpty || commandArgv.count < argv.count - 1 {
          violations.append("parser lost arguments")
        }
      default: violations.append("parser and tokenizer disagree: \(parsed)")
      }
      let requoted = argv.map(Tokenizer.quote).joined(separator: [UInt8(ascii: " ")])
      if Tokenizer.split(Array(requoted)) != .arguments(argv) {
        violations.append("quoted arguments do not split back to themselves")
      }
      for argument in argv where argument.count > data.count {
        violations.append("an argument is longer than the line")
      }
      let table = sampleTable
      _ = table.hint(for: argv, endsWithSpace: true)
      _ = table.hint(for: argv, endsWithSpace: false)
      for position in 0...argv.count {
        _ = table.isKeyArgument(command: argv, position: position)
      }
    default:
      violations.append("parser and tokenizer disagree: \(split) vs \(parsed)")
    }

    var previousEnd = 0
    for token in Tokenizer.scan(data).tokens {
      if token.start < previousEnd || token.end < token.start || token.end > data.count {
        violations.append("token range \(token.start)..<\(token.end) out of order or bounds")
      }
      previousEnd = token.end
    }

    let completion = sampleTable.completions(for: data)
    if completion.replaceFrom < 0 || completion.replaceFrom > data.count {
      violations.append("completion starts outside the line: \(completion.replaceFrom)")
    } else {
      // The word being completed, as the tokenizer reads it (quotes removed, NUL ends it).
      let scan = Tokenizer.scan(data)
      let word =
        (scan.tokens + [scan.partial].compactMap { $0 })
        .first { $0.start == completion.replaceFrom }?.bytes ?? []
      let typed = CCharacter.upperCased(word)
      for candidate in completion.candidates where !candidate.uppercased().hasPrefix(typed) {
        violations.append("candidate \(candidate) does not extend the typed word")
      }
    }
    return violations
  }

  /// Decodes `data` into a reply with a small scheme, formats it in every mode, and also
  /// reads it as a `COMMAND DOCS` reply.
  ///
  /// Invariants: every format ends with a newline except verbatim, which is raw without
  /// its last newline; the terminal format prints one line per leaf and only printable
  /// ASCII when no status or error text is involved; a quoted bulk string splits back to
  /// its bytes; the raw format prints one line per leaf value (two for an error).
  public static func formatter(_ data: [UInt8]) -> [String] {
    var violations: [String] = []
    var reader = ByteReader(data)
    let reply = decodeReply(&reader, depth: 0)
    let terminal = ReplyFormatter.format(reply, mode: .terminal)
    let raw = ReplyFormatter.format(reply, mode: .raw)
    let verbatim = ReplyFormatter.format(reply, mode: .verbatim)
    if terminal.last != UInt8(ascii: "\n") { violations.append("terminal output lacks newline") }
    if raw.last != UInt8(ascii: "\n") { violations.append("raw output lacks newline") }
    if verbatim + [UInt8(ascii: "\n")] != raw { violations.append("verbatim is not raw minus \\n") }

    let newlines = { (bytes: [UInt8]) in bytes.filter { $0 == UInt8(ascii: "\n") }.count }
    if !containsText(reply, where: { _ in true }) {
      if !terminal.allSatisfy({ CCharacter.isPrint($0) || $0 == UInt8(ascii: "\n") }) {
        violations.append("terminal output has unprintable bytes")
      }
      if newlines(terminal) != leafCount(reply) {
        violations.append("terminal output has \(newlines(terminal)) lines, not one per leaf")
      }
    }
    if case .bulk(let bytes) = reply,
      Tokenizer.split(Array(terminal.dropLast())) != .arguments([bytes])
    {
      violations.append("quoted bulk string does not split back to its bytes")
    }
    if !containsText(reply, includingBulk: true, where: { $0.contains(UInt8(ascii: "\n")) }),
      newlines(raw) != rawLineCount(reply)
    {
      violations.append("raw output has \(newlines(raw)) lines, not \(rawLineCount(reply))")
    }

    let table = CommandTable(commandDocs: reply)
    for name in table.commandNames.prefix(8) {
      let words = name.split(separator: " ").map(String.init)
      _ = table.help(for: words)
      let argv = words.map { Array($0.utf8) } + [Array("x".utf8), Array("EX".utf8)]
      for count in 1...argv.count {
        _ = table.hint(for: Array(argv.prefix(count)), endsWithSpace: true)
        _ = table.isKeyArgument(command: argv, position: count)
      }
    }
    for group in table.groups.prefix(4) { _ = table.help(group: group) }
    return violations
  }

  /// A small command table with every argument shape, for fuzzing hints and completion
  /// without a server.
  public static let sampleTable = CommandTable(commandDocs: sampleCommandDocs)

  private static let sampleCommandDocs: Reply = {
    func text(_ value: String) -> Reply { .bulk(Array(value.utf8)) }
    func argument(
      _ name: String, _ type: String, token: String? = nil, flags: [String] = [],
      children: [Reply] = []
    ) -> Reply {
      var fields: [Reply] = [text("name"), text(name), text("type"), text(type)]
      if let token { fields += [text("token"), text(token)] }
      if !flags.isEmpty {
        fields += [text("flags"), .array(flags.map { .status(Array($0.utf8)) })]
      }
      if !children.isEmpty { fields += [text("arguments"), .array(children)] }
      return .array(fields)
    }
    func command(_ group: String, _ arguments: [Reply], subcommands: [Reply] = []) -> Reply {
      var fields: [Reply] = [
        text("summary"), text("A sample"), text("since"), text("1.0.0"), text("group"),
        text(group), text("arguments"), .array(arguments),
      ]
      if !subcommands.isEmpty { fields += [text("subcommands"), .array(subcommands)] }
      return .array(fields)
    }
    let expiration = argument(
      "expiration", "oneof", flags: ["optional"],
      children: [
        argument("seconds", "integer", token: "EX"),
        argument("keepttl", "pure-token", token: "KEEPTTL"),
      ])
    return .array([
      text("set"),
      command(
        "string",
        [
          argument("key", "key"), argument("value", "string"),
          argument(
            "condition", "oneof", flags: ["optional"],
            children: [
              argument("nx", "pure-token", token: "NX"), argument("xx", "pure-token", token: "XX"),
            ]),
          argument("get", "pure-token", token: "GET", flags: ["optional"]), expiration,
        ]),
      text("mset"),
      command(
        "string",
        [
          argument(
            "data", "block", flags: ["multiple"],
            children: [argument("key", "key"), argument("value", "string")])
        ]),
      text("sort"),
      command(
        "generic",
        [
          argument("key", "key"),
          argument(
            "pattern", "pattern", token: "GET", flags: ["optional", "multiple", "multiple_token"]),
          argument(
            "limit", "block", token: "LIMIT", flags: ["optional"],
            children: [argument("offset", "integer"), argument("count", "integer")]),
        ]),
      text("lpop"),
      command("list", [argument("key", "key"), argument("count", "integer", flags: ["optional"])]),
      text("del"), command("generic", [argument("key", "key", flags: ["multiple"])]),
      text("config"),
      command(
        "server", [],
        subcommands: [
          text("config|get"),
          command(
            "server",
            [
              argument(
                "parameter", "block", flags: ["multiple"],
                children: [argument("parameter", "string")])
            ]),
        ]),
    ])
  }()

  /// Reads bytes one at a time; past the end it reads nothing.
  private struct ByteReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> UInt8? {
      guard index < bytes.count else { return nil }
      defer { index += 1 }
      return bytes[index]
    }

    mutating func take(upTo count: Int) -> [UInt8] {
      let taken = Array(bytes[index..<min(bytes.count, index + count)])
      index += taken.count
      return taken
    }
  }

  /// The decoding scheme: a tag byte picks the reply kind (status, error, integer, bulk,
  /// nil, array); a length byte then gives up to 31 bytes of text or 23 elements.
  private static func decodeReply(_ reader: inout ByteReader, depth: Int) -> Reply {
    guard let tag = reader.next() else { return .null }
    switch tag % 6 {
    case 0: return .status(reader.take(upTo: Int(reader.next() ?? 0) % 32))
    case 1: return .error(reader.take(upTo: Int(reader.next() ?? 0) % 32))
    case 2:
      let bytes = reader.take(upTo: 8)
      return .integer(Int64(bitPattern: bytes.reduce(0) { $0 << 8 | UInt64($1) }))
    case 3: return .bulk(reader.take(upTo: Int(reader.next() ?? 0) % 32))
    case 4: return .null
    default:
      guard depth < 8 else { return .array([]) }
      let count = Int(reader.next() ?? 0) % 24
      return .array((0..<count).map { _ in decodeReply(&reader, depth: depth + 1) })
    }
  }

  /// Whether any status or error text in `reply` (and bulk string, when asked) satisfies
  /// `condition`.
  private static func containsText(
    _ reply: Reply, includingBulk: Bool = false, where condition: ([UInt8]) -> Bool
  ) -> Bool {
    switch reply {
    case .status(let bytes), .error(let bytes): return condition(bytes)
    case .bulk(let bytes): return includingBulk && condition(bytes)
    case .array(let elements):
      return elements.contains {
        containsText($0, includingBulk: includingBulk, where: condition)
      }
    case .integer, .null: return false
    }
  }

  /// How many lines the terminal format prints: one per leaf, one for an empty array.
  private static func leafCount(_ reply: Reply) -> Int {
    guard case .array(let elements) = reply, !elements.isEmpty else { return 1 }
    return elements.reduce(0) { $0 + leafCount($1) }
  }

  /// How many newlines the raw format prints when no text holds one.
  private static func rawLineCount(_ reply: Reply) -> Int {
    switch reply {
    case .error: return 2
    case .array(let elements) where !elements.isEmpty:
      return elements.reduce(0) { $0 + rawLineCount($1) }
    default: return 1
    }
  }
}
