import Testing

@testable import RedisCLIFormat

/// The bytes of `text`, for readable expectations.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The arguments `Tokenizer.split` gives for a line written as text.
func arguments(_ line: String) -> TokenizeResult { Tokenizer.split(bytes(line)) }

@Suite struct TokenizerTests {
  @Test func splitsOnBlanks() {
    #expect(arguments("SET  k\tv\r\n") == .arguments([bytes("SET"), bytes("k"), bytes("v")]))
    #expect(arguments("   ") == .arguments([]))
    #expect(arguments("") == .arguments([]))
  }

  @Test func doubleQuotesUnderstandEscapes() {
    #expect(
      arguments(#""a\nb\r\t\a\b""#) == .arguments([[0x61, 0x0A, 0x62, 0x0D, 0x09, 0x07, 0x08]]))
    #expect(arguments(#""\xc3\xA9""#) == .arguments([[0xC3, 0xA9]]))
    #expect(arguments(#""\q\"\\""#) == .arguments([bytes(#"q"\"#)]))
  }

  @Test func hexEscapeNeedsExactlyTwoHexDigits() {
    #expect(arguments(#""\x4""#) == .arguments([bytes("x4")]))
    #expect(arguments(#""\xzz""#) == .arguments([bytes("xzz")]))
    #expect(arguments(#""\x414""#) == .arguments([bytes("A4")]))
  }

  @Test func singleQuotesOnlyUnderstandEscapedQuote() {
    #expect(arguments(#"'a\\b'"#) == .arguments([bytes(#"a\\b"#)]))
    #expect(arguments(#"'it\'s'"#) == .arguments([bytes("it's")]))
    #expect(arguments(#"'\n'"#) == .arguments([bytes(#"\n"#)]))
  }

  @Test func quotesMayOpenMidToken() {
    #expect(arguments(#"foo"a b""#) == .arguments([bytes("fooa b")]))
    #expect(arguments(#"x'y z' w"#) == .arguments([bytes("xy z"), bytes("w")]))
  }

  @Test func emptyQuotesAreAnEmptyArgument() {
    #expect(arguments(#"SET k """#) == .arguments([bytes("SET"), bytes("k"), []]))
    #expect(arguments("''") == .arguments([[]]))
  }

  @Test func closingQuoteMustBeFollowedByABlank() {
    #expect(arguments(#""a"b"#) == .invalid)
    #expect(arguments("'a'b") == .invalid)
    #expect(arguments("\"a\"\u{0B}b") == .arguments([bytes("a"), bytes("b")]))
  }

  @Test func unterminatedQuotesAreToldApart() {
    #expect(arguments(#"SET k "abc"#) == .unterminated)
    #expect(arguments("SET k 'abc") == .unterminated)
    #expect(arguments(#""abc\"#) == .unterminated)
    #expect(arguments(#""ab\""#) == .unterminated)
  }

  @Test func verticalTabSeparatesOnlyBetweenArguments() {
    #expect(arguments("\u{0B}a\u{0C}b c") == .arguments([bytes("a\u{0C}b"), bytes("c")]))
  }

  @Test func aNulByteEndsTheLineLikeACString() {
    #expect(
      Tokenizer.split([0x61, 0x20, 0x62, 0x00, 0x63]) == .arguments([bytes("a"), bytes("b")]))
    #expect(Tokenizer.split([0x22, 0x61, 0x00, 0x22]) == .unterminated)
  }

  @Test func bytesAboveASCIIPassThrough() {
    #expect(Tokenizer.split([0xC3, 0xA9, 0x20, 0xFF]) == .arguments([[0xC3, 0xA9], [0xFF]]))
  }

  @Test func quoteRoundTrips() {
    let samples: [[UInt8]] = [
      [], bytes("plain"), bytes("with space"), [0, 1, 0x22, 0x5C, 0xFF, 0x0A],
    ]
    for sample in samples {
      #expect(Tokenizer.split(Tokenizer.quote(sample)) == .arguments([sample]))
    }
  }
}
