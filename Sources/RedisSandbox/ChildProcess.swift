import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started in its own process group that dies with its parent.
///
/// Its own group keeps a Ctrl-C at the tutor's terminal from reaching it; the kernel's
/// parent-death signal (SIGTERM) stops it when the tutor crashes, so nothing is orphaned.
public final class ChildProcess: Sendable {
  /// The child's process id.
  public let pid: Int32
  /// The raw wait status once the child has been reaped; several threads may ask.
  private let exitStatus = Mutex<Int32?>(nil)

  /// Starts `executable` with `arguments`; output goes to `outputPath` (appended) or nowhere.
  public convenience init(executable: String, arguments: [String], outputPath: String? = nil)
    throws(SpawnError)
  {
    try self.init(
      executable: executable, arguments: arguments,
      streams: Streams(output: outputPath, error: outputPath, appending: true))
  }

  /// Files to use as a child's standard streams; nil means /dev/null.
  public struct Streams: Sendable {
    public var input: String?
    public var output: String?
    public var error: String?
    /// Append to the output files instead of truncating them.
    public var appending: Bool

    public init(
      input: String? = nil, output: String? = nil, error: String? = nil, appending: Bool = false
    ) {
      self.input = input
      self.output = output
      self.error = error
      self.appending = appending
    }
  }

  /// Starts `executable` with `arguments`, `environment` (nil inherits) and `streams`.
  ///
  /// No other descriptor of this process is inherited.
  public init(
    executable: String, arguments: [String], environment: [String: String]? = nil,
    streams: Streams, dieWithParent: Bool = true
  ) throws(SpawnError) {
    var opened: [Int32] = []
    defer { opened.forEach { close($0) } }
    func openStream(_ path: String?, writing: Bool) throws(SpawnError) -> Int32 {
      guard let path else { return -1 }
      let flags =
        writing
        ? O_WRONLY | O_CREAT | O_CLOEXEC | (streams.appending ? O_APPEND : O_TRUNC)
        : O_RDONLY | O_CLOEXEC
      let fd = open(path, flags, 0o600)
      if fd < 0 { throw SpawnError("cannot open \(path): \(String(cString: strerror(errno)))") }
      opened.append(fd)
      return fd
    }
    let inputFD = try openStream(streams.input, writing: false)
    let outputFD = try openStream(streams.output, writing: true)
    let errorFD =
      streams.error == streams.output && outputFD >= 0
      ? outputFD : try openStream(streams.error, writing: true)
    let pid = Spawn.start(
      [executable] + arguments, environment: environment.map { $0.map { "\($0.key)=\($0.value)" } },
      input: inputFD, output: outputFD, error: errorFD,
      parentDeathSignal: dieWithParent ? SIGTERM : 0)
    if pid < 0 {
      throw SpawnError("cannot start \(executable): \(String(cString: strerror(errno)))")
    }
    self.pid = pid
  }

  /// The exit status once the child has exited: the code, or 128 + the signal that ended it.
  public var exitCode: Int32? {
    guard !isRunning, let status = exitStatus.withLock({ $0 }) else { return nil }
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }

  /// Whether the child is still running (reaps it if it has exited).
  public var isRunning: Bool {
    exitStatus.withLock { exitStatus in
      if exitStatus != nil { return false }
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid || (result < 0 && errno == ECHILD) {
        exitStatus = status
        return false
      }
      return true
    }
  }

  /// Sends a signal to the child.
  public func signal(_ signal: Int32) {
    if isRunning { kill(pid, signal) }
  }

  /// Waits for the child to exit, polling until the deadline; true when it has exited.
  @discardableResult
  public func waitForExit(within deadline: Duration) -> Bool {
    let end = ContinuousClock.now + deadline
    while isRunning {
      if ContinuousClock.now >= end { return false }
      usleep(1_000)
    }
    return true
  }

  /// Stops the child: `signal` first, SIGKILL if it has not exited within `grace`.
  public func terminate(signal first: Int32 = SIGTERM, grace: Duration = .seconds(5)) {
    guard isRunning else { return }
    signal(first)
    if !waitForExit(within: grace) {
      signal(SIGKILL)
      waitForExit(within: .seconds(5))
    }
  }
}

/// Starting a child process failed.
public struct SpawnError: Error, Sendable, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
