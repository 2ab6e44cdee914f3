import JSON
import Testing

/// What the writer produces, and that the parser reads it back to the same value.
@Suite struct JSONWriterTests {
  @Test func quotesEscapeQuotesBackslashesAndControlCharacters() {
    #expect(JSONWriter.quoted("say \"hi\"\\") == #""say \"hi\"\\""#)
    #expect(JSONWriter.quoted("a\nb\rc\td\u{08}e\u{0C}f") == #""a\nb\rc\td\be\ff""#)
    #expect(JSONWriter.quoted("\u{01}\u{1B}[0m\u{7F}") == #""\u0001\u001b[0m\u007f""#)
    #expect(JSONWriter.quoted("é😀/") == "\"é😀/\"")
  }

  @Test func numbersAreJSONAndFinite() {
    #expect(JSONWriter.number(80) == "80.0")
    #expect(JSONWriter.number(0.25) == "0.25")
    #expect(JSONWriter.number(.infinity) == "0")
    #expect(JSONWriter.number(.nan) == "0")
  }

  @Test func writesCompactTextWithFieldsInOrderAndNumbersAsWritten() throws {
    let text = """
      { "z": [1, 80.0, -2.5E+3, true, false, null],
        "a": {"nested": "x\\ny", "empty": []}, "z": {} }
      """
    let written = JSONWriter.text(try JSONParser.parse(text))
    #expect(
      written == #"{"z":[1,80.0,-2.5E+3,true,false,null],"a":{"nested":"x\ny","empty":[]},"z":{}}"#)
  }

  @Test func valuesBuiltInCodeAreWritten() {
    let value = JSONValue.object([
      ("name", .string("tab\there")), ("count", .integer(3)), ("ratio", .number(0.5)),
      ("tags", .array([.bool(true), .null])),
    ])
    #expect(
      JSONWriter.text(value) == #"{"name":"tab\there","count":3,"ratio":0.5,"tags":[true,null]}"#)
  }

  /// Every string of control characters, quotes and non-ASCII text reads back unchanged.
  @Test(arguments: [
    "", "plain", "\"\\/", "\u{00}\u{01}\u{1F}\u{7F}", "line\nbreak\r\n", "é ü 漢字 😀 \u{10FFFF}",
  ])
  func stringsRoundTrip(text: String) throws {
    #expect(try JSONParser.parse(JSONWriter.quoted(text)).string == text)
  }

  @Test func valuesRoundTripThroughTheWriter() throws {
    let samples = [
      #"{"a": [1, 2.50, 1e-7, -0], "b": {"c": null, "d": [true, false]}, "e": "\u0000\ud83d\ude00"}"#,
      "[]", "{}", "0", "\"\"", "[[[[]]]]", #"{"dup": 1, "dup": 2}"#,
    ]
    for sample in samples {
      let value = try JSONParser.parse(sample)
      let written = JSONWriter.text(value)
      let reread = try JSONParser.parse(written)
      #expect(reread == value, "\(sample)")
      #expect(JSONWriter.text(reread) == written, "\(sample)")
      #expect(reread.fields?.map(\.name) == value.fields?.map(\.name), "\(sample)")
    }
  }
}
