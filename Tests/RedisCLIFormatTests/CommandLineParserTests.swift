import Testing

@testable import RedisCLIFormat

/// What `CommandLineParser.parse` makes of a line written as text.
func parsed(_ line: String) -> ParsedLine { CommandLineParser.parse(bytes(line)) }

@Suite struct CommandLineParserTests {
  @Test func blankLinesDoNothing() {
    #expect(parsed("") == .empty)
    #expect(parsed(" \t ") == .empty)
  }

  @Test func plainCommandRunsOnce() {
    #expect(parsed("GET k") == .command(repeat: 1, argv: [bytes("GET"), bytes("k")]))
  }

  @Test func repeatPrefixIsDropped() {
    #expect(parsed("3 INCR c") == .command(repeat: 3, argv: [bytes("INCR"), bytes("c")]))
    #expect(parsed("+2 PING") == .command(repeat: 2, argv: [bytes("PING")]))
    #expect(parsed(#"" 4" PING"#) == .command(repeat: 4, argv: [bytes("PING")]))
  }

  @Test func aNumberAloneIsACommand() {
    #expect(parsed("3") == .command(repeat: 1, argv: [bytes("3")]))
  }

  @Test func partlyNumericFirstWordIsNoPrefix() {
    #expect(parsed("3x PING") == .command(repeat: 1, argv: [bytes("3x"), bytes("PING")]))
    #expect(parsed("+ PING") == .command(repeat: 1, argv: [bytes("+"), bytes("PING")]))
  }

  @Test func zeroNegativeEmptyOrHugeRepeatIsRejected() {
    #expect(parsed("0 PING") == .invalidRepeat)
    #expect(parsed("-2 PING") == .invalidRepeat)
    #expect(parsed(#""" PING"#) == .invalidRepeat)
    #expect(parsed("99999999999999999999 PING") == .invalidRepeat)
  }

  @Test func largestRepeatIsAccepted() {
    #expect(
      parsed("9223372036854775807 PING") == .command(repeat: Int.max, argv: [bytes("PING")]))
  }

  @Test func quotingErrorsAreReported() {
    #expect(parsed(#"SET k "v"x"#) == .invalidArguments)
    #expect(parsed(#"SET k "v"#) == .unterminatedQuote)
  }
}
