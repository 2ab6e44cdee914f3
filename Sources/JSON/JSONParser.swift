/// Parses one JSON text strictly (RFC 8259), remembering where each value and field starts.
///
/// Strict means: no trailing commas, no comments, no single quotes, no raw control characters
/// or invalid UTF-8 in strings, no unpaired surrogates, nothing but whitespace after the value.
public struct JSONParser {
  /// How deeply arrays and objects may nest; deeper input is refused rather than risking the
  /// stack.
  public static let maximumDepth = 64

  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  /// Where the current line starts, so a column costs a subtraction.
  private var lineStart = 0
  private var depth = 0

  private init(bytes: [UInt8]) { self.bytes = bytes }

  /// Parses `text` as a single JSON value.
  public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
    try parse(text.utf8)
  }

  /// Parses UTF-8 `bytes` as a single JSON value.
  public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: Array(bytes))
    parser.skipWhitespace()
    if parser.current == nil {
      throw JSONSyntaxError(.empty, at: JSONPosition(line: 1, column: 1))
    }
    let value = try parser.parseValue()
    parser.skipWhitespace()
    if parser.current != nil { throw parser.error(.textAfterValue(found: parser.found)) }
    return value
  }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }
  private var found: JSONSyntaxError.Found { current.map { .byte($0) } ?? .endOfInput }
  private var position: JSONPosition { JSONPosition(line: line, column: index - lineStart + 1) }

  private func error(_ reason: JSONSyntaxError.Reason) -> JSONSyntaxError {
    JSONSyntaxError(reason, at: position)
  }

  /// Skips whitespace; the only place a newline can be outside a string, so lines count here.
  private mutating func skipWhitespace() {
    while let byte = current {
      switch byte {
      case UInt8(ascii: "\n"):
        line += 1
        lineStart = index + 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
      default: return
      }
      index += 1
    }
  }

  private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
    let start = position
    guard let byte = current else { throw error(.expectedValue(found: .endOfInput)) }
    let content: JSONValue.Content
    switch byte {
    case UInt8(ascii: "{"): content = try parseObject()
    case UInt8(ascii: "["): content = try parseArray()
    case UInt8(ascii: "\""): content = .string(try parseString())
    case UInt8(ascii: "t"): content = try parseWord("true", .bool(true))
    case UInt8(ascii: "f"): content = try parseWord("false", .bool(false))
    case UInt8(ascii: "n"): content = try parseWord("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): content = try parseNumber()
    default: throw error(.expectedValue(found: found))
    }
    return JSONValue(content, position: start)
  }

  private mutating func parseWord(_ word: String, _ content: JSONValue.Content)
    throws(JSONSyntaxError) -> JSONValue.Content
  {
    let first = found
    for byte in word.utf8 {
      guard current == byte else { throw error(.misspelledLiteral(found: first)) }
      index += 1
    }
    return content
  }

  private mutating func enterContainer() throws(JSONSyntaxError) {
    guard depth < Self.maximumDepth else {
      throw error(.nestedTooDeeply(limit: Self.maximumDepth))
    }
    depth += 1
    index += 1
  }

  private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue.Content {
    try enterContainer()
    defer { depth -= 1 }
    var fields: [JSONField] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(fields)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw error(.expectedFieldName(found: found)) }
      let namePosition = position
      let name = try parseString()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw error(.expectedColon(field: name, found: found))
      }
      index += 1
      skipWhitespace()
      fields.append(JSONField(name: name, position: namePosition, value: try parseValue()))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(fields)
      default: throw error(.expectedCommaOrBrace(field: name, found: found))
      }
    }
  }

  private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue.Content {
    try enterContainer()
    defer { depth -= 1 }
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default: throw error(.expectedCommaOrBracket(found: found))
      }
    }
  }

  private mutating func skipDigits() -> Int {
    let start = index
    while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
      index += 1
    }
    return index - start
  }

  private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue.Content {
    let start = index
    let startPosition = position
    if current == UInt8(ascii: "-") { index += 1 }
    if current == UInt8(ascii: "0") {
      index += 1
      if let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        throw error(.leadingZero)
      }
    } else if skipDigits() == 0 {
      throw error(.expectedDigits(.afterMinus))
    }
    if current == UInt8(ascii: ".") {
      index += 1
      guard skipDigits() > 0 else { throw error(.expectedDigits(.afterDecimalPoint)) }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard skipDigits() > 0 else { throw error(.expectedDigits(.inExponent)) }
    }
    let literal = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let value = Double(literal), value.isFinite else {
      throw JSONSyntaxError(.numberOutOfRange(literal: literal), at: startPosition)
    }
    return .number(value, literal: literal)
  }

  private mutating func parseString() throws(JSONSyntaxError) -> String {
    let start = position
    index += 1
    var text: [UInt8] = []
    while true {
      guard let byte = current else { throw error(.unterminatedString) }
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let string = String(validating: text, as: UTF8.self) else {
          throw JSONSyntaxError(.invalidUTF8, at: start)
        }
        return string
      case UInt8(ascii: "\\"):
        index += 1
        try parseEscape(into: &text)
      case 0x00..<0x20:
        throw error(.controlCharacterInString(byte))
      default:
        text.append(byte)
        index += 1
      }
    }
  }

  private mutating func parseEscape(into text: inout [UInt8]) throws(JSONSyntaxError) {
    guard let byte = current else { throw error(.unterminatedString) }
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
    case UInt8(ascii: "b"): text.append(0x08)
    case UInt8(ascii: "f"): text.append(0x0C)
    case UInt8(ascii: "n"): text.append(0x0A)
    case UInt8(ascii: "r"): text.append(0x0D)
    case UInt8(ascii: "t"): text.append(0x09)
    case UInt8(ascii: "u"):
      index += 1
      text.append(contentsOf: String(try parseUnicodeEscape()).utf8)
      return
    default: throw error(.invalidEscape(byte))
    }
    index += 1
  }

  /// Reads the four hex digits after `\u`, and a second `\uXXXX` when the first is a high
  /// surrogate.
  private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
    let first = try parseHexQuad()
    if (0xDC00..<0xE000).contains(first) { throw error(.unpairedSurrogate) }
    guard (0xD800..<0xDC00).contains(first) else {
      return Unicode.Scalar(first) ?? "\u{FFFD}"
    }
    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count,
      bytes[index + 1] == UInt8(ascii: "u")
    else { throw error(.unpairedSurrogate) }
    index += 2
    let low = try parseHexQuad()
    guard (0xDC00..<0xE000).contains(low) else { throw error(.unpairedSurrogate) }
    return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
  }

  private mutating func parseHexQuad() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = Self.hexDigit(byte) else {
        throw error(.expectedHexDigits)
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  private static func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }
}
