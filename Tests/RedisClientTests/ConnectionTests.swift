import Foundation
import RedisClient
import Synchronization
import Testing
import TutorTestSupport

@Suite("Connection against a real redis-server")
struct ConnectionTests {
  let server: RedisServerFixture
  init() throws { server = try RedisServerFixture() }

  @Test func setAndGetAreBinarySafe() throws {
    let connection = try server.connect()
    let value: [UInt8] = [0, 1, 0xff, 0x0a, 0x22, 0x5c]
    #expect(try connection.send([Array("SET".utf8), [0x6b, 0x00], value]) == .status("OK"))
    #expect(try connection.send([Array("GET".utf8), [0x6b, 0x00]]) == .bulk(value))
  }

  @Test func replyKinds() throws {
    let connection = try server.connect()
    #expect(try connection.send("INCR", "n") == .integer(1))
    #expect(try connection.send("GET", "missing") == .null)
    #expect(try connection.send("LPUSH", "n", "x").isError)
    #expect(try connection.send("RPUSH", "l", "a", "b") == .integer(2))
    #expect(try connection.send("LRANGE", "l", "0", "-1") == .array([.bulk("a"), .bulk("b")]))
  }

  @Test func pipelineReturnsRepliesInOrder() throws {
    let connection = try server.connect()
    let commands = (0..<100).map { _ in [Array("INCR".utf8), Array("p".utf8)] }
    let replies = try connection.pipeline(commands)
    #expect(replies == (1...100).map { Reply.integer(Int64($0)) })
  }

  @Test func reconnectReappliesSelect() throws {
    let connection = try server.connect()
    #expect(try connection.send("SELECT", "3") == .status("OK"))
    #expect(try connection.send("SET", "where", "db3") == .status("OK"))
    let id = try #require(try connection.send("CLIENT", "ID").integer)
    let killer = try server.connect()
    #expect(try killer.send("CLIENT", "KILL", "ID", String(id)) == .integer(1))
    #expect(throws: RedisError.self) { try connection.send("GET", "where") }
    #expect(connection.isBroken)
    #expect(try connection.send("GET", "where") == .bulk("db3"))
    #expect(connection.database == 3)
  }

