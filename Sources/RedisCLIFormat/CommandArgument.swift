import RedisClient

/// One argument of a command's syntax, as `COMMAND DOCS` describes it.
struct CommandArgument: Sendable, Equatable {
  /// What kind of value the argument takes: `key`, `string`, `integer`, `pure-token`,
  /// `oneof`, `block` ...
  var type: String
  /// The name shown in syntax: the docs' display text when given, else the name.
  var displayName: String
  /// A literal word that introduces the argument, such as `EX` or `LIMIT`.
  var token: String?
  var isOptional = false
  var isMultiple = false
  /// Whether each repetition of a multiple argument repeats its token (`GET p [GET p ...]`).
  var repeatsToken = false
  /// The alternatives of a `oneof`, or the parts of a `block`.
  var children: [CommandArgument] = []

  static let pureTokenType = "pure-token"
  static let oneOfType = "oneof"
  static let blockType = "block"
  static let keyType = "key"

  /// Reads one argument from its docs map (RESP2: a flat array of name/value pairs).
  init?(docs reply: Reply, depth: Int = 0) {
    guard depth < 16 else { return nil }
    let fields = DocsMap(reply)
    guard let name = fields.string("name") else { return nil }
    type = fields.string("type") ?? "string"
    displayName = fields.string("display_text") ?? fields.string("display") ?? name
    token = fields.string("token")
    let flags = fields.strings("flags")
    isOptional = flags.contains("optional")
    isMultiple = flags.contains("multiple")
    repeatsToken = flags.contains("multiple_token")
    children = fields.list("arguments").compactMap { CommandArgument(docs: $0, depth: depth + 1) }
  }

  /// The syntax of the argument, as redis-cli's help shows it: `[EX seconds|KEEPTTL]`.
  var syntax: String {
    var text = core(withToken: true)
    if isMultiple {
      text += " [" + core(withToken: repeatsToken || type == Self.pureTokenType) + " ...]"
    }
    return isOptional ? "[" + text + "]" : text
  }

  /// The syntax of a list of arguments, space separated.
  static func syntax(of arguments: [CommandArgument]) -> String {
    arguments.map(\.syntax).filter { !$0.isEmpty }.joined(separator: " ")
  }

  private func core(withToken: Bool) -> String {
    var parts: [String] = []
    if withToken, let token { parts.append(token) }
    switch type {
    case Self.pureTokenType:
      if token == nil { parts.append(displayName) }
    case Self.oneOfType: parts.append(children.map(\.syntax).joined(separator: "|"))
    case Self.blockType: parts.append(Self.syntax(of: children))
    default: parts.append(displayName)
    }
    return parts.filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// Whether `word` is the token this argument starts with (looking into a block's first
  /// part and every alternative of a `oneof`).
  func startsWithToken(matching word: String) -> Bool {
    if let token { return token.uppercased() == word }
    switch type {
    case Self.oneOfType: return children.contains { $0.startsWithToken(matching: word) }
    case Self.blockType: return children.first?.startsWithToken(matching: word) ?? false
    default: return false
    }
  }

  /// Whether this argument starts with a fixed token rather than a free value.
  var startsWithAnyToken: Bool {
    if token != nil { return true }
    switch type {
    case Self.oneOfType: return !children.isEmpty && children.allSatisfy(\.startsWithAnyToken)
    case Self.blockType: return children.first?.startsWithAnyToken ?? false
    default: return false
    }
  }
}

/// A `COMMAND DOCS` map in RESP2 form: a flat array of alternating names and values.
struct DocsMap {
  private var values: [String: Reply] = [:]

  init(_ reply: Reply) {
    guard case .array(let elements) = reply else { return }
    var index = 0
    while index + 1 < elements.count {
      if let name = Self.text(elements[index]), values[name] == nil {
        values[name] = elements[index + 1]
      }
      index += 2
    }
  }

  /// The text of a status or bulk reply.
  static func text(_ reply: Reply) -> String? {
    switch reply {
    case .bulk(let bytes), .status(let bytes): return String(decoding: bytes, as: UTF8.self)
    default: return nil
    }
  }

  func string(_ name: String) -> String? { values[name].flatMap(Self.text) }

  func strings(_ name: String) -> [String] { list(name).compactMap(Self.text) }

  func list(_ name: String) -> [Reply] { values[name]?.array ?? [] }

  func reply(_ name: String) -> Reply? { values[name] }
}
