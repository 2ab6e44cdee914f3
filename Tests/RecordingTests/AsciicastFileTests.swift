import Recording
import Testing

@Suite struct AsciicastFileTests {
  let header = #"{"version": 2, "width": 80, "height": 24, "idle_time_limit": 1.5}"#

  @Test func readsHeaderFieldsAndEvents() throws {
    let text = """
      {"version": 2, "width": 120, "height": 40, "timestamp": 1767254400, "title": "t", \
      "env": {"TERM": "xterm-256color", "SHELL": null}, "theme": {"fg": "#fff"}}
      [0.5, "o", "a"]
      [1, "m", "day 1 · strings"]
      [1.25, "r", "100x30"]
      [2, "x", "an unknown kind, skipped"]
      [2.5e0, "i", "b"]

      """
    let file = try AsciicastFile.parse(text)
    #expect(
      file.header
        == AsciicastHeader(
          width: 120, height: 40, timestamp: 1_767_254_400, title: "t",
          env: ["TERM": "xterm-256color"]))
    #expect(
      file.events == [
        AsciicastEvent(time: 0.5, code: .output, data: "a"),
        AsciicastEvent(time: 1, code: .marker, data: "day 1 · strings"),
        AsciicastEvent(time: 1.25, code: .resize, data: "100x30"),
        AsciicastEvent(time: 2.5, code: .input, data: "b"),
      ])
    #expect(file.damage == nil)
    #expect(file.markers.map(\.index) == [1])
    #expect(file.markers.map(\.label) == ["day 1 · strings"])
    #expect(file.markers.map(\.time) == [1])
  }

  @Test func lastLineWithoutNewlineThatParsesIsFine() throws {
    let file = try AsciicastFile.parse(header + "\n[0.5, \"o\", \"a\"]\n[1.0, \"o\", \"b\"]")
    #expect(file.events.map(\.data) == ["a", "b"])
    #expect(file.damage == nil)
  }

  @Test func fileCutMidLineKeepsEventsUpToTheCut() throws {
    var lines = [header]
    for index in 0..<60 { lines.append("[\(Double(index) / 10), \"o\", \"line \(index)\\r\\n\"]") }
    let whole = lines.joined(separator: "\n") + "\n"
    let cut = String(whole.utf8.prefix(whole.utf8.count - 9))!
    let file = try AsciicastFile.parse(cut)
    #expect(file.events.count == 59)
    #expect(file.events.last?.data == "line 58\r\n")
    #expect(
      file.damage
        == "line 61: cut off mid-line (the recording was interrupted) (the file is damaged from here)"
    )
  }

  @Test func damagedLineInTheMiddleStopsReadingThere() throws {
    let text = [
      header, #"[0.5, "o", "a"]"#, #"{"not": "an event"}"#, #"[1.0, "o", "b"]"#,
    ].joined(separator: "\n")
    let file = try AsciicastFile.parse(text)
    #expect(file.events.map(\.data) == ["a"])
    #expect(
      file.damage == "line 3: not a JSON array [time, code, data] (the file is damaged from here)")

    let broken = try AsciicastFile.parse(header + "\n[0.5, \"o\", \"a\"\n[1, \"o\", \"b\"]\n")
    #expect(broken.events.isEmpty)
    #expect(broken.damage?.hasPrefix("line 2: not valid JSON (") == true)
  }

  @Test func invalidUTF8IsDamage() throws {
    var bytes = Array((header + "\n[0.5, \"o\", \"a\"]\n[1, \"o\", \"").utf8)
    bytes += [0xFF, 0xFE]
    bytes += Array("\"]\n".utf8)
    let file = try AsciicastFile.parse(bytes: bytes)
    #expect(file.events.map(\.data) == ["a"])
    #expect(file.damage == "line 3: not valid UTF-8 (the file is damaged from here)")
  }

  @Test func versionOneIsRefusedWithAClearReason() {
    let oneLine = #"{"version": 1, "width": 80, "height": 24, "stdout": [[0.5, "a"]]}"#
    let prettyPrinted = """
      {
        "version": 1,
        "width": 80,
        "height": 24,
        "duration": 1.5,
        "stdout": [
          [0.5, "hello"]
        ]
      }
      """
    for text in [oneLine, prettyPrinted] {
      #expect {
        try AsciicastFile.parse(text)
      } throws: { error in
        "\(error)"
          == "an asciicast v1 recording from an older tutor or asciinema 1.x: "
          + "this version reads v2 only"
      }
    }
  }

  @Test func versionThreeIsRefusedWithAClearReason() {
    let text = """
      {"version": 3, "term": {"cols": 80, "rows": 24}}
      [0.5, "o", "a"]
      """
    #expect {
      try AsciicastFile.parse(text)
    } throws: { error in
      "\(error)".hasPrefix(
        "an asciicast v3 recording from asciinema 3.x: this version reads v2 only")
    }
  }

  @Test(arguments: [
    (#"{"version": 2, "height": 24}"#, #"line 1: the header has no "width""#),
    (#"{"version": 2, "width": 80}"#, #"line 1: the header has no "height""#),
    (#"{"version": 2, "width": 0, "height": 24}"#, #"line 1: the header's "width" is not"#),
    (#"{"version": 2, "width": "80", "height": 24}"#, #"line 1: the header's "width" is not"#),
    (#"{"width": 80, "height": 24}"#, #"line 1: the header has no "version""#),
    (#"{"version": 7, "width": 80, "height": 24}"#, "line 1: asciicast version 7.0 is not"),
    (#"[0.5, "o", "a"]"#, "line 1: not an asciicast header"),
    ("hello world", "line 1: not an asciicast header"),
    ("", "the file is empty"),
  ])
  func unplayableFilesAreErrors(text: String, expectedStart: String) {
    #expect {
      try AsciicastFile.parse(text + "\n[0.5, \"o\", \"a\"]\n")
    } throws: { error in
      "\(error)".hasPrefix(expectedStart)
    }
  }

  @Test func missingFileIsAnErrorThatSaysWhatToDo() {
    #expect {
      try AsciicastFile.read(path: "/nonexistent-directory/session.cast")
    } throws: { error in
      "\(error)"
        == "cannot read the recording /nonexistent-directory/session.cast: "
        + "No such file or directory; check the path"
    }
  }
}
