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
    do {
      let server = try RedisServerProcess(
        executable: executable,
        arguments: [
          "--dir", directory.path, "--save", "", "--appendonly", "no", "--daemonize", "no",
        ]
          + extraArguments,
        logPath: directory.appendingPathComponent("redis.log").path, deadline: deadline)
      port = server.port
      process = server.process
    } catch {
      throw FixtureError(error.description)
    }
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
  public static func find() throws -> Int { try RedisServerProcess.freeLoopbackPort() }
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
