import RedisClient

/// A reply nested `depth` arrays deep, as the server sends it and as it should be read.
enum NestedReply {
  /// `depth` arrays, each holding the next one and then its own level number.
  static func of(depth: Int) -> (bytes: [UInt8], reply: Reply) {
    var bytes: [UInt8] = []
    for _ in 0..<depth { bytes += Array("*2\r\n".utf8) }
    bytes += Array("$1\r\nx\r\n".utf8)
    var reply = Reply.bulk("x")
    for level in 1...depth {
      bytes += Array(":\(level)\r\n".utf8)
      reply = .array([reply, .integer(Int64(level))])
    }
    return (bytes, reply)
  }
}
