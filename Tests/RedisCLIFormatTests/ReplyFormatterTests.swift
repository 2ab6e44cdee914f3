import RedisClient
import Testing

@testable import RedisCLIFormat

/// The terminal-format text of `reply`.
func terminal(_ reply: Reply) -> String {
  String(decoding: ReplyFormatter.format(reply, mode: .terminal), as: UTF8.self)
}

/// The raw-format text of `reply`.
func raw(_ reply: Reply) -> String {
  String(decoding: ReplyFormatter.format(reply, mode: .raw), as: UTF8.self)
}

@Suite struct ReplyFormatterTests {
  @Test func scalarsInTerminalFormat() {
    #expect(terminal(.status("OK")) == "OK\n")
    #expect(terminal(.bulk("b")) == "\"b\"\n")
    #expect(terminal(.bulk([])) == "\"\"\n")
    #expect(terminal(.null) == "(nil)\n")
    #expect(terminal(.error("ERR bad")) == "(error) ERR bad\n")
    #expect(terminal(.integer(-22)) == "(integer) -22\n")
    #expect(terminal(.array([])) == "(empty array)\n")
  }

  @Test func bulkStringsAreEscaped() {
    #expect(terminal(.bulk([0xC3, 0xA9, 0x0A])) == #""\xc3\xa9\n""# + "\n")
    #expect(terminal(.bulk(bytes("a\"b\\c\r\t"))) == #""a\"b\\c\r\t""# + "\n")
    #expect(terminal(.bulk([0x07, 0x08, 0x00, 0x7F, 0x20])) == #""\a\b\x00\x7f ""# + "\n")
  }

  @Test func statusAndErrorStopAtNulLikeCStrings() {
    #expect(terminal(.status([0x61, 0x00, 0x62])) == "a\n")
    #expect(terminal(.error([0x61, 0x00, 0x62])) == "(error) a\n")
  }

  @Test func arrayIndexesAreRightAligned() {
    let items = (1...11).map { Reply.bulk(String($0)) }
    let lines = terminal(.array(items)).split(separator: "\n")
    #expect(lines.first == " 1) \"1\"")
    #expect(lines.last == "11) \"11\"")
    #expect(lines.count == 11)
  }

  @Test func nestedArraysAreIndented() {
    let reply = Reply.array([.integer(1), .array([.integer(2), .integer(3)]), .array([])])
    #expect(
      terminal(reply) == "1) (integer) 1\n2) 1) (integer) 2\n   2) (integer) 3\n3) (empty array)\n")
    let wide = Reply.array((1...10).map { _ in Reply.array([.bulk("a"), .bulk("b")]) })
    #expect(terminal(wide).hasPrefix(" 1) 1) \"a\"\n    2) \"b\"\n 2) 1) \"a\"\n"))
  }

  @Test func nilAndErrorsInsideArrays() {
    #expect(terminal(.array([.null, .error("boom")])) == "1) (nil)\n2) (error) boom\n")
  }

  @Test func rawFormat() {
    #expect(raw(.status("OK")) == "OK\n")
    #expect(raw(.bulk("b")) == "b\n")
    #expect(raw(.null) == "\n")
    #expect(raw(.error("ERR x")) == "ERR x\n\n")
    #expect(raw(.integer(11)) == "11\n")
    #expect(raw(.array([])) == "\n")
    let nested = Reply.array([.integer(1), .array([.integer(2), .integer(3)]), .array([])])
    #expect(raw(nested) == "1\n2\n3\n\n")
    #expect(ReplyFormatter.format(.bulk([0xFF, 0x00]), mode: .raw) == [0xFF, 0x00, 0x0A])
  }

  @Test func verbatimAddsNothing() {
    #expect(ReplyFormatter.format(.bulk("# Server\r\n"), mode: .verbatim) == bytes("# Server\r\n"))
  }

  @Test func someCommandsAlwaysPrintVerbatim() {
    let alwaysRaw = [
      ["info"], ["INFO", "server"], ["lolwut"], ["CLIENT", "LIST"], ["client", "info"],
      ["CLUSTER", "NODES"], ["cluster", "info"], ["MEMORY", "DOCTOR"], ["memory", "malloc-stats"],
      ["LATENCY", "DOCTOR"], ["LATENCY", "GRAPH", "command"],
    ]
    for argv in alwaysRaw {
      #expect(ReplyFormatter.mode(for: argv.map(bytes), default: .terminal) == .verbatim)
    }
    let normal = [
      ["GET", "k"], ["CLIENT", "ID"], ["LATENCY", "GRAPH"], ["CLUSTER", "INFO", "x"], [],
    ]
    for argv in normal {
      #expect(ReplyFormatter.mode(for: argv.map(bytes), default: .terminal) == .terminal)
      #expect(ReplyFormatter.mode(for: argv.map(bytes), default: .raw) == .raw)
    }
  }
}
