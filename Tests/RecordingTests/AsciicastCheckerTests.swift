import Recording
import Testing
import TutorTestSupport

@Suite struct AsciicastCheckerTests {
  @Test func writtenFilesHaveNoViolations() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let header = AsciicastHeader(
      width: 80, height: 24, timestamp: 1_767_254_400, title: "tricky\u{1B}\"title\"",
      idleTimeLimit: 0.5, env: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])
    let writer = try AsciicastWriter(
      path: scratch.path("ok.cast"), header: header, maximumBytes: 1 << 20, now: clock.now)
    for text in trickyTexts {
      clock.time += 0.1
      writer.output(text)
      writer.marker(text)
    }
    writer.resize(columns: 132, rows: 43)
    writer.input("q")
    writer.close()
    #expect(AsciicastChecker.violations(in: try scratch.bytes("ok.cast")) == [])
    #expect(AsciicastChecker.violations(in: try scratch.text("ok.cast")) == [])
  }

  @Test func handWrittenGoodFileHasNoViolations() {
    let text = """
      {"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "duration": 3.5, \
      "idle_time_limit": 2, "command": "/bin/bash", "title": "t", \
      "env": {"SHELL": "/bin/bash", "TERM": "xterm-256color"}, \
      "theme": {"fg": "#d0d0d0", "bg": "#212121", "palette": "#151515:#ac4142"}}
      [0.248848, "o", "\\u001b[1;31mHello \\u001b[32mWorld!\\u001b[0m\\n"]
      [1.001376, "o", "That was ok\\rThis is better."]
      [1.5, "m", ""]
      [2.143733, "o", " "]
      [6.541828, "r", "90x30"]
      [6.6, "i", "q"]
      """
    #expect(AsciicastChecker.violations(in: text) == [])
  }

  @Test func badHeaderFieldsAreEachReported() {
    let text = """
      {"version": "2", "width": 80.5, "timestamp": 1.5, "idle_time_limit": "2", "title": 3, \
      "env": {"TERM": 1}, "theme": []}
      """
    #expect(
      AsciicastChecker.violations(in: text) == [
        #"line 1: "version" must be 2"#,
        #"line 1: "width" must be a positive integer"#,
        #"line 1: the header has no "height""#,
        #"line 1: "timestamp" must be an integer (seconds since the epoch)"#,
        #"line 1: "idle_time_limit" must be a number, not a string"#,
        #"line 1: "title" must be a string, not a number"#,
        #"line 1: "env" member "TERM" must be a string"#,
        #"line 1: "theme" must be an object, not an array"#,
      ])
  }

  @Test func badEventLinesAreEachReported() {
    var bytes = Array(
      """
      {"version": 2, "width": 80, "height": 24}
      [1.0, "o", "a"]
      [0.5, "o", "earlier"]
      [-1, "o", "negative"]
      {"time": 2}
      [2, "o"]
      ["2", 5, null]
      [3, "x", "unknown code"]
      [3, "oo", "two letters"]
      [3, "r", "wide"]
      [3, "o", "raw\ttab"]
      [3, "o", "a",]

      [3, "o", "\\q"]

      """.utf8)
    bytes += [0x5B, 0x33, 0x2C, 0x20, 0x22, 0x6F, 0x22, 0x2C, 0x20, 0x22, 0xC3, 0x22, 0x5D, 0x0A]
    let violations = AsciicastChecker.violations(in: bytes)
    #expect(
      violations == [
        "line 3: the time 0.5 is earlier than the previous event's 1.0",
        "line 4: the time -1.0 is negative",
        "line 4: the time -1.0 is earlier than the previous event's 1.0",
        "line 5: an event must be an array [time, code, data], not an object",
        "line 6: an event must have 3 elements [time, code, data], not 2",
        "line 7: the time must be a number, not a string",
        "line 7: the code must be a string, not a number",
        "line 7: the data must be a string, not null",
        #"line 8: the code "x" is not one of o, i, m, r"#,
        #"line 9: the code "oo" is not one of o, i, m, r"#,
        #"line 10: a resize event's data must be "COLSxROWS", not "wide""#,
        "line 11: not valid JSON (a raw control character inside a string (it must be escaped) "
          + "at column 14)",
        "line 12: not valid JSON (unexpected character at column 14)",
        "line 13: blank, but every line after the header must be an event",
        "line 14: not valid JSON (an unknown escape '\\q' at column 12)",
        "line 15: not valid UTF-8",
      ])
  }

  @Test func notAHeaderAtAll() {
    #expect(
      AsciicastChecker.violations(in: "") == ["the file is empty (line 1 must be the header)"])
    #expect(
      AsciicastChecker.violations(in: "[1, \"o\", \"a\"]\n")
        == ["line 1: the header must be a JSON object, not an array"])
    #expect(
      AsciicastChecker.violations(in: "{\"version\": 2, \"width\": 80, \"height\": 24")
        == ["line 1: not valid JSON (expected ',' or '}' in an object at column 41)"])
  }
}
