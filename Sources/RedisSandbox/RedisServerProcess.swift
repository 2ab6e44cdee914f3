import RedisClient

#if canImport(Glibc)
  import Glibc
#endif

/// One `redis-server` process on a loopback port, started and waited for.
///
/// The sandbox, the test fixture and the benchmark harness all start servers this way: a
/// free port from binding port 0, the server in its own process group (dying with its parent
/// unless told otherwise), then PING polled with a deadline. A port taken by someone else
/// between the probe and the server's bind is retried on another port.
public final class RedisServerProcess: @unchecked Sendable {
  /// The port the server listens on at 127.0.0.1.
  public let port: Int
  /// The server process.
  public let process: ChildProcess
  /// Seconds from spawning the server to its first reply to PING.
  public let secondsToFirstReply: Double

  /// Starts `executable` with `--port`, `--bind 127.0.0.1`, `--logfile logPath` and
  /// `arguments`, and waits until it answers PING (any reply, NOAUTH included) within
  /// `deadline`.
  ///
  /// Tries `preferredPort` first when given, then up to `attempts` free ports.
  public init(
    executable: String, arguments: [String], logPath: String, preferredPort: Int? = nil,
    attempts: Int = 5, deadline: Duration = .seconds(10)
  ) throws(SpawnError) {
    var lastError = SpawnError("redis-server did not start")
    for attempt in 0..<max(1, attempts) {
      let port: Int
      if attempt == 0, let preferredPort {
        port = preferredPort
      } else {
        port = try Self.freeLoopbackPort()
      }
      let started = ContinuousClock.now
      let child = try ChildProcess(
        executable: executable,
        arguments: ["--port", String(port), "--bind", "127.0.0.1", "--logfile", logPath] + arguments
      )
      do throws(SpawnError) {
        try Self.waitForReply(
          port: port, expectedPID: child.pid, password: nil, isAlive: { child.isRunning },
          logPath: logPath, deadline: deadline)
        self.port = port
        self.process = child
        let elapsed = (ContinuousClock.now - started).components
        self.secondsToFirstReply = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return
      } catch {
        lastError = error
        child.terminate(signal: SIGKILL)
        // Most often the port was taken between the probe and the server's bind; a bad
        // configuration fails as fast on every try.
      }
    }
    throw lastError
  }

  /// A loopback TCP port that is free right now: bind port 0 and ask which one was chosen.
  public static func freeLoopbackPort() throws(SpawnError) -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SpawnError("socket() failed: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
      }
    }
    guard bound else {
      throw SpawnError("binding a loopback port failed: \(String(cString: strerror(errno)))")
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Waits until the server `expectedPID` answers on `port` with its data loaded.
  ///
  /// With a `readiness` signal the port is asked when the server says it is ready, and
  /// otherwise only every `readinessFallback` (a server built without systemd support never
  /// says it); without one, every half millisecond.
  static func waitForReply(
    port: Int, expectedPID: Int32, password: String?, isAlive: () -> Bool, logPath: String,
    deadline: Duration, readiness: ReadinessSignal? = nil,
    readinessFallback: Duration = .milliseconds(10)
  ) throws(SpawnError) {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    var nextAsk = clock.now
    while clock.now < end {
      if readiness?.isReady ?? true || clock.now >= nextAsk {
        switch identify(port: port, expectedPID: expectedPID, password: password) {
        case .ours: return
        case .someoneElse:
          throw SpawnError("port \(port) is taken by another redis-server")
        case .noAnswer: break
        }
        nextAsk = clock.now + readinessFallback
      }
      guard isAlive() else {
        throw SpawnError("redis-server exited: \(lastLogMessage(logPath) ?? "see \(logPath)")")
      }
      if let readiness, !readiness.isReady {
        readiness.wait(milliseconds: 2)
      } else {
        usleep(500)
      }
    }
    throw SpawnError("redis-server on port \(port) did not answer PING in time (see \(logPath))")
  }

  private enum Identity { case ours, someoneElse, noAnswer }

  /// Who answers on `port`, once it has loaded its data: a port freed a moment ago may
  /// already belong to another server, and a server still loading answers LOADING.
  private static func identify(port: Int, expectedPID: Int32, password: String?) -> Identity {
    guard
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), password: password, connectTimeout: 0.5,
          readTimeout: 1)),
      let ping = try? connection.send("PING")
    else { return .noAnswer }
    if case .error(let message) = ping, !message.starts(with: Array("LOADING".utf8)) {
      // A server that wants a password says NOAUTH: it is up, and it is ours if our child
      // still runs (a child that lost the port exits at once).
      return .ours
    }
    guard ping == .status("PONG"), let reply = try? connection.send("INFO", "server", "persistence")
    else { return .noAnswer }
    switch reply {
    case .bulk(let text):
      if text.firstRange(of: Array("process_id:\(expectedPID)\r\n".utf8)) == nil {
        return .someoneElse
      }
      return text.firstRange(of: Array("loading:0\r\n".utf8)) == nil ? .noAnswer : .ours
    default:
      return .noAnswer
    }
  }

  /// The message of the log's last line (`123:M 29 Nov 2026 16:00:00.000 # message`).
  static func lastLogMessage(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var last: String?
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    while getline(&line, &capacity, file) > 0, let line {
      let text = String(cString: line).trimmingTrailingNewline()
      if !text.isEmpty { last = text }
    }
    free(line)
    guard let last else { return nil }
    let parts = last.split(separator: "#", maxSplits: 1)
    return String(parts.count == 2 ? parts[1].drop { $0 == " " } : Substring(last))
  }
}

extension String {
  fileprivate func trimmingTrailingNewline() -> String {
    var text = Substring(self)
    while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
    return String(text)
  }
}
