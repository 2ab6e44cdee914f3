import Foundation
import RedisClient
import Testing
import TutorTestSupport

@testable import RedisCLIFormat

/// Every command's reply, formatted by us, must equal what redis-cli prints byte for byte.
@Suite struct RedisCLICompatibilityTests {
  /// Read-only commands (after `loadData`) covering every reply kind redis-cli prints.
  static let corpus: [[String]] = [
    ["GET", "greeting"], ["GET", "utf8"], ["GET", "binary"], ["GET", "empty"], ["GET", "missing"],
    ["GET", "quoted"], ["GET", "list22"], ["INCR", "greeting"], ["STRLEN", "greeting"],
    ["EXISTS", "greeting", "missing"], ["GETRANGE", "greeting", "0", "-1"], ["TTL", "greeting"],
    ["PTTL", "missing"], ["TYPE", "greeting"], ["TYPE", "list22"],
    ["OBJECT", "ENCODING", "list22"],
    ["LRANGE", "list22", "0", "-1"], ["LRANGE", "list11", "0", "-1"],
    ["LRANGE", "list22", "0", "9"],
    ["LRANGE", "missing", "0", "-1"], ["LLEN", "list22"], ["LINDEX", "list22", "100"],
    ["LPOS", "list22", "5"], ["HGETALL", "hash"], ["HGET", "hash", "f2"],
    ["HMGET", "hash", "f1", "nofield", "f2"], ["HKEYS", "hash"],
    ["ZRANGE", "zset", "0", "-1", "WITHSCORES"], ["ZRANGE", "zset", "0", "-1"],
    ["ZSCORE", "zset", "b"], ["ZRANGEBYSCORE", "zset", "-inf", "+inf"], ["SMEMBERS", "single"],
    ["SISMEMBER", "single", "only"], ["SRANDMEMBER", "single"], ["XRANGE", "stream", "-", "+"],
    ["XLEN", "stream"], ["PING"], ["PING", "hello world"], ["ECHO", "h\u{E9}llo \u{1F600}"],
    ["ECHO", ""], ["ECHO", "line1\nline2\ttab"],
    ["EVAL", "return {1,{2,3},{}}", "0"], ["EVAL", "return {1,2,3,4,5,6,7,8,9,10,11}", "0"],
    ["EVAL", "return {1,{2,{3,{4,{}}}},false,'',{err='inner'}}", "0"],
    ["EVAL", "local t = {} for i = 1, 105 do t[i] = i end return t", "0"],
    ["EVAL", "return {err='boom'}", "0"], ["EVAL", "return {ok='fine'}", "0"],
    ["EVAL", #"return "a\0b\255""#, "0"], ["EVAL", "return redis.call('hgetall', 'hash')", "0"],
    ["EVAL", "return 3.99", "0"], ["EVAL", "return false", "0"], ["EVAL", "return true", "0"],
    ["NOSUCHCOMMAND", "x"], ["GET"], ["CONFIG", "GET", "maxmemory"], ["SCAN", "0", "COUNT", "100"],
    ["HSCAN", "hash", "0"], ["MEMORY", "DOCTOR"], ["LATENCY", "DOCTOR"], ["INFO", "keyspace"],
  ]

  /// Loads the data the corpus reads, including values no command line can type.
  static func loadData(_ connection: Connection) throws {
    let commands: [[[UInt8]]] = [
      [bytes("SET"), bytes("greeting"), bytes("hello")],
      [bytes("SET"), bytes("utf8"), [0xC3, 0xA9, 0x0A]],
      [
        bytes("SET"), bytes("binary"),
        [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x22, 0x5C, 0x09, 0x0D, 0x07, 0x08],
      ],
      [bytes("SET"), bytes("empty"), []],
      [bytes("SET"), bytes("quoted"), bytes(#"say "hi" \o/"#)],
      [bytes("RPUSH"), bytes("list22")] + (1...22).map { bytes(String($0)) },
      [bytes("RPUSH"), bytes("list11")] + "abcdefghijk".map { bytes(String($0)) },
      [bytes("HSET"), bytes("hash"), bytes("f1"), bytes("v1"), bytes("f2"), bytes("v 2")],
      [
        bytes("ZADD"), bytes("zset"), bytes("1"), bytes("a"), bytes("2.5"), bytes("b"), bytes("3"),
        bytes("c"),
      ],
      [bytes("SADD"), bytes("single"), bytes("only")],
      [bytes("XADD"), bytes("stream"), bytes("1-1"), bytes("f"), bytes("v")],
      [
        bytes("XADD"), bytes("stream"), bytes("2-1"), bytes("a"), bytes("1"), bytes("b"),
        bytes("2"),
      ],
    ]
    for command in commands {
      let reply = try connection.send(command)
      #expect(!reply.isError, "setting up with \(command) failed: \(reply)")
    }
  }

  @Test func formattedRepliesMatchRedisCLIByteForByte() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    let connection = try server.connect()
    try Self.loadData(connection)
    let redisCLI = try RedisCLIRunner(port: server.port)
    #expect(Self.corpus.count >= 40)

    for command in Self.corpus {
      let argv = command.map(bytes)
      let reply = try connection.send(argv)
      for terminalFormat in [true, false] {
        let baseMode: OutputMode = terminalFormat ? .terminal : .raw
        let ours = ReplyFormatter.format(
          reply, mode: ReplyFormatter.mode(for: argv, default: baseMode))
        let theirs = try redisCLI.output(command, terminalFormat: terminalFormat)
        #expect(
          ours == theirs,
          """
          \(command) in \(baseMode) format:
          ours:      \(String(decoding: ours, as: UTF8.self).debugDescription)
          redis-cli: \(String(decoding: theirs, as: UTF8.self).debugDescription)
          """)
      }
    }
  }

  @Test func clientInfoPrintsVerbatimWithNoAddedNewline() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    let connection = try server.connect()
    let argv = [bytes("CLIENT"), bytes("INFO")]
    let reply = try connection.send(argv)
    let printed = ReplyFormatter.format(
      reply, mode: ReplyFormatter.mode(for: argv, default: .terminal))
    guard case .bulk(let text) = reply else {
      Issue.record("CLIENT INFO replied \(reply)")
      return
    }
    #expect(printed == text)
    #expect(printed.last == UInt8(ascii: "\n"))
    // redis-cli's own CLIENT INFO line ends the same way: one newline, none added.
    let theirs = try RedisCLIRunner(port: server.port).output(
      ["CLIENT", "INFO"], terminalFormat: true)
    #expect(theirs.last == UInt8(ascii: "\n") && theirs.dropLast().last != UInt8(ascii: "\n"))
  }
}
