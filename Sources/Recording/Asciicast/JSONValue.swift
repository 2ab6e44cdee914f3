/// A JSON value, as far as asciicast files need one: parsed from one line, written back out.
///
/// Numbers keep their literal text so a checker can tell `80` from `80.0`.
enum JSONValue: Equatable {
  case null
  case bool(Bool)
  case number(Double, literal: String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// The number, when this is one.
  var number: Double? {
    if case .number(let value, _) = self { return value }
    return nil
  }

  /// The number as an integer, when this is a number written without fraction or exponent.
  var integer: Int? {
    guard case .number(let value, let literal) = self,
      !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    else { return nil }
    return Int(exactly: value)
  }

  /// The string, when this is one.
  var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The elements, when this is an array.
  var array: [JSONValue]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// The members, when this is an object.
  var object: [String: JSONValue]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The JSON type's name, for messages: "a string", "an array", ….
  var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

/// Why a line is not JSON: what was wrong and at which column (1-based, in bytes).
struct JSONSyntaxError: Error, Equatable {
  var column: Int
  var problem: String

  var description: String { "\(problem) at column \(column)" }
}

/// Parses one JSON text from UTF-8 bytes, strictly (RFC 8259): no trailing commas, no
/// comments, no raw control characters inside strings, nothing but whitespace after the value.
struct JSONParser {
  /// How deeply arrays and objects may nest; deeper input is refused rather than risking the
  /// stack.
  static let maximumDepth = 64

  private let bytes: [UInt8]
  private var position = 0

  private init(bytes: [UInt8]) { self.bytes = bytes }

  /// Parses `bytes` as a single JSON value.
  static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: Array(bytes))
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.position == parser.bytes.count else {
      throw parser.error("unexpected text after the value")
    }
    return value
  }

  private func error(_ problem: String) -> JSONSyntaxError {
    JSONSyntaxError(column: position + 1, problem: problem)
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
      position += 1
    }
  }

  private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard let byte = current else { throw error("the value is missing (the line ends early)") }
    switch byte {
    case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try parseWord("true", .bool(true))
    case UInt8(ascii: "f"): return try parseWord("false", .bool(false))
    case UInt8(ascii: "n"): return try parseWord("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character")
    }
  }

  private mutating func parseWord(_ word: String, _ value: JSONValue) throws(JSONSyntaxError)
    -> JSONValue
  {
    for expected in word.utf8 {
      guard current == expected else { throw error("unexpected character") }
      position += 1
    }
    return value
  }

  private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard depth <= Self.maximumDepth else { throw error("nested too deeply") }
    position += 1
    var members: [String: JSONValue] = [:]
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
      let name = try parseString()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
      position += 1
      skipWhitespace()
      members[name] = try parseValue(depth: depth)
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        return .object(members)
      default: throw error("expected ',' or '}' in an object")
      }
    }
  }

  private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard depth <= Self.maximumDepth else { throw error("nested too deeply") }
    position += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        return .array(elements)
      default: throw error("expected ',' or ']' in an array")
      }
    }
  }

  private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
    let start = position
    func digits(_ parser: inout JSONParser) -> Int {
      var count = 0
      while let byte = parser.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        parser.position += 1
        count += 1
      }
      return count
    }
    if current == UInt8(ascii: "-") { position += 1 }
    if current == UInt8(ascii: "0") {
      position += 1
    } else if digits(&self) == 0 {
      throw error("expected a digit")
    }
    if current == UInt8(ascii: ".") {
      position += 1
      guard digits(&self) > 0 else { throw error("expected a digit after '.'") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      guard digits(&self) > 0 else { throw error("expected a digit in the exponent") }
    }
    let literal = String(decoding: bytes[start..<position], as: UTF8.self)
    guard let value = Double(literal), value.isFinite else {
      position = start
      throw error("a number too large to represent")
    }
    return .number(value, literal: literal)
  }

  private mutating func parseString() throws(JSONSyntaxError) -> String {
    position += 1
    var text: [UInt8] = []
    while true {
      guard let byte = current else { throw error("a string is not closed (the line ends early)") }
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return String(decoding: text, as: UTF8.self)
      case UInt8(ascii: "\\"):
        position += 1
        try parseEscape(into: &text)
      case 0x00..<0x20:
        throw error("a raw control character inside a string (it must be escaped)")
      default:
        text.append(byte)
        position += 1
      }
    }
  }

  private mutating func parseEscape(into text: inout [UInt8]) throws(JSONSyntaxError) {
    guard let byte = current else { throw error("a string is not closed (the line ends early)") }
    position += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
    case UInt8(ascii: "b"): text.append(0x08)
    case UInt8(ascii: "f"): text.append(0x0C)
    case UInt8(ascii: "n"): text.append(0x0A)
    case UInt8(ascii: "r"): text.append(0x0D)
    case UInt8(ascii: "t"): text.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try parseHexQuad()
      if (0xD800..<0xDC00).contains(scalar), current == UInt8(ascii: "\\"),
        position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
      {
        let saved = position
        position += 2
        let low = try parseHexQuad()
        if (0xDC00..<0xE000).contains(low) {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else {
          position = saved
        }
      }
      let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
      text.append(contentsOf: String(character).utf8)
    default:
      position -= 1
      throw error("an unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
    }
  }

  private mutating func parseHexQuad() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current else { throw error("a \\u escape needs four hex digits") }
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("a \\u escape needs four hex digits")
      }
      value = value * 16 + digit
      position += 1
    }
    return value
  }
}

/// Writes the JSON text for the few shapes asciicast lines use.
enum JSONWriter {
  /// `text` as a quoted JSON string: quotes, backslashes and every control character
  /// (C0, DEL) escaped; everything else kept as UTF-8.
  static func quoted(_ text: String) -> String {
    var result = "\""
    result.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case "\u{00}"..."\u{1F}", "\u{7F}":
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    result += "\""
    return result
  }

  /// A finite number in JSON's syntax; integral values keep a ".0" so they read as floats.
  static func number(_ value: Double) -> String {
    value.isFinite ? value.description : "0"
  }

  /// Seconds with microsecond precision, the way asciinema writes event times: "1.250000".
  static func seconds(microseconds: Int64) -> String {
    let whole = microseconds / 1_000_000
    let fraction = String(microseconds % 1_000_000)
    return "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }
}
