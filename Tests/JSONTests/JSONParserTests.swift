import JSON
import Testing

/// What the parser reads, where it says each value and field starts, and what it refuses.
@Suite struct JSONParserTests {
  @Test func readsEveryKindOfValue() throws {
    let value = try JSONParser.parse(
      #"{"s": "a\"b\\c\/\n\u00e9\ud83d\ude00", "n": -1.5e2, "t": true, "f": false, "z": null, "a": [1, [], {}]}"#
    )
    #expect(value["s"]?.string == "a\"b\\c/\né😀")
    #expect(value["n"]?.number == -150)
    #expect(value["t"]?.bool == true)
    #expect(value["f"]?.bool == false)
    #expect(value["z"]?.isNull == true)
    #expect(value["a"]?.array?.count == 3)
    #expect(value["a"]?.array?[1].array?.isEmpty == true)
    #expect(value["a"]?.array?[2].members?.isEmpty == true)
    #expect(value["missing"] == nil)
    #expect(value.fields?.map(\.name) == ["s", "n", "t", "f", "z", "a"])
  }

  @Test func numbersKeepTheirLiteral() throws {
    let value = try JSONParser.parse(#"[80, 80.0, 8e1, -0, 12345678901234567]"#)
    let elements = try #require(value.array)
    #expect(elements.map(\.numberLiteral) == ["80", "80.0", "8e1", "-0", "12345678901234567"])
    #expect(elements[0] != elements[1], "80 and 80.0 are different JSON")
    #expect(elements.map(\.number) == [80, 80, 80, 0, 12_345_678_901_234_568])
    // Only a literal without fraction or exponent is an integer, read exactly, not via Double.
    #expect(elements.map(\.integer) == [80, nil, nil, 0, 12_345_678_901_234_567])
  }

  @Test func valuesAndFieldsRememberTheirLineAndColumn() throws {
    let text = """
      {
        "limit": 10,
          "routes": {"/a": [true,
        null]}
      }
      """
    let root = try JSONParser.parse(text)
    #expect(root.position == JSONPosition(line: 1, column: 1))
    let fields = try #require(root.fields)
    #expect(fields[0].position == JSONPosition(line: 2, column: 3))
    #expect(fields[0].value.position == JSONPosition(line: 2, column: 12))
    #expect(fields[1].position == JSONPosition(line: 3, column: 5))
    let route = try #require(fields[1].value.fields?.first)
    #expect(route.position == JSONPosition(line: 3, column: 16))
    let elements = try #require(route.value.array)
    #expect(elements[0].position == JSONPosition(line: 3, column: 23))
    #expect(elements[1].position == JSONPosition(line: 4, column: 3))
  }

  @Test func repeatedFieldsAreKeptInOrderAndTheLastCounts() throws {
    let value = try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
    #expect(value.fields?.map(\.name) == ["a", "b", "a"])
    #expect(value.fields?[2].position.column == 18)
    #expect(value["a"]?.integer == 3)
    #expect(value.members?["a"]?.integer == 3)
  }

  /// Each malformed text, the message, and the line and column the parser points at.
  @Test(arguments: [
    ("", "the text is empty; expected a JSON value", 1, 1),
    (" \n\t ", "the text is empty; expected a JSON value", 1, 1),
    ("[1, 2,]", "expected a value, found ']'", 1, 7),
    ("{\"a\": 1,}", "expected a field name in double quotes, found '}'", 1, 9),
    ("{\n  \"a\": 1,\n  \"b\" 2\n}", "expected ':' after the field name \"b\", found '2'", 3, 7),
    ("{\"a\": 1\n\"b\": 2}", "expected ',' or '}' after the field \"a\", found '\"'", 2, 1),
    ("[1 2]", "expected ',' or ']' in a list, found '2'", 1, 4),
    ("{\"a\": 1} x", "unexpected 'x' after the end of the JSON value", 1, 10),
    ("// note\n{}", "expected a value, found '/'", 1, 1),
    ("{'a': 1}", "expected a field name in double quotes, found '''", 1, 2),
    ("[tru]", "expected a value, found 't' (strings need double quotes)", 1, 5),
    ("[01]", "numbers must not have leading zeros", 1, 3),
    ("[-]", "expected digits after '-'", 1, 3),
    ("[.5]", "expected a value, found '.'", 1, 2),
    ("[1.]", "expected digits after the decimal point", 1, 4),
    ("[1e+]", "expected digits in the exponent", 1, 5),
    ("[1, 1e999]", "the number 1e999 is out of range", 1, 5),
    ("[\"abc", "unterminated string", 1, 6),
    ("[\"a\nb\"]", "unterminated string (a string cannot span lines)", 1, 4),
    ("[\"a\tb\"]", "control character in a string; escape it", 1, 4),
    ("[\"\\x\"]", "invalid escape '\\x' in a string", 1, 4),
    ("[\"\\u12g4\"]", "expected four hex digits after \\u", 1, 7),
    ("[\"\\ud800\"]", "unpaired surrogate in a \\u escape", 1, 9),
    ("[\"\\udc00\"]", "unpaired surrogate in a \\u escape", 1, 9),
    ("[1,\n\n  ]", "expected a value, found ']'", 3, 3),
  ])
  func refusesMalformedTextSayingWhatAndWhere(
    text: String, message: String, line: Int, column: Int
  ) {
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    do {
      _ = try JSONParser.parse(text)
    } catch {
      #expect(error.message == message, "\(text)")
      #expect(error.position == JSONPosition(line: line, column: column), "\(text)")
      #expect(error.description == "\(message) at line \(line), column \(column)")
    }
  }

  @Test func refusesInvalidUTF8InAString() {
    let bytes: [UInt8] = [
      UInt8(ascii: "["), UInt8(ascii: "\""), 0xC3, UInt8(ascii: "\""), UInt8(ascii: "]"),
    ]
    #expect(throws: JSONSyntaxError(.invalidUTF8, at: JSONPosition(line: 1, column: 2))) {
      try JSONParser.parse(bytes)
    }
  }

  @Test func nestingStopsAtTheLimit() throws {
    let limit = JSONParser.maximumDepth
    let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    #expect(try JSONParser.parse(deepest).array?.count == 1)
    let objects =
      String(repeating: "{\"a\":", count: limit - 1) + "{}"
      + String(repeating: "}", count: limit - 1)
    #expect(try JSONParser.parse(objects).fields?.count == 1)

    let tooDeep =
      "{\"a\":" + String(repeating: "[", count: limit) + String(repeating: "]", count: limit) + "}"
    #expect(
      throws: JSONSyntaxError(
        .nestedTooDeeply(limit: limit), at: JSONPosition(line: 1, column: 6 + limit - 1))
    ) { try JSONParser.parse(tooDeep) }
    // Far deeper input is refused just the same, without exhausting the stack.
    let hostile = String(repeating: "[", count: 100_000)
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(hostile) }
  }
}
