/// What a typed line means, after redis-cli's tokenizer and repeat prefix.
public enum ParsedLine: Equatable, Sendable {
  /// A blank line: do nothing.
  case empty
  /// A command to send `repeat` times: `3 INCR c` is repeat 3, argv `[INCR, c]`.
  case command(repeat: Int, argv: [[UInt8]])
  /// A closing quote not followed by a blank: print `Invalid argument(s)`.
  case invalidArguments
  /// A repeat prefix of zero, a negative number or one too large: print
  /// `Invalid redis-cli repeat command option value.`
  case invalidRepeat
  /// The line ends inside an open quote.
  case unterminatedQuote
}

/// Turns a typed line into a command the way redis-cli 7.0's REPL does.
public enum CommandLineParser {
  /// Splits `line` and applies the repeat prefix.
  public static func parse(_ line: [UInt8]) -> ParsedLine {
    switch Tokenizer.split(line) {
    case .invalid: return .invalidArguments
    case .unterminated: return .unterminatedQuote
    case .arguments(let argv):
      guard let first = argv.first else { return .empty }
      guard argv.count > 1 else { return .command(repeat: 1, argv: argv) }
      switch RepeatPrefix(first) {
      case .notANumber: return .command(repeat: 1, argv: argv)
      case .outOfRange: return .invalidRepeat
      case .count(let count): return .command(repeat: count, argv: Array(argv.dropFirst()))
      }
    }
  }
}

/// How redis-cli reads a first argument as a repeat count: C's `strtol(argv[0], &end, 10)`.
///
/// The argument counts as a repeat prefix when `strtol` consumes all of it (up to a NUL
/// byte, since redis-cli passes a C string). Like `strtol`, leading blanks and a sign are
/// accepted; an empty argument is "fully consumed" with the value 0.
enum RepeatPrefix: Equatable {
  case notANumber
  case outOfRange
  case count(Int)

  init(_ argument: [UInt8]) {
    let text = argument.prefix { $0 != 0 }
    var index = text.startIndex
    while index < text.endIndex && CCharacter.isSpace(text[index]) { index += 1 }
    var negative = false
    if index < text.endIndex
      && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-"))
    {
      negative = text[index] == UInt8(ascii: "-")
      index += 1
    }
    let digitsStart = index
    var magnitude: UInt64 = 0
    var overflow = false
    while index < text.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) {
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(text[index] - 48))
      overflow = overflow || overflow1 || overflow2
      magnitude = sum
      index += 1
    }
    if index == digitsStart {
      // No digits: strtol leaves the end pointer at the start, so only "" is consumed.
      self = text.isEmpty ? .outOfRange : .notANumber
      return
    }
    guard index == text.endIndex else {
      self = .notANumber
      return
    }
    if overflow || negative || magnitude == 0 || magnitude > UInt64(Int64.max) {
      self = .outOfRange
    } else {
      self = .count(Int(magnitude))
    }
  }
}
