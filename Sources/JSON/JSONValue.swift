/// Where a piece of JSON text starts: 1-based line, and 1-based column counted in bytes.
public struct JSONPosition: Equatable, Hashable, Sendable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// One field of a JSON object: its name, where the name starts, and its value.
public struct JSONField: Equatable, Sendable {
  public var name: String
  public var position: JSONPosition
  public var value: JSONValue

  public init(
    name: String, position: JSONPosition = JSONPosition(line: 1, column: 1), value: JSONValue
  ) {
    self.name = name
    self.position = position
    self.value = value
  }

  /// The 1-based line the field's name starts on.
  public var line: Int { position.line }

  /// Fields are equal when their names and values are; where they were written is not part of it.
  public static func == (left: JSONField, right: JSONField) -> Bool {
    left.name == right.name && left.value == right.value
  }
}

/// A JSON value that remembers where it was written.
///
/// Numbers keep their literal text, so `80` and `80.0` are told apart; objects keep their
/// fields in order, duplicates included, so a reader can point at the offending one.
public struct JSONValue: Equatable, Sendable {
  /// What the value holds.
  public enum Content: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double, literal: String)
    case string(String)
    case array([JSONValue])
    case object([JSONField])
  }

  public var content: Content
  /// Where the value's first character is; (1, 1) for values built in code.
  public var position: JSONPosition

  public init(_ content: Content, position: JSONPosition = JSONPosition(line: 1, column: 1)) {
    self.content = content
    self.position = position
  }

  /// Values are equal when they hold the same JSON; where they were written is not part of it.
  public static func == (left: JSONValue, right: JSONValue) -> Bool {
    left.content == right.content
  }

  /// The 1-based line the value starts on.
  public var line: Int { position.line }

  /// Whether this is `null`.
  public var isNull: Bool { content == .null }

  /// The boolean, when this is `true` or `false`.
  public var bool: Bool? {
    if case .bool(let value) = content { return value }
    return nil
  }

  /// The number, when this is one.
  public var number: Double? {
    if case .number(let value, _) = content { return value }
    return nil
  }

  /// The number as an `Int`, when it is written without fraction or exponent and fits.
  public var integer: Int? {
    guard case .number(_, let literal) = content,
      !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    else { return nil }
    return Int(literal)
  }

  /// The number's literal text as written (`80.0` stays `80.0`), when this is a number.
  public var numberLiteral: String? {
    if case .number(_, let literal) = content { return literal }
    return nil
  }

  /// The string, when this is one.
  public var string: String? {
    if case .string(let text) = content { return text }
    return nil
  }

  /// The elements, when this is an array.
  public var array: [JSONValue]? {
    if case .array(let elements) = content { return elements }
    return nil
  }

  /// The fields in the order written, duplicates included, when this is an object.
  public var fields: [JSONField]? {
    if case .object(let fields) = content { return fields }
    return nil
  }

  /// The fields by name, when this is an object; of duplicate names the last one counts.
  public var members: [String: JSONValue]? {
    guard let fields else { return nil }
    var members: [String: JSONValue] = [:]
    for field in fields { members[field.name] = field.value }
    return members
  }

  /// The value of field `name` (the last one, if repeated); nil when absent or not an object.
  public subscript(name: String) -> JSONValue? {
    fields?.last(where: { $0.name == name })?.value
  }

  /// The JSON type's name, for messages: "a string", "an array", ….
  public var kindName: String {
    switch content {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension JSONValue {
  /// `null`.
  public static let null = JSONValue(.null)

  /// A string value.
  public static func string(_ text: String) -> JSONValue { JSONValue(.string(text)) }

  /// A boolean value.
  public static func bool(_ value: Bool) -> JSONValue { JSONValue(.bool(value)) }

  /// A number written the way `JSONWriter.number` writes it; `null` when it is not finite,
  /// since JSON has no spelling for infinities or NaN.
  public static func number(_ value: Double) -> JSONValue {
    value.isFinite ? JSONValue(.number(value, literal: JSONWriter.number(value))) : .null
  }

  /// A whole number, written without a fraction.
  public static func integer(_ value: Int) -> JSONValue {
    JSONValue(.number(Double(value), literal: String(value)))
  }

  /// An array value.
  public static func array(_ elements: [JSONValue]) -> JSONValue { JSONValue(.array(elements)) }

  /// An object whose fields are written in the order given.
  public static func object(_ fields: [(String, JSONValue)]) -> JSONValue {
    JSONValue(.object(fields.map { JSONField(name: $0.0, value: $0.1) }))
  }

  /// An object with `members`' fields sorted by name, so the same members always give the
  /// same text.
  public static func object(_ members: [String: JSONValue]) -> JSONValue {
    object(members.sorted { $0.key < $1.key })
  }
}

extension JSONValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(integerLiteral value: Int) { self = .integer(value) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }

  /// An object with the fields sorted by name; of repeated names the last counts.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}
