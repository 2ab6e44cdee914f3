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
    var lastFailure = HarnessError("redis-server did not start")
    for _ in 0..<3 {
      let port = try Self.freePort()
      let started = ContinuousClock.now
      let process: ChildProcess
      do {
        process = try ChildProcess(
          executable: executable,
          arguments: [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--daemonize", "no",
          ],
          outputPath: directory.file("redis.log"))
      } catch {
        directory.remove()
        throw HarnessError("cannot start redis-server: \(error)")
      }
      do throws(HarnessError) {
        try Self.waitForPong(port: port, process: process, deadline: .seconds(5))
        self.secondsToFirstPong = (ContinuousClock.now - started).seconds
        self.port = port
        self.process = process
        return
      } catch {
        // Most likely another program took the port between our probe and the server's bind.
        lastFailure = error
        process.terminate(signal: SIGKILL)
      }
    }
    directory.remove()
    throw lastFailure
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

  /// Polls PING until it answers PONG, the process dies, or the deadline passes.
  private static func waitForPong(
    port: Int, process: ChildProcess, deadline: Duration
  ) throws(HarnessError) {
    let options = ConnectionOptions(
      endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: 1, readTimeout: 1)
    let end = ContinuousClock.now + deadline
    while ContinuousClock.now < end {
      if let connection = try? Connection(options), case .status = try? connection.send("PING") {
        return
      }
      guard process.isRunning else {
        throw HarnessError("redis-server exited at start-up (port \(port))")
      }
      Measurements.pause(.microseconds(500))
    }
    throw HarnessError("redis-server on port \(port) did not answer PING within \(deadline)")
  }

  /// A loopback port that is free right now: bind port 0 and ask which one the kernel chose.
  static func freePort() throws(HarnessError) -> Int {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { throw HarnessError("socket: \(Environment.lastError)") }
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(socketDescriptor, generic, length) == 0
          && getsockname(socketDescriptor, generic, &length) == 0
      }
    }
    guard bound else { throw HarnessError("binding a loopback port: \(Environment.lastError)") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}
