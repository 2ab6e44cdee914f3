import Foundation
import RedisClient
import Testing
import TutorTestSupport

@testable import RedisCLIFormat

/// Typed lines must mean what they mean to redis-cli's own REPL: same arguments, same
/// repeat prefix, same complaints.
@Suite struct TypedLineCompatibilityTests {
  static let lines: [String] = [
    #"ECHO "a\x41\xzz\x4""#, #""a"b"#, "3 ECHO x", "0 PING", "-1 PING", #""" ECHO x"#,
    #"ECHO 'it\'s' foo"a b""#, #"ECHO 'a\\b'"#, #"ECHO "q\"\\\n\r\t\a\b\z""#, "ECHO ''",
    "ECHO \u{0B}x\u{0C}y", "   ", "2 ECHO \"x y\"", "+2 ECHO plus", "3x ECHO x", "7",
    "ECHO \"caf\u{E9}\"", #"ECHO "x"'y'"#, "ECHO a\tb", #"ECHO "\xC3\xA9""#, "PING",
    #"ECHO "open"#,
  ]

  /// What the tutor prints for one typed line, following `CommandLineParser`.
  static func ourOutput(for line: String, connection: Connection) throws -> [UInt8] {
    switch CommandLineParser.parse(Array(line.utf8)) {
    case .empty: return []
    // redis-cli itself says the same for an unterminated quote; the Shell may continue
    // the line instead, which only matters on a terminal.
    case .invalidArguments, .unterminatedQuote: return Array("Invalid argument(s)\n".utf8)
    case .invalidRepeat:
      return Array("Invalid redis-cli repeat command option value.\n".utf8)
    case .command(let count, let argv):
      var output: [UInt8] = []
      for _ in 0..<count {
        output += ReplyFormatter.format(try connection.send(argv), mode: .terminal)
      }
      return output
    }
  }

  @Test func linesMeanWhatTheyMeanToRedisCLI() throws {
    let server = try RedisServerFixture()
    defer { server.stop() }
    let connection = try server.connect()
    let redisCLI = try RedisCLIRunner(port: server.port)
    for line in Self.lines {
      let ours = try Self.ourOutput(for: line, connection: connection)
      let theirs = try redisCLI.output([], terminalFormat: true, input: Array((line + "\n").utf8))
      #expect(
        ours == theirs,
        """
        line \(line.debugDescription):
        ours:      \(String(decoding: ours, as: UTF8.self).debugDescription)
        redis-cli: \(String(decoding: theirs, as: UTF8.self).debugDescription)
        """)
    }
  }
}
