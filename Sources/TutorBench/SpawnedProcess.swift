#if canImport(Glibc)
  import Glibc
#endif

/// A program started with `posix_spawn`, with its standard streams wired as asked.
///
/// `RedisSandbox.ChildProcess` always gives its child /dev/null as stdin; the benchmarks need
/// stdin from a file and, for the prompt timings, a new session on a pseudo-terminal.
final class SpawnedProcess {
  /// Where one of the child's standard streams comes from or goes to.
  enum Stream {
    /// /dev/null.
    case null
    /// A file opened for reading (stdin) or created and truncated (stdout, stderr).
    case file(String)
  }

  /// glibc's `POSIX_SPAWN_SETSID` (spawn.h); Swift's Glibc module hides it behind _GNU_SOURCE.
  private static let startNewSession: Int32 = 0x80

  /// The child's process id.
  let pid: pid_t
  /// When `posix_spawn` was called, the zero point of start-up timings.
  let spawnedAt: ContinuousClock.Instant
  private var exitStatus: Int32?

  /// Starts `executable`.
  ///
  /// - Parameters:
  ///   - environment: `NAME=value` entries, the child's whole environment.
  ///   - terminal: a pseudo-terminal slave path: the child starts a new session and opens it
  ///     as stdin, stdout and stderr, which makes it the child's controlling terminal.
  init(
    executable: String, arguments: [String], environment: [String],
    stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null,
    terminal: String? = nil
  ) throws(HarnessError) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }

    var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    if let terminal {
      flags |= Self.startNewSession
      // Opened after setsid() and without O_NOCTTY, so it becomes the controlling terminal.
      posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
      posix_spawn_file_actions_adddup2(&actions, 0, 1)
      posix_spawn_file_actions_adddup2(&actions, 0, 2)
    } else {
      Self.wire(stdin, to: 0, actions: &actions)
      Self.wire(stdout, to: 1, actions: &actions)
      Self.wire(stderr, to: 2, actions: &actions)
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaultSignals = sigset_t()
    sigemptyset(&defaultSignals)
    for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP] {
      sigaddset(&defaultSignals, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    spawnedAt = ContinuousClock.now
    let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard result == 0 else {
      throw HarnessError("cannot start \(executable): \(String(cString: strerror(result)))")
    }
    pid = child
  }

  deinit {
    if isRunning {
      kill(pid, SIGKILL)
      _ = waitForExit(within: .seconds(2))
    }
  }

  /// Whether the child is still running; reaps it once it has exited.
  var isRunning: Bool {
    if exitStatus != nil { return false }
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid {
      exitStatus = status
      return false
    }
    if result < 0 && errno == ECHILD {
      exitStatus = -1
      return false
    }
    return true
  }

  /// Blocks until the child exits and returns its raw wait status.
  @discardableResult
  func waitForExit() -> Int32 {
    if let exitStatus { return exitStatus }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR {
        status = -1
        break
      }
    }
    exitStatus = status
    return status
  }

  /// Polls until the child exits or `deadline` passes; returns the wait status, or nil.
  func waitForExit(within deadline: Duration) -> Int32? {
    let end = ContinuousClock.now + deadline
    while isRunning {
      if ContinuousClock.now >= end { return nil }
      Measurements.pause(.milliseconds(1))
    }
    return exitStatus
  }

  /// A description of how the child ended, such as `exited with status 1` or `killed by signal 9`.
  static func describe(status: Int32) -> String {
    if status < 0 { return "ended (status unknown)" }
    let signal = status & 0x7f
    if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
    return "killed by signal \(signal)"
  }

  /// Whether a wait status means a normal exit with status 0.
  static func succeeded(_ status: Int32) -> Bool { status == 0 }

  /// Sends `signal` to the child if it is still running.
  func signal(_ signal: Int32) {
    if isRunning { kill(pid, signal) }
  }

  /// Stops the child: SIGTERM, then SIGKILL if it is still running after `grace`.
  func terminate(grace: Duration = .seconds(2)) {
    signal(SIGTERM)
    if waitForExit(within: grace) == nil {
      signal(SIGKILL)
      _ = waitForExit(within: .seconds(2))
    }
  }

  private static func wire(
    _ stream: Stream, to descriptor: Int32, actions: inout posix_spawn_file_actions_t
  ) {
    switch stream {
    case .null:
      let mode = descriptor == 0 ? O_RDONLY : O_WRONLY
      posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", mode, 0)
    case .file(let path):
      let mode = descriptor == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC
      posix_spawn_file_actions_addopen(&actions, descriptor, path, mode, 0o600)
    }
  }
}
