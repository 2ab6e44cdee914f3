import Testing

@testable import RedisClient

@Suite("Reading RESP2 replies")
struct ReplyReaderTests {
  /// Feeds `bytes` in pieces of `size` and collects every reply the reader completes.
  private func replies(from bytes: [UInt8], piecesOf size: Int) throws -> [Reply] {
    var reader = ReplyReader()
    var replies: [Reply] = []
    var start = 0
    while start < bytes.count {
      let end = min(start + size, bytes.count)
      bytes[start..<end].withUnsafeBytes { reader.feed($0) }
      while let reply = try reader.next() { replies.append(reply) }
      start = end
    }
    #expect(!reader.hasBufferedBytes)
    return replies
  }

  @Test(arguments: [8, 50, 1000, 5000])
  func repliesNestDeeperThanHiredisAllows(depth: Int) throws {
    let (bytes, expected) = NestedReply.of(depth: depth)
    let all = bytes + Array("+PONG\r\n".utf8)
    #expect(try replies(from: all, piecesOf: all.count) == [expected, .status("PONG")])
  }

  @Test(arguments: [1, 2, 3, 7])
  func aReplySplitAcrossReadsResumesWhereItStopped(pieceSize: Int) throws {
    let (deep, expected) = NestedReply.of(depth: 12)
    let bytes =
      Array("+OK\r\n-ERR bad\r\n:-42\r\n$-1\r\n*-1\r\n*0\r\n$0\r\n\r\n$4\r\na\r\nb\r\n".utf8) + deep
    let expectedReplies: [Reply] = [
      .status("OK"), .error("ERR bad"), .integer(-42), .null, .null, .array([]), .bulk(""),
      .bulk([0x61, 0x0D, 0x0A, 0x62]), expected,
    ]
    #expect(try replies(from: bytes, piecesOf: pieceSize) == expectedReplies)
  }

  @Test func bytesThatAreNotRESPAreAProtocolErrorAfterTheGoodReplies() throws {
    var reader = ReplyReader()
    Array("+OK\r\n?what\r\n".utf8).withUnsafeBytes { reader.feed($0) }
    #expect(try reader.next() == .status("OK"))
    #expect(
      throws: RedisError.protocolError(
        "got \"?\" as reply type byte; the server does not speak RESP2")
    ) { try reader.next() }
  }

  @Test(arguments: ["$abc\r\n", ":12x\r\n", "*-5\r\n", "$-2\r\n", ":99999999999999999999\r\n"])
  func badLengthsAndNumbersAreProtocolErrors(line: String) throws {
    var reader = ReplyReader()
    Array(line.utf8).withUnsafeBytes { reader.feed($0) }
    #expect {
      try reader.next()
    } throws: { error in
      guard case RedisError.protocolError = error else { return false }
      return true
    }
  }
}
