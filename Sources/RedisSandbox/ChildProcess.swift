import CSpawn

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started in its own process group that dies with its parent.
///
/// Its own group keeps a Ctrl-C at the tutor's terminal from reaching it; the kernel's
/// parent-death signal (SIGTERM) stops it when the tutor crashes, so nothing is orphaned.
public final class ChildProcess: @unchecked Sendable {
  /// The child's process id.
  public let pid: Int32
  private var exitStatus: Int32?

  /// Starts `executable` with `arguments`; output goes to `outputPath` (appended) or nowhere.
  public init(executable: String, arguments: [String], outputPath: String? = nil) throws(SpawnError)
  {
    var outputFD: Int32 = -1
    if let outputPath {
      outputFD = open(outputPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
      if outputFD < 0 {
        throw SpawnError("cannot open \(outputPath): \(String(cString: strerror(errno)))")
      }
    }
    defer { if outputFD >= 0 { close(outputFD) } }
    let argv = ([executable] + arguments).map { strdup($0) }
    defer { argv.forEach { free($0) } }
    var pointers = argv + [nil]
    let pid = pointers.withUnsafeMutableBufferPointer {
      cspawn_start(executable, $0.baseAddress!, outputFD, SIGTERM)
    }
    if pid < 0 {
      throw SpawnError("cannot start \(executable): \(String(cString: strerror(errno)))")
    }
    self.pid = pid
  }

  /// Whether the child is still running (reaps it if it has exited).
  public var isRunning: Bool {
    if exitStatus != nil { return false }
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid || (result < 0 && errno == ECHILD) {
      exitStatus = status
      return false
    }
    return true
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
