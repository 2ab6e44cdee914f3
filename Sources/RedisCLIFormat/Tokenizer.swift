/// The outcome of splitting a typed line into arguments.
public enum TokenizeResult: Equatable, Sendable {
  /// The line split cleanly; an empty list means a blank line.
  case arguments([[UInt8]])
  /// A closing quote was followed by something other than a blank.
  case invalid
  /// The line ended inside an open quote.
  case unterminated
}

/// redis-cli's argument splitter (`sdssplitargs`), working on raw bytes.
///
/// The line is treated as a C string, as redis-cli receives it from its line editor: a NUL
/// byte ends it. Blanks are C's `isspace` set between arguments, while inside an unquoted
/// argument only space, `\n`, `\r` and `\t` end it (so a vertical tab or form feed inside a
/// word is kept, exactly as redis-cli does).
public enum Tokenizer {
  /// Splits `line` into arguments with redis-cli's quoting rules.
  public static func split(_ line: [UInt8]) -> TokenizeResult {
    let scan = scan(line)
    switch scan.failure {
    case .none: return .arguments(scan.tokens.map(\.bytes))
    case .invalid: return .invalid
    case .unterminated: return .unterminated
    }
  }

  /// Quotes one argument so that `split` gives back exactly its bytes.
  ///
  /// Printable ASCII stays as it is; quotes, backslashes and every other byte are escaped
  /// inside double quotes, the same escapes redis-cli uses when it prints a bulk string.
  public static func quote(_ argument: [UInt8]) -> [UInt8] {
    var quoted: [UInt8] = []
    BulkStringEscaper.appendQuoted(argument, to: &quoted)
    return quoted
  }

  /// One argument and the byte range of the line it came from.
  struct ScannedToken: Equatable {
    var bytes: [UInt8]
    var start: Int
    var end: Int
  }

  /// Why a scan stopped early.
  enum ScanFailure {
    case invalid
    case unterminated
  }

  /// Everything a scan learned: the complete arguments, and the partial one when it failed.
  struct ScanResult {
    var tokens: [ScannedToken] = []
    var failure: ScanFailure?
    var partial: ScannedToken?
    /// Where the line ends for the splitter: at the first NUL byte, or its length.
    var effectiveEnd: Int
  }

  /// Scans `line` like `sdssplitargs`, also recording where each argument starts and ends.
  static func scan(_ line: [UInt8]) -> ScanResult {
    let end = line.firstIndex(of: 0) ?? line.count
    var result = ScanResult(effectiveEnd: end)
    func byte(_ index: Int) -> UInt8 { index < end ? line[index] : 0 }
    /// A closing quote must be followed by a blank or the end of the line.
    func closesToken(_ quotePosition: Int) -> Bool {
      let next = byte(quotePosition + 1)
      return next == 0 || CCharacter.isSpace(next)
    }

    var position = 0
    while true {
      while position < end && CCharacter.isSpace(line[position]) { position += 1 }
      if position >= end { return result }

      let start = position
      var tokenEnd = start
      var current: [UInt8] = []
      var inDoubleQuotes = false
      var inSingleQuotes = false
      var done = false
      while !done {
        let character = byte(position)
        if inDoubleQuotes {
          if character == UInt8(ascii: "\\") && byte(position + 1) == UInt8(ascii: "x"),
            let high = CCharacter.hexValue(byte(position + 2)),
            let low = CCharacter.hexValue(byte(position + 3))
          {
            current.append(high &* 16 &+ low)
            position += 3
          } else if character == UInt8(ascii: "\\") && byte(position + 1) != 0 {
            position += 1
            current.append(unescaped(byte(position)))
          } else if character == UInt8(ascii: "\"") {
            if !closesToken(position) {
              return failed(&result, .invalid, current, start, position + 1)
            }
            done = true
            tokenEnd = position + 1
          } else if character == 0 {
            return failed(&result, .unterminated, current, start, end)
          } else {
            current.append(character)
          }
        } else if inSingleQuotes {
          if character == UInt8(ascii: "\\") && byte(position + 1) == UInt8(ascii: "'") {
            position += 1
            current.append(UInt8(ascii: "'"))
          } else if character == UInt8(ascii: "'") {
            if !closesToken(position) {
              return failed(&result, .invalid, current, start, position + 1)
            }
            done = true
            tokenEnd = position + 1
          } else if character == 0 {
            return failed(&result, .unterminated, current, start, end)
          } else {
            current.append(character)
          }
        } else {
          switch character {
          case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0:
            done = true
            tokenEnd = position
          case UInt8(ascii: "\""): inDoubleQuotes = true
          case UInt8(ascii: "'"): inSingleQuotes = true
          default: current.append(character)
          }
        }
        if position < end { position += 1 }
      }
      result.tokens.append(ScannedToken(bytes: current, start: start, end: tokenEnd))
    }
  }

  private static func failed(
    _ result: inout ScanResult, _ failure: ScanFailure, _ partial: [UInt8], _ start: Int,
    _ end: Int
  ) -> ScanResult {
    result.failure = failure
    result.partial = ScannedToken(bytes: partial, start: start, end: end)
    return result
  }

  /// The byte a backslash escape inside double quotes stands for.
  private static func unescaped(_ character: UInt8) -> UInt8 {
    switch character {
    case UInt8(ascii: "n"): return UInt8(ascii: "\n")
    case UInt8(ascii: "r"): return UInt8(ascii: "\r")
    case UInt8(ascii: "t"): return UInt8(ascii: "\t")
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "a"): return 0x07
    default: return character
    }
  }
}

/// C's character classes in the "C" locale, which is what redis-cli runs in.
enum CCharacter {
  /// `isspace`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
  }

  /// `isprint`: printable ASCII, space included.
  static func isPrint(_ byte: UInt8) -> Bool { (0x20...0x7E).contains(byte) }

  /// The value of a hexadecimal digit, either case.
  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// ASCII upper case of `bytes` as a string; other bytes are decoded leniently.
  static func upperCased(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
  }
}
