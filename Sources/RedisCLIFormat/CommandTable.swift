import RedisClient

/// Command knowledge read from the server's `COMMAND DOCS` (Redis 7), driving HELP, hints
/// and completion.
public struct CommandTable: Sendable {
  /// What the docs say about one command or subcommand.
  struct Entry: Sendable {
    /// Upper case, with a space before a subcommand: `SET`, `CONFIG GET`.
    var name: String
    var summary: String
    var since: String
    var group: String
    var arguments: [CommandArgument]
  }

  /// Entries by upper-case name, subcommands included (`CONFIG GET`).
  private var entries: [String: Entry] = [:]
  /// Upper-case subcommand names (`GET`, `SET` ...) by upper-case container name.
  private var subcommandsByContainer: [String: [String]] = [:]
  /// Upper-case names of the top-level commands, sorted.
  private var topLevelNames: [String] = []

  /// An empty table, for when no server is connected.
  public init() {}

  /// Reads the reply of `COMMAND DOCS`: a flat array of name / docs-map pairs, where a
  /// docs map may hold its own `subcommands` in the same shape.
  ///
  /// Also accepts the reply of `fetchArguments` (the same docs as JSON in a bulk string),
  /// which is how they reach a hiredis 0.14 client: see `fetch(from:)`.
  public init(commandDocs reply: Reply) {
    var reply = reply
    if case .bulk(let json) = reply, let decoded = CommandDocsJSON.decode(json) {
      reply = decoded
    }
    for (name, docs) in Self.namedPairs(reply) {
      let upperName = name.uppercased()
      guard !upperName.isEmpty, entries[upperName] == nil else { continue }
      entries[upperName] = Self.entry(named: upperName, docs: docs)
      topLevelNames.append(upperName)
      var subcommands: [String] = []
      for (fullName, subDocs) in Self.namedPairs(DocsMap(docs).reply("subcommands") ?? .null) {
        let parts = fullName.uppercased().split(separator: "|", maxSplits: 1)
        guard parts.count == 2 else { continue }
        let subName = String(parts[1])
        let entryName = upperName + " " + subName
        guard !subName.isEmpty, entries[entryName] == nil else { continue }
        entries[entryName] = Self.entry(named: entryName, docs: subDocs)
        subcommands.append(subName)
      }
      if !subcommands.isEmpty { subcommandsByContainer[upperName] = subcommands.sorted() }
    }
    topLevelNames.sort()
  }

  /// The command that fetches `COMMAND DOCS` in a form hiredis 0.14 can read.
  ///
  /// hiredis 0.14 rejects the plain `COMMAND DOCS` reply (nested deeper than 7 levels) with
  /// a protocol error that breaks the connection; this `EVAL` has the server return the
  /// same docs as one JSON bulk string, which `init(commandDocs:)` understands.
  public static let fetchArguments: [[UInt8]] = [
    Array("EVAL".utf8), Array(CommandDocsJSON.script.utf8), Array("0".utf8),
  ]

  /// Whether the table knows no command (not connected, or a server before Redis 7).
  public var isEmpty: Bool { entries.isEmpty }

  /// Every command name in upper case, subcommands included as `CONFIG GET`, sorted.
  public var commandNames: [String] { entries.keys.sorted() }

  /// The command groups (`string`, `list`, `generic` ...), sorted.
  public var groups: [String] { Set(entries.values.map(\.group)).filter { !$0.isEmpty }.sorted() }

  /// The text of `HELP SET` or `HELP CONFIG GET`, nil when the command is unknown.
  ///
  /// For a container such as `HELP CONFIG`, the help of each of its subcommands.
  /// The text starts with an empty line and ends with a newline and an empty line, ready to
  /// be written as it is.
  public func help(for words: [String]) -> String? {
    let upperWords = words.map { $0.uppercased() }
    let found: [Entry]
    switch upperWords.count {
    case 1:
      if let subcommands = subcommandsByContainer[upperWords[0]] {
        found = subcommands.compactMap { entries[upperWords[0] + " " + $0] }
      } else {
        found = entries[upperWords[0]].map { [$0] } ?? []
      }
    case 2:
      guard subcommandsByContainer[upperWords[0]] != nil else { return nil }
      found = entries[upperWords[0] + " " + upperWords[1]].map { [$0] } ?? []
    default:
      found = []
    }
    return found.isEmpty ? nil : Self.helpText(found)
  }

  /// The text of `HELP @group`, nil for an unknown group.
  ///
  /// The help of every command in the group, sorted by name. A leading `@` is accepted.
  public func help(group: String) -> String? {
    let wanted = (group.hasPrefix("@") ? String(group.dropFirst()) : group).lowercased()
    let found = entries.values.filter { $0.group.lowercased() == wanted }
      .sorted { $0.name < $1.name }
    return found.isEmpty ? nil : Self.helpText(found)
  }

