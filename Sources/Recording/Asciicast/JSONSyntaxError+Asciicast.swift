import JSON

extension JSONSyntaxError {
  /// The problem as the asciicast checker and reader word it: "unexpected character at
  /// column 14".
  ///
  /// An asciicast line is one JSON text on one line, so the column alone places it, and the
  /// words talk about a line ending early rather than a file.
  var asciicastDescription: String {
    "\(asciicastProblem) at column \(column)"
  }

  private var asciicastProblem: String {
    switch reason {
    case .empty, .expectedValue(found: .endOfInput):
      return "the value is missing (the line ends early)"
    case .expectedValue, .misspelledLiteral: return "unexpected character"
    case .expectedFieldName: return "expected a quoted member name"
    case .expectedColon: return "expected ':' after a member name"
    case .expectedCommaOrBrace: return "expected ',' or '}' in an object"
    case .expectedCommaOrBracket: return "expected ',' or ']' in an array"
    case .textAfterValue, .leadingZero: return "unexpected text after the value"
    case .nestedTooDeeply: return "nested too deeply"
    case .expectedDigits(.afterMinus): return "expected a digit"
    case .expectedDigits(.afterDecimalPoint): return "expected a digit after '.'"
    case .expectedDigits(.inExponent): return "expected a digit in the exponent"
    case .numberOutOfRange: return "a number too large to represent"
    case .unterminatedString: return "a string is not closed (the line ends early)"
    case .controlCharacterInString:
      return "a raw control character inside a string (it must be escaped)"
    case .invalidEscape(let byte): return "an unknown escape '\\\(Character(Unicode.Scalar(byte)))'"
    case .expectedHexDigits: return "a \\u escape needs four hex digits"
    case .unpairedSurrogate: return "an unpaired surrogate in a \\u escape"
    case .invalidUTF8: return "not valid UTF-8"
    }
  }
}
