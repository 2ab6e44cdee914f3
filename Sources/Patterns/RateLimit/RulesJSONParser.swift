/// A JSON value that remembers the line it started on, and its object fields' lines.
///
/// The rules loader reports problems as `file:line: message`, pointing at the offending
/// key; Foundation's parsers keep no positions, so the rules file is read by this one.
struct LocatedJSON: Equatable {
  /// One field of an object: its name, the line of the name, and its value.
  struct Field: Equatable {
    var name: String
    var line: Int
    var value: LocatedJSON
  }

  enum Value: Equatable {
    case object([Field])
    case array([LocatedJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
  }

  var value: Value
  /// The 1-based line the value starts on.
  var line: Int

  /// What the value is, for messages: "a string", "an object".
  var kindName: String {
    switch value {
    case .object: return "an object"
    case .array: return "a list"
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "true or false"
    case .null: return "null"
    }
  }
}

/// A strict JSON (RFC 8259) reader that tracks line numbers for error messages.
struct RulesJSONParser {
  /// Malformed JSON, with the line it was noticed on.
  struct SyntaxError: Error, Equatable {
    var line: Int
    var message: String
  }

  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  /// Deep nesting is refused rather than risking the stack.
  private var depth = 0

  init(_ text: String) { bytes = Array(text.utf8) }

  /// Parses the whole text as one JSON value.
  static func parse(_ text: String) throws(SyntaxError) -> LocatedJSON {
    var parser = RulesJSONParser(text)
    parser.skipWhitespace()
    if parser.atEnd {
      throw SyntaxError(line: 1, message: "the file is empty; expected a JSON object")
    }
    let value = try parser.parseValue()
    parser.skipWhitespace()
    if !parser.atEnd {
      throw parser.error("unexpected \(parser.describeCurrent()) after the end of the JSON value")
    }
    return value
  }

  private var atEnd: Bool { index >= bytes.count }
  private var current: UInt8? { atEnd ? nil : bytes[index] }

  private func error(_ message: String) -> SyntaxError { SyntaxError(line: line, message: message) }

  private func describeCurrent() -> String {
    guard let byte = current else { return "end of file" }
    if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
    return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
  }

  private mutating func skipWhitespace() {
    while let byte = current {
      switch byte {
      case UInt8(ascii: "\n"): line += 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
      default: return
      }
      index += 1
    }
  }

  private mutating func parseValue() throws(SyntaxError) -> LocatedJSON {
    skipWhitespace()
    let startLine = line
    guard let byte = current else { throw error("expected a value, found end of file") }
    switch byte {
    case UInt8(ascii: "{"): return LocatedJSON(value: try parseObject(), line: startLine)
    case UInt8(ascii: "["): return LocatedJSON(value: try parseArray(), line: startLine)
    case UInt8(ascii: "\""): return LocatedJSON(value: .string(try parseString()), line: startLine)
    case UInt8(ascii: "t"):
      try expectWord("true")
      return LocatedJSON(value: .bool(true), line: startLine)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return LocatedJSON(value: .bool(false), line: startLine)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return LocatedJSON(value: .null, line: startLine)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return LocatedJSON(value: .number(try parseNumber()), line: startLine)
    default:
      throw error("expected a value, found \(describeCurrent())")
    }
  }

  private mutating func enterNesting() throws(SyntaxError) {
    depth += 1
    if depth > 64 { throw error("nested more than 64 levels deep") }
  }

  private mutating func parseObject() throws(SyntaxError) -> LocatedJSON.Value {
    try enterNesting()
    defer { depth -= 1 }
    index += 1
    var fields: [LocatedJSON.Field] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(fields)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else {
        throw error("expected a field name in double quotes, found \(describeCurrent())")
      }
      let nameLine = line
      let name = try parseString()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw error("expected ':' after the field name \"\(name)\", found \(describeCurrent())")
      }
      index += 1
      let value = try parseValue()
      fields.append(LocatedJSON.Field(name: name, line: nameLine, value: value))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(fields)
      default:
        throw error("expected ',' or '}' after the field \"\(name)\", found \(describeCurrent())")
      }
    }
  }

  private mutating func parseArray() throws(SyntaxError) -> LocatedJSON.Value {
    try enterNesting()
    defer { depth -= 1 }
    index += 1
    var elements: [LocatedJSON] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      elements.append(try parseValue())
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default:
        throw error("expected ',' or ']' in a list, found \(describeCurrent())")
      }
    }
  }

  private mutating func expectWord(_ word: String) throws(SyntaxError) {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count,
      Array(bytes[index..<index + expected.count]) == expected
    else {
      throw error("expected a value, found \(describeCurrent()) (strings need double quotes)")
    }
    index += expected.count
  }

  private mutating func parseNumber() throws(SyntaxError) -> Double {
    let start = index
    func digits(_ parser: inout RulesJSONParser) -> Int {
      var count = 0
      while let byte = parser.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        parser.index += 1
        count += 1
      }
      return count
    }
    if current == UInt8(ascii: "-") { index += 1 }
    if current == UInt8(ascii: "0") {
      index += 1
      if let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        throw error("numbers must not have leading zeros")
      }
    } else if digits(&self) == 0 {
      throw error("expected digits after '-'")
    }
    if current == UInt8(ascii: ".") {
      index += 1
      if digits(&self) == 0 { throw error("expected digits after the decimal point") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      if digits(&self) == 0 { throw error("expected digits in the exponent") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let number = Double(text), number.isFinite else {
      throw error("the number \(text) is out of range")
    }
    return number
  }

  private mutating func parseString() throws(SyntaxError) -> String {
    index += 1
    var result: [UInt8] = []
    while true {
      guard let byte = current else { throw error("unterminated string") }
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: result, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try parseEscape(into: &result)
      case UInt8(ascii: "\n"):
        throw error("unterminated string (a string cannot span lines)")
      case 0..<0x20:
        throw error("control character in a string; escape it")
      default:
        result.append(byte)
      }
    }
  }

  private mutating func parseEscape(into result: inout [UInt8]) throws(SyntaxError) {
    guard let escaped = current else { throw error("unterminated string") }
    index += 1
    switch escaped {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escaped)
    case UInt8(ascii: "b"): result.append(0x08)
    case UInt8(ascii: "f"): result.append(0x0C)
    case UInt8(ascii: "n"): result.append(0x0A)
    case UInt8(ascii: "r"): result.append(0x0D)
    case UInt8(ascii: "t"): result.append(0x09)
    case UInt8(ascii: "u"):
      var scalarValue = try hexQuad()
      if (0xD800..<0xDC00).contains(scalarValue) {
        // A high surrogate must be followed by \u and a low surrogate.
        guard current == UInt8(ascii: "\\"), index + 1 < bytes.count,
          bytes[index + 1] == UInt8(ascii: "u")
        else { throw error("unpaired surrogate in a \\u escape") }
        index += 2
        let low = try hexQuad()
        guard (0xDC00..<0xE000).contains(low) else {
          throw error("unpaired surrogate in a \\u escape")
        }
        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
      }
      guard let scalar = Unicode.Scalar(scalarValue) else {
        throw error("invalid \\u escape")
      }
      result.append(contentsOf: Array(String(Character(scalar)).utf8))
    default:
      throw error("invalid escape '\\\(Character(UnicodeScalar(escaped)))' in a string")
    }
  }

  private mutating func hexQuad() throws(SyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count,
      let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw error("expected four hex digits after \\u") }
    index += 4
    return value
  }
}
