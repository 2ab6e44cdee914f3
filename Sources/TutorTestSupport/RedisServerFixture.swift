import Foundation
import RedisClient
import RedisSandbox

#if canImport(Glibc)
  import Glibc
#endif

/// A real `redis-server` on a free loopback port with its own directory, for one test.
///
/// Persistence is off unless asked for. `stop()` (or deinit) shuts it down and removes the
/// directory.
public final class RedisServerFixture: @unchecked Sendable {
  /// The port the server listens on (127.0.0.1).
  public let port: Int
  /// The server's working directory.
  public let directory: URL
  private let process: ChildProcess

  /// Starts a server and waits (with a deadline) until it answers PING.
  public init(extraArguments: [String] = [], deadline: Duration = .seconds(10)) throws {
    guard let executable = Self.findExecutable("redis-server") else {
      throw FixtureError("redis-server not found: install it with `apt-get install redis-server`")
    }
    directory = try TemporaryDirectory.make(prefix: "redis-fixture")
    var lastError: Error = FixtureError("could not start redis-server")
    for _ in 0..<5 {
      let port = try FreePort.find()
      let process = try ChildProcess(
        executable: executable,
        arguments: [
          "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
          "--save", "", "--appendonly", "no", "--daemonize", "no",
          "--logfile", directory.appendingPathComponent("redis.log").path,
        ] + extraArguments)
      do {
        try Self.waitUntilReady(port: port, process: process, deadline: deadline)
        self.port = port
        self.process = process
        return
      } catch {
        lastError = error
        process.terminate(signal: SIGKILL)
      }
    }
    throw lastError
  }

  deinit { stop() }

  /// Connection options for this server.
  public var options: ConnectionOptions {
    ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port), readTimeout: 10)
  }

  /// A new connection to this server.
  public func connect() throws -> Connection { try Connection(options) }

  /// Whether the server process is still alive.
  public var isRunning: Bool { process.isRunning }

  /// The server's process id.
  public var pid: Int32 { process.pid }

  /// Shuts the server down (SIGTERM, then SIGKILL after a deadline) and removes its directory.
  public func stop() {
    process.terminate()
    try? FileManager.default.removeItem(at: directory)
  }

  private static func waitUntilReady(port: Int, process: ChildProcess, deadline: Duration) throws {
    let end = ContinuousClock.now + deadline
    while ContinuousClock.now < end {
      guard process.isRunning else { throw FixtureError("redis-server exited at start-up") }
      if let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: 1, readTimeout: 1)),
        (try? connection.send("PING")) != nil  // NOAUTH also proves the server is up
      {
        return
      }
      usleep(5_000)
    }
    throw FixtureError("redis-server on port \(port) did not answer PING in time")
  }

  /// The absolute path of an executable found on PATH.
  public static func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") + ["/usr/sbin", "/usr/bin"] {
      let candidate = "\(directory)/\(name)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }
}

/// A failure of a test fixture, with a message saying what to fix.
public struct FixtureError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// Finds a free loopback TCP port by binding port 0.
public enum FreePort {
  public static func find() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FixtureError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else { throw FixtureError("bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

/// Temporary directories for tests.
public enum TemporaryDirectory {
  /// Creates a fresh, empty directory under the system's temporary directory.
  public static func make(prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Polls a condition until it holds or the deadline passes; tests never sleep for state.
public func eventually(
  within deadline: Duration = .seconds(10), every interval: Duration = .milliseconds(10),
  _ condition: () throws -> Bool
) rethrows -> Bool {
  let end = ContinuousClock.now + deadline
  while ContinuousClock.now < end {
    if try condition() { return true }
    let microseconds = interval.components.attoseconds / 1_000_000_000_000
    usleep(UInt32(interval.components.seconds * 1_000_000 + microseconds))
  }
  return try condition()
}
