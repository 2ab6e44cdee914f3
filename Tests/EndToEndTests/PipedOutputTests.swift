import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// The built binary with piped stdin must print exactly what redis-cli prints.
@Suite("End to end: piped input, byte for byte with redis-cli")
struct PipedOutputTests {
  let server: RedisServerFixture
  init() throws { server = try RedisServerFixture() }

  static let script = """
    SET a b
    GET a
    GET nope
    INCR a
    RPUSH l 1 2 3 4 5 6 7 8 9 10 11
    LRANGE l 0 -1
    SET u "\\xc3\\xa9\\n\\x00bin\\t\\\\"
    GET u
    LRANGE empty 0 -1
    foo

    "a"b
    3 INCR c
    0 INCR c
    -2 INCR c
    EVAL "return {1,{2,3},{}}" 0
    HSET h f1 v1 f2 v2
    HGETALL h
    ZADD z 1 one 2.5 two
    ZRANGE z 0 -1 WITHSCORES
    SET 'single quoted' "double \\"quoted\\""
    GET 'single quoted'
    MULTI
    INCR c
    GET a
    EXEC
    SELECT 2
    SET x "in db 2"
    GET x
    SELECT 0
    EXISTS x
    TYPE l
    PING
    ECHO ""
    2 PING
    DEL l
    EVAL "return redis.error_reply('custom failure')" 0
    EVAL "return {1,'two',{3,{'four'}},redis.status_reply('fine')}" 0
    XADD s 1-1 f v
    XRANGE s - +
    OBJECT ENCODING h
    SET k "unterminated
    GET a
    """

  private func referenceAndTutor(_ flags: [String]) throws -> (
    reference: String, tutor: String, stderr: String
  ) {
    let input = Array((Self.script + "\n").utf8)
    let admin = try server.connect()
    _ = try admin.send("FLUSHALL")
    let reference = try TutorBinary.run(
      ["-p", String(server.port)] + flags, stdin: input, executable: "/usr/bin/redis-cli")
    _ = try admin.send("FLUSHALL")
    let tutor = try TutorBinary.run(["-p", String(server.port)] + flags, stdin: input)
    #expect(tutor.status == 0)
    return (reference.output, tutor.output, tutor.stderr)
  }

  @Test func rawOutputMatchesRedisCli() throws {
    let (reference, tutor, stderr) = try referenceAndTutor([])
    #expect(reference.contains("Invalid argument(s)"))
    #expect(tutor == reference)
    #expect(stderr.isEmpty)
  }

  @Test func terminalFormatMatchesRedisCli() throws {
    let (reference, tutor, _) = try referenceAndTutor(["--no-raw"])
    #expect(reference.contains("11) \"11\""))
    #expect(tutor == reference)
  }

  @Test func oneShotCommandsMatchRedisCli() throws {
    let admin = try server.connect()
    _ = try admin.send("RPUSH", "list", "x", "é")
    for arguments in [
      ["LRANGE", "list", "0", "-1"], ["GET", "missing"], ["LPUSH"], ["INCR", "list"],
    ] {
      for flags in [[], ["--no-raw"]] {
        let reference = try TutorBinary.run(
          ["-p", String(server.port)] + flags + arguments, executable: "/usr/bin/redis-cli")
        let tutor = try TutorBinary.run(["-p", String(server.port)] + flags + arguments)
        #expect(tutor.output == reference.output, "\(flags + arguments)")
      }
    }
  }

  @Test func aLongPipedScriptGivesEveryReplyInOrder() throws {
    let lines = (1...3000).map { _ in "INCR counter" }.joined(separator: "\n")
    let result = try TutorBinary.run(["-p", String(server.port)], stdin: Array(lines.utf8))
    let expected = (1...3000).map(String.init).joined(separator: "\n") + "\n"
    #expect(result.output == expected)
  }

  @Test func dangerousCommandsOnANamedServerAreRefusedWithoutATerminal() throws {
    let admin = try server.connect()
    _ = try admin.send("SET", "precious", "data")
    let refused = try TutorBinary.run(
      ["-p", String(server.port)], stdin: Array("FLUSHALL\nGET precious\n".utf8))
    #expect(refused.output == "data\n")
    #expect(refused.stderr.contains("Refused: FLUSHALL"))
    #expect(refused.stderr.contains("--yes"))
    #expect(try admin.send("GET", "precious") == .bulk("data"))

    let allowed = try TutorBinary.run(
      ["-p", String(server.port), "--yes"], stdin: Array("FLUSHALL\nGET precious\n".utf8))
    #expect(allowed.output == "OK\n\n")
    #expect(try admin.send("GET", "precious") == .null)
  }

  @Test func anUnreachableServerIsOneLinePerCommandLikeRedisCli() throws {
    let port = try FreePort.find()
    let input = Array("GET a\nGET b\nGET c\n".utf8)
    let reference = try TutorBinary.run(
      ["-p", String(port)], stdin: input, executable: "/usr/bin/redis-cli")
    let tutor = try TutorBinary.run(["-p", String(port)], stdin: input)
    let message = "Could not connect to Redis at 127.0.0.1:\(port): Connection refused"
    #expect(tutor.output.isEmpty)
    #expect(tutor.stderr == reference.stderr)
    #expect(tutor.stderr.split(separator: "\n").allSatisfy { $0 == message })
    let oneShot = try TutorBinary.run(["-p", String(port), "GET", "a"])
    #expect(oneShot.status == 1)
    #expect(oneShot.stderr == message + "\n")
  }