  @Test func reconnectReappliesAuthWithUser() throws {
    let admin = try server.connect()
    #expect(
      try admin.send("ACL", "SETUSER", "learner", "on", ">s3cret", "~*", "+@all") == .status("OK"))
    var options = server.options
    options.username = "learner"
    options.password = "s3cret"
    let connection = try Connection(options)
    #expect(try connection.send("ACL", "WHOAMI") == .bulk("learner"))
    connection.close()
    #expect(try connection.send("ACL", "WHOAMI") == .bulk("learner"))
  }

  @Test func wrongPasswordFailsAtSetup() throws {
    var options = server.options
    options.username = "nobody"
    options.password = "wrong"
    #expect(throws: RedisError.self) { try Connection(options) }
  }

  @Test func transactionLossIsReported() throws {
    let connection = try server.connect()
    #expect(try connection.send("MULTI") == .status("OK"))
    #expect(connection.inTransaction)
    try connection.reconnect()
    #expect(connection.transactionLost)
    #expect(!connection.inTransaction)
  }

  @Test func hello3IsRefusedAndTheConnectionStaysUsable() throws {
    let connection = try server.connect()
    #expect(throws: RedisError.self) { try connection.send("HELLO", "3") }
    #expect(try connection.send("PING") == .status("PONG"))
  }

  @Test func connectFailureReadsLikeRedisCli() throws {
    let port = try FreePort.find()
    let options = ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port))
    #expect(
      throws: RedisError.connectFailed(
        "Could not connect to Redis at 127.0.0.1:\(port): Connection refused")
    ) {
      try Connection(options)
    }
  }

  @Test func readTimeoutThrowsTimeout() throws {
    var options = server.options
    options.readTimeout = 0.2
    let connection = try Connection(options)
    #expect(throws: RedisError.timeout) { try connection.send("BLPOP", "nothing", "0") }
    #expect(try connection.send("PING") == .status("PONG"))
  }

  @Test func cancellingABlockingCommandRebuildsTheConnection() throws {
    let connection = try server.connect()
    connection.setReadTimeout(nil)
    #expect(try connection.send("SELECT", "2") == .status("OK"))
    let cancel = CancellationPipe()
    cancel.trigger()
    #expect(throws: RedisError.cancelled) {
      try connection.send(["BLPOP", "q", "0"].map { Array($0.utf8) }, cancel: cancel)
    }
    #expect(!cancel.isTriggered)
    #expect(try connection.send("CLIENT", "INFO").string?.contains("db=2") == true)
  }

  /// EVAL of a Lua table `depth` levels deep, each level holding the next and its number.
  static func nestingScript(depth: Int) -> [[UInt8]] {
    let script = "local t = 'x'; for i = 1, tonumber(ARGV[1]) do t = {t, i} end; return t"
    return ["EVAL", script, "0", String(depth)].map { Array($0.utf8) }
  }

  @Test(arguments: [8, 50, 1000])
  func repliesNestedDeeperThanSevenLevelsAreRead(depth: Int) throws {
    let connection = try server.connect()
    let replies = try connection.pipeline([Self.nestingScript(depth: depth), [Array("PING".utf8)]])
    #expect(replies == [NestedReply.of(depth: depth).reply, .status("PONG")])
    #expect(try connection.send(Self.nestingScript(depth: depth)) == replies[0])
  }

  /// Runs `body` on a thread of its own and waits for it until `deadline`: nil means it was
  /// still blocked (it is left to finish once the server is thawed).
  private func outcome(
    within deadline: Duration, _ body: @escaping @Sendable () -> RedisError?
  ) throws -> RedisError?? {
    let result = Mutex<RedisError??>(nil)
    Thread.detachNewThread {
      let value = body()
      result.withLock { $0 = .some(value) }
    }
    _ = eventually(within: deadline) { result.withLock { $0 != nil } }
    return result.withLock { $0 }
  }

  /// Stops the server process (SIGSTOP): it accepts connections but answers nothing.
  private func freeze() { kill(server.pid, SIGSTOP) }
  private func thaw() { kill(server.pid, SIGCONT) }

  @Test func setUpOnAFrozenServerGivesUpAtTheConnectTimeout() throws {
    var options = server.options
    options.database = 1
    options.readTimeout = nil
    options.connectTimeout = 0.5
    freeze()
    defer { thaw() }
    let failure = try outcome(within: .seconds(5)) { [options] in
      do throws(RedisError) {
        _ = try Connection(options)
        return nil
      } catch {
        return error
      }
    }
    let message = try #require(failure, "SELECT was still waiting for its reply")
    #expect(
      message
        == .setupFailed(
          "SELECT 1 got no reply from 127.0.0.1:\(server.port) within 0.5 s; the server may be frozen or overloaded (the next command tries again)"
        ))
  }

  /// Hands a connection to another thread: only that thread uses it from then on.
  private final class Handed: @unchecked Sendable {
    let connection: Connection
    init(_ connection: Connection) { self.connection = connection }
  }

  @Test func cancellingOnAFrozenServerRebuildsWithinADeadlineOrLeavesItClosed() throws {
    var options = server.options
    options.database = 1
    options.readTimeout = nil
    let handed = Handed(try Connection(options))
    freeze()
    defer { thaw() }
    let cancel = CancellationPipe()
    cancel.trigger()
    let failure = try outcome(within: .seconds(5)) {
      do throws(RedisError) {
        _ = try handed.connection.send([Array("GET".utf8), Array("x".utf8)], cancel: cancel)
        return nil
      } catch {
        return error
      }
    }
    #expect(try #require(failure, "the rebuild was still waiting for SELECT") == .cancelled)
    #expect(handed.connection.isBroken)
  }

  @Test func aCancelledSetUpOnAFrozenServerStopsWaiting() throws {
    var options = server.options
    options.database = 1
    options.connectTimeout = 60
    freeze()
    defer { thaw() }
    let cancel = CancellationPipe()
    cancel.trigger()
    let failure = try outcome(within: .seconds(5)) { [options] in
      do throws(RedisError) {
        _ = try Connection(options, cancel: cancel)
        return nil
      } catch {
        return error
      }
    }
    #expect(try #require(failure, "the set-up was still waiting") == .cancelled)
  }

  @Test func unixSocket() throws {
    let path = server.directory.appendingPathComponent("redis.sock").path
    let admin = try server.connect()
    _ = admin  // a TCP connection proves the server is up; now start a socket-only server
    let socketServer = try RedisServerFixture(extraArguments: ["--unixsocket", path])
    let connection = try Connection(ConnectionOptions(endpoint: .unix(path: path)))
    #expect(try connection.send("PING") == .status("PONG"))
    socketServer.stop()
  }
}

@Suite("Connection URLs")
struct ConnectionURLTests {
  @Test func fullURL() throws {
    let options = try ConnectionOptions(url: "redis://alice:p%40ss@localhost:6380/4")
    #expect(options.endpoint == .tcp(host: "localhost", port: 6380))
    #expect(options.username == "alice")
    #expect(options.password == "p@ss")
    #expect(options.database == 4)
  }

  @Test func passwordOnlyAndDefaults() throws {
    let options = try ConnectionOptions(url: "redis://:secret@example")
    #expect(options.endpoint == .tcp(host: "example", port: 6379))
    #expect(options.username == nil)
    #expect(options.password == "secret")
    #expect(options.database == 0)
  }

  @Test func badURLsSayWhy() {
    #expect(throws: ConnectionOptions.URLError.self) { try ConnectionOptions(url: "http://x") }
    #expect(throws: ConnectionOptions.URLError.self) {
      try ConnectionOptions(url: "redis://h:99999")
    }
    #expect(throws: ConnectionOptions.URLError.self) { try ConnectionOptions(url: "redis://h/x") }
  }
}
