import RedisClient

/// Reads `COMMAND DOCS` as JSON, the form in which a RESP2 client limited in nesting can
/// receive it.
///
/// hiredis 0.14 refuses replies nested deeper than 7 levels ("No support for nested multi
/// bulk replies with depth > 7"), and `COMMAND DOCS` nests deeper (subcommands, blocks of
/// one-ofs). So the server encodes the reply itself: a Lua script runs `COMMAND DOCS` and
/// returns it through `cjson.encode` as one bulk string, which this decodes back into the
/// same `Reply` shape. Lua turns a status reply into `{"ok": text}`, an empty array into
/// `{}` and nil into `false`; each is mapped back.
enum CommandDocsJSON {
  /// The `EVAL` that fetches the docs as JSON.
  static let script = "return cjson.encode(redis.call('COMMAND', 'DOCS'))"

  /// Decodes the script's JSON text; nil when it is not valid JSON.
  static func decode(_ text: [UInt8]) -> Reply? {
    var parser = Parser(text: text)
    guard let reply = parser.value(depth: 0) else { return nil }
    parser.skipBlanks()
    return parser.isAtEnd ? reply : nil
  }

  /// A recursive-descent JSON parser producing replies.
  private struct Parser {
    let text: [UInt8]
    var position = 0

    var isAtEnd: Bool { position >= text.count }

    mutating func skipBlanks() {
      while position < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) {
        position += 1
      }
    }

    mutating func value(depth: Int) -> Reply? {
      guard depth < 64 else { return nil }
      skipBlanks()
      guard position < text.count else { return nil }
      switch text[position] {
      case UInt8(ascii: "["):
        position += 1
        var elements: [Reply] = []
        skipBlanks()
        if position < text.count, text[position] == UInt8(ascii: "]") {
          position += 1
          return .array([])
        }
        while true {
          guard let element = value(depth: depth + 1) else { return nil }
          elements.append(element)
          skipBlanks()
          guard position < text.count else { return nil }
          position += 1
          if text[position - 1] == UInt8(ascii: "]") { return .array(elements) }
          guard text[position - 1] == UInt8(ascii: ",") else { return nil }
        }
      case UInt8(ascii: "{"):
        return object(depth: depth)
      case UInt8(ascii: "\""):
        return string().map { .bulk($0) }
      case UInt8(ascii: "t"): return literal("true", .integer(1))
      case UInt8(ascii: "f"): return literal("false", .null)
      case UInt8(ascii: "n"): return literal("null", .null)
      default: return number()
      }
    }

    /// An object: `{}` is an empty array, `{"ok": s}` a status, `{"err": s}` an error.
    private mutating func object(depth: Int) -> Reply? {
      position += 1
      var fields: [([UInt8], Reply)] = []
      skipBlanks()
      if position < text.count, text[position] == UInt8(ascii: "}") {
        position += 1
        return .array([])
      }
      while true {
        skipBlanks()
        guard position < text.count, text[position] == UInt8(ascii: "\""), let key = string()
        else { return nil }
        skipBlanks()
        guard position < text.count, text[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        guard let fieldValue = value(depth: depth + 1) else { return nil }
        fields.append((key, fieldValue))
        skipBlanks()
        guard position < text.count else { return nil }
        position += 1
        if text[position - 1] == UInt8(ascii: "}") { break }
        guard text[position - 1] == UInt8(ascii: ",") else { return nil }
      }
      if fields.count == 1, case .bulk(let message) = fields[0].1 {
        if fields[0].0 == Array("ok".utf8) { return .status(message) }
        if fields[0].0 == Array("err".utf8) { return .error(message) }
      }
      return .array(fields.flatMap { [Reply.bulk($0.0), $0.1] })
    }

    private mutating func literal(_ word: String, _ reply: Reply) -> Reply? {
      let bytes = Array(word.utf8)
      guard text.count - position >= bytes.count,
        Array(text[position..<position + bytes.count]) == bytes
      else { return nil }
      position += bytes.count
      return reply
    }

    private mutating func number() -> Reply? {
      let start = position
      while position < text.count,
        "+-0123456789.eE".utf8.contains(text[position])
      {
        position += 1
      }
      let literal = String(decoding: text[start..<position], as: UTF8.self)
      if let integer = Int64(literal) { return .integer(integer) }
      if let double = Double(literal), double.isFinite, abs(double) < 9e18 {
        return .integer(Int64(double))
      }
      return nil
    }

    /// A string, the opening quote at `position`; escapes decoded, `\u` to UTF-8.
    private mutating func string() -> [UInt8]? {
      position += 1
      var bytes: [UInt8] = []
      while position < text.count {
        let byte = text[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return bytes
        case UInt8(ascii: "\\"):
          guard position < text.count else { return nil }
          let escape = text[position]
          position += 1
          switch escape {
          case UInt8(ascii: "b"): bytes.append(0x08)
          case UInt8(ascii: "f"): bytes.append(0x0C)
          case UInt8(ascii: "n"): bytes.append(0x0A)
          case UInt8(ascii: "r"): bytes.append(0x0D)
          case UInt8(ascii: "t"): bytes.append(0x09)
          case UInt8(ascii: "u"):
            guard text.count - position >= 4 else { return nil }
            var scalar: UInt32 = 0
            for digit in text[position..<position + 4] {
              guard let value = CCharacter.hexValue(digit) else { return nil }
              scalar = scalar << 4 | UInt32(value)
            }
            position += 4
            bytes.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
          default: bytes.append(escape)
          }
        default: bytes.append(byte)
        }
      }
      return nil
    }
  }
}