  /// The syntax of the arguments still to type, shown in grey after the cursor.
  ///
  /// `argv` is what is typed so far, command words included (`["LPOP", "key"]`). Nil
  /// while a word is still being typed, for an unknown command, or when nothing remains.
  /// After a container command alone (`CONFIG `) it lists the subcommands.
  public func hint(for argv: [[UInt8]], endsWithSpace: Bool) -> String? {
    guard endsWithSpace, let (entry, consumedWords) = resolve(argv) else {
      if endsWithSpace, argv.count == 1, let first = argv.first,
        let subcommands = subcommandsByContainer[CCharacter.upperCased(first)]
      {
        return subcommands.joined(separator: "|")
      }
      return nil
    }
    var matcher = ArgumentMatcher(arguments: entry.arguments)
    for word in argv.dropFirst(consumedWords) { matcher.consume(word) }
    let syntax = CommandArgument.syntax(of: matcher.remaining)
    return syntax.isEmpty ? nil : syntax
  }

  /// What TAB completes for `line`, with the cursor at its end.
  ///
  /// - Returns: `replaceFrom`, the byte offset where the word being completed starts;
  ///   `candidates`, command or subcommand names in the case the user typed; `wantsKeys`,
  ///   whether the word is a key, so the caller can offer key names from the server.
  public func completions(for line: [UInt8]) -> (
    replaceFrom: Int, candidates: [String], wantsKeys: Bool
  ) {
    let scan = Tokenizer.scan(line)
    if scan.failure == .invalid { return (line.count, [], false) }
    var words = scan.tokens
    if let partial = scan.partial { words.append(partial) }
    let current: Tokenizer.ScannedToken
    if let last = words.last, last.end >= scan.effectiveEnd {
      current = words.removeLast()
    } else {
      current = Tokenizer.ScannedToken(bytes: [], start: line.count, end: line.count)
    }
    let prefix = CCharacter.upperCased(current.bytes)
    let typedCase = current.bytes.isEmpty ? words.first?.bytes ?? [] : current.bytes
    let lowerCase = typedCase.first { Self.isLetter($0) }.map { $0 >= UInt8(ascii: "a") } ?? false

    var names: [String] = []
    if words.isEmpty {
      names = topLevelNames
    } else if words.count == 1,
      let subcommands = subcommandsByContainer[
        CCharacter.upperCased(words[0].bytes)]
    {
      names = subcommands
    } else {
      let argv = words.map(\.bytes)
      return (current.start, [], isKeyArgument(command: argv, position: argv.count))
    }
    let candidates = names.filter { $0.hasPrefix(prefix) }.map { lowerCase ? $0.lowercased() : $0 }
    return (current.start, candidates, false)
  }

  /// Whether the word at `position` of `argv` (command words included) is a key, judging
  /// from the words before it.
  public func isKeyArgument(command argv: [[UInt8]], position: Int) -> Bool {
    guard position >= 0, let (entry, consumedWords) = resolve(argv), position >= consumedWords
    else { return false }
    var matcher = ArgumentMatcher(arguments: entry.arguments)
    for word in argv.prefix(position).dropFirst(consumedWords) { matcher.consume(word) }
    return matcher.consume([]) == .value(type: CommandArgument.keyType)
  }

  /// The entry `argv` names, and how many words its name took (1, or 2 for a subcommand).
  private func resolve(_ argv: [[UInt8]]) -> (Entry, Int)? {
    guard let first = argv.first else { return nil }
    let command = CCharacter.upperCased(first)
    if subcommandsByContainer[command] != nil {
      guard argv.count >= 2 else { return nil }
      return entries[command + " " + CCharacter.upperCased(argv[1])].map { ($0, 2) }
    }
    return entries[command].map { ($0, 1) }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
  }

  private static func helpText(_ found: [Entry]) -> String {
    found.map { entry in
      let syntax = CommandArgument.syntax(of: entry.arguments)
      return "\n  \(entry.name)\(syntax.isEmpty ? "" : " " + syntax)\n"
        + "  summary: \(entry.summary)\n  since: \(entry.since)\n  group: \(entry.group)\n"
    }.joined() + "\n"
  }

  private static func entry(named name: String, docs: Reply) -> Entry {
    let fields = DocsMap(docs)
    return Entry(
      name: name, summary: fields.string("summary") ?? "", since: fields.string("since") ?? "",
      group: fields.string("group") ?? "",
      arguments: fields.list("arguments").compactMap { CommandArgument(docs: $0) })
  }

  /// The name / docs pairs of a `COMMAND DOCS`-shaped flat array.
  private static func namedPairs(_ reply: Reply) -> [(String, Reply)] {
    guard case .array(let elements) = reply else { return [] }
    return stride(from: 0, to: elements.count - 1, by: 2).compactMap { index in
      DocsMap.text(elements[index]).map { ($0, elements[index + 1]) }
    }
  }
}