  @Test func hello3IsRefusedWithAReason() throws {
    let tutor = try TutorBinary.run(
      ["-p", String(server.port), "--no-raw"], stdin: Array("HELLO 3\nPING\n".utf8))
    #expect(tutor.output.hasPrefix("(error) HELLO 3 refused"))
    #expect(tutor.output.hasSuffix("PONG\n"))
  }

  @Test(arguments: [8, 50, 1000], [[], ["--no-raw"]])
  func deeplyNestedRepliesMatchRedisCliByteForByte(depth: Int, flags: [String]) throws {
    // A Lua table nests as deep as the script makes it; hiredis 0.14 stops at 7 levels.
    let script = """
      EVAL "local t = 'x'; for i = 1, tonumber(ARGV[1]) do t = {t, i} end; return t" 0 \(depth)
      PING

      """
    let input = Array(script.utf8)
    let arguments = ["-p", String(server.port)] + flags
    let reference = try TutorBinary.run(arguments, stdin: input, executable: "/usr/bin/redis-cli")
    let tutor = try TutorBinary.run(arguments, stdin: input)
    #expect(reference.output.contains("\(depth)\n") && reference.output.hasSuffix("PONG\n"))
    #expect(tutor.output == reference.output)
    #expect(tutor.stderr.isEmpty)
    #expect(tutor.status == 0)
  }

  @Test func anUnreadableReplyGivesEveryLaterCommandAnErrorLineAndAFailingStatus() throws {
    let garbage = try GarbageServer()
    let tutor = try TutorBinary.run(
      ["-p", String(garbage.port)], stdin: Array("PING\nECHO a\nGET b\nINCR c\n".utf8))
    #expect(tutor.output == "OK\n")
    let lines = tutor.stderr.split(separator: "\n")
    #expect(lines.count == 3, "\(tutor.stderr)")
    #expect(
      lines.first
        == "Error: Protocol error: got \"?\" as reply type byte; the server does not speak RESP2")
    #expect(
      lines.dropFirst().map { $0.prefix(20) } == ["Error: no reply to G", "Error: no reply to I"])
    #expect(tutor.status != 0)
  }
}

@Suite("End to end: command line")
struct CommandLineTests {
  @Test func versionAndHelp() throws {
    let version = try TutorBinary.run(["--version"])
    #expect(version.output == "0.1.0\n")
    let help = try TutorBinary.run(["--help"])
    #expect(help.output.contains("USAGE"))
    #expect(help.output.contains("-h, --host <host>"))
    #expect(help.output.contains("--no-sandbox"))
  }

  @Test func badFlagsSayWhatIsWrong() throws {
    let result = try TutorBinary.run(["-p", "99999"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("-p 99999 is not a port number"))
  }

  @Test func missingRedisServerIsOneLineWithTheFix() throws {
    let result = try TutorBinary.run(["PING"], environment: ["PATH": "/nonexistent"])
    #expect(result.status == 1)
    #expect(
      result.stderr == "redis-tutor: "
        + "redis-server not found: install it with `sudo apt-get install redis-server` (or `make deps`), or connect to your own server with -h/-p\n"
    )
  }
}

@Suite("End to end: the sandbox")
struct SandboxEndToEndTests {
  @Test func dataSurvivesBetweenRunsAndNoServerIsLeftBehind() throws {
    let home = try TemporaryDirectory.make(prefix: "tutor-home")
    let first = try TutorBinary.run(["SET", "yesterday", "kept"], home: home)
    #expect(first.output == "OK\n")
    let second = try TutorBinary.run([], stdin: Array("GET yesterday\n".utf8), home: home)
    #expect(second.output == "kept\n")
    let pidFile = home.appendingPathComponent("data/redis-tutor/sandbox/redis.pid")
    if let text = try? String(contentsOf: pidFile, encoding: .utf8),
      let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    {
      #expect(eventually { kill(pid, 0) != 0 })
    }
    #expect(
      FileManager.default.fileExists(
        atPath: home.appendingPathComponent("data/redis-tutor/sandbox/dump.rdb").path))
  }

  @Test func dangerousCommandsJustRunOnTheSandbox() throws {
    let home = try TemporaryDirectory.make(prefix: "tutor-home")
    let result = try TutorBinary.run(
      [], stdin: Array("SET a 1\nFLUSHALL\nDBSIZE\n".utf8), home: home)
    #expect(result.output == "OK\nOK\n0\n")
  }
}

/// A listener that answers the first command with `+OK` and then with bytes that are not
/// RESP: the one thing a real redis-server cannot be made to send.
final class GarbageServer: @unchecked Sendable {
  let port: Int
  private let listener: Int32

  init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && listen(fd, 1) == 0
          && getsockname(fd, pointer, &length) == 0
      }
    }
    guard fd >= 0, bound else {
      if fd >= 0 { close(fd) }
      throw FixtureError("could not listen on 127.0.0.1: \(String(cString: strerror(errno)))")
    }
    listener = fd
    port = Int(UInt16(bigEndian: address.sin_port))
    Thread.detachNewThread { [listener] in
      let client = accept(listener, nil, nil)
      guard client >= 0 else { return }
      var buffer = [UInt8](repeating: 0, count: 4096)
      if read(client, &buffer, buffer.count) > 0 {
        let reply = Array("+OK\r\n?garbage\r\n".utf8)
        _ = write(client, reply, reply.count)
        while read(client, &buffer, buffer.count) > 0 {}
      }
      close(client)
    }
  }

  deinit {
    // Wakes the accept if the client never came.
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }
}
