import RedisClient
import RedisSandbox

#if canImport(Glibc)
  import Glibc
#endif

/// A `redis-server` of the harness's own on a free loopback port, without persistence.
final class PrivateRedisServer {
  /// The port it listens on at 127.0.0.1.
  let port: Int
  /// Seconds from spawning the server to its first PONG.
  let secondsToFirstPong: Double
  private let process: ChildProcess
  private let directory: TemporaryDirectory

  /// Starts a server and waits, with a deadline, until it answers PING.
  init(executable: String) throws(HarnessError) {
    directory = try TemporaryDirectory(prefix: "redis-tutor-bench-server")
    do {
      let server = try RedisServerProcess(
        executable: executable,
        arguments: [
          "--save", "", "--appendonly", "no", "--dir", directory.path, "--daemonize", "no",
        ],
        logPath: directory.file("redis.log"), attempts: 3, deadline: .seconds(5))
      port = server.port
      process = server.process
      secondsToFirstPong = server.secondsToFirstReply
    } catch {
      directory.remove()
      throw HarnessError("cannot start redis-server: \(error)")
    }
  }

  /// Connection options for this server.
  var options: ConnectionOptions {
    ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port), readTimeout: 30)
  }

  /// A new connection.
  func connect() throws(HarnessError) -> Connection {
    do {
      return try Connection(options)
    } catch {
      throw HarnessError("cannot connect to the private redis-server on port \(port): \(error)")
    }
  }

  /// Empties every database, so each run starts from the same state.
  func flush() throws(HarnessError) {
    let connection = try connect()
    do {
      try connection.send("FLUSHALL")
    } catch {
      throw HarnessError("FLUSHALL on port \(port) failed: \(error)")
    }
  }

  /// The number of keys in database 0.
  func keyCount() throws(HarnessError) -> Int {
    let connection = try connect()
    do {
      return Int(try connection.send("DBSIZE").integer ?? -1)
    } catch {
      throw HarnessError("DBSIZE on port \(port) failed: \(error)")
    }
  }

  /// Shuts the server down without saving, kills it if need be, and removes its directory.
  func stop() {
    if let connection = try? Connection(
      ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port), readTimeout: 2))
    {
      _ = try? connection.send("SHUTDOWN", "NOSAVE")
    }
    if !process.waitForExit(within: .seconds(2)) { process.terminate(grace: .seconds(2)) }
    directory.remove()
  }
}
