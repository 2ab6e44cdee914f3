/// Why a text is not JSON, and where the parser noticed.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What the parser found where it expected something else.
  public enum Found: Equatable, Sendable, CustomStringConvertible {
    case endOfInput
    case byte(UInt8)

    /// For messages: `'x'` for printable ASCII, `byte 0x0A` otherwise, `end of file` at the end.
    public var description: String {
      switch self {
      case .endOfInput: return "end of file"
      case .byte(let byte) where byte >= 0x20 && byte < 0x7F:
        return "'\(Character(Unicode.Scalar(byte)))'"
      case .byte(let byte):
        return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
      }
    }
  }

  /// Which part of a number lacks its digits.
  public enum NumberPart: Equatable, Sendable {
    case afterMinus, afterDecimalPoint, inExponent
  }

  /// What is wrong; callers with their own wording (the asciicast checker) switch over it.
  public enum Reason: Equatable, Sendable {
    /// Nothing but whitespace.
    case empty
    case expectedValue(found: Found)
    /// A bare word that is not `true`, `false` or `null`, such as an unquoted string.
    case misspelledLiteral(found: Found)
    case expectedFieldName(found: Found)
    case expectedColon(field: String, found: Found)
    case expectedCommaOrBrace(field: String, found: Found)
    case expectedCommaOrBracket(found: Found)
    case textAfterValue(found: Found)
    case nestedTooDeeply(limit: Int)
    case leadingZero
    case expectedDigits(NumberPart)
    case numberOutOfRange(literal: String)
    case unterminatedString
    case controlCharacterInString(UInt8)
    case invalidEscape(UInt8)
    case expectedHexDigits
    case unpairedSurrogate
    case invalidUTF8
  }

  public var reason: Reason
  /// Where the problem is: the offending byte, or the end of the text when it ends early.
  public var position: JSONPosition

  public init(_ reason: Reason, at position: JSONPosition) {
    self.reason = reason
    self.position = position
  }

  public var line: Int { position.line }
  public var column: Int { position.column }

  /// What is wrong, without the position: "expected a value, found ']'".
  public var message: String {
    switch reason {
    case .empty: return "the text is empty; expected a JSON value"
    case .expectedValue(let found): return "expected a value, found \(found)"
    case .misspelledLiteral(let found):
      return "expected a value, found \(found) (strings need double quotes)"
    case .expectedFieldName(let found):
      return "expected a field name in double quotes, found \(found)"
    case .expectedColon(let field, let found):
      return "expected ':' after the field name \"\(field)\", found \(found)"
    case .expectedCommaOrBrace(let field, let found):
      return "expected ',' or '}' after the field \"\(field)\", found \(found)"
    case .expectedCommaOrBracket(let found):
      return "expected ',' or ']' in a list, found \(found)"
    case .textAfterValue(let found): return "unexpected \(found) after the end of the JSON value"
    case .nestedTooDeeply(let limit): return "nested more than \(limit) levels deep"
    case .leadingZero: return "numbers must not have leading zeros"
    case .expectedDigits(.afterMinus): return "expected digits after '-'"
    case .expectedDigits(.afterDecimalPoint): return "expected digits after the decimal point"
    case .expectedDigits(.inExponent): return "expected digits in the exponent"
    case .numberOutOfRange(let literal): return "the number \(literal) is out of range"
    case .unterminatedString: return "unterminated string"
    case .controlCharacterInString(0x0A):
      return "unterminated string (a string cannot span lines)"
    case .controlCharacterInString: return "control character in a string; escape it"
    case .invalidEscape(let byte):
      return "invalid escape '\\\(Character(Unicode.Scalar(byte)))' in a string"
    case .expectedHexDigits: return "expected four hex digits after \\u"
    case .unpairedSurrogate: return "unpaired surrogate in a \\u escape"
    case .invalidUTF8: return "a string is not valid UTF-8"
    }
  }

  /// The message with its place: "expected a value, found ']' at line 1, column 7".
  public var description: String {
    "\(message) at line \(position.line), column \(position.column)"
  }
}
