import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// Where a started case stands.
enum JudgeCaseExit: Equatable {
  case running
  /// Exited with `code`, or killed by `signal`.
  case exited(code: Int32, signal: Int32?)
  /// The launcher stopped answering; the case's fate is unknown.
  case lost(String)
}

/// Why a case could not be started.
struct JudgeLaunchFailure: Error, Equatable {
  var reason: String
}

/// Starts one case at a time as a fresh process in a new process group, limits applied,
/// below a child subreaper that holds everything the case starts.
protocol JudgeCaseLauncher: AnyObject {
  /// The child subreaper the cases run below; every live process below it is the current
  /// case's.
  var reaper: Int32 { get }
  /// Gets ready to start a case quickly (outside the case's clock); nil when ready.
  func prepare() -> JudgeLaunchFailure?
  /// Starts the program on the input file; returns its pid, which is its process group.
  func start(deadline: Double) -> Result<Int32, JudgeLaunchFailure>
  /// Waits up to `timeout` seconds for the started case to exit.
  func waitForExit(timeout: Double) -> JudgeCaseExit
  /// Collects a case whose process group was just killed.
  func collectKilled()
  /// Stops the launcher and anything it still runs.
  func shutDown()
}

/// Starts cases from one bash per judge run, so a case costs about what a direct spawn does.
///
/// A fork from a small shell is cheaper than one from the tutor, and no extra exec sets the
/// limits: `ulimit` runs in the forked child before it execs the program (memory and CPU)
/// or once in bash (file size, core), inherited by every case. With job control (`set -m`)
/// each case is a background job in a process group of its own. Bash is a child subreaper,
/// so whatever a case leaves behind stays below it (bash collects such orphans when they
/// die).
///
/// The protocol on a socket pair (bash's stdin and stdout): bash says "ready" once set up;
/// then for each "go" line it starts the program with the case files as its streams,
/// answers its pid, waits, and answers `$?` (128 + N when killed by signal N).
final class JudgeBashLauncher: JudgeCaseLauncher {
  static let bashPath: String? = ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash"].first {
    access($0, X_OK) == 0
  }

  let bash: String
  let command: JudgeCommand
  let limits: JudgeLimits
  let environment: [String]
  let workingDirectory: String?
  let files: JudgeCaseFiles
  private var pid: Int32 = -1
  private var socket: Int32 = -1
  private var pending: [UInt8] = []

  init(
    bash: String, command: JudgeCommand, limits: JudgeLimits, environment: [String: String],
    workingDirectory: String?, files: JudgeCaseFiles
  ) {
    self.bash = bash
    self.command = command
    self.limits = limits
    self.workingDirectory = workingDirectory
    self.files = files
    // Variables that would make bash run code or change how it reads this script.
    let unsafe = ["BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "POSIXLY_CORRECT", "CDPATH"]
    self.environment = environment.map { "\($0.key)=\($0.value)" }
      .filter { entry in
        !entry.hasPrefix("BASH_FUNC_") && !unsafe.contains { entry.hasPrefix($0 + "=") }
      }
  }

  deinit { shutDown() }

  var reaper: Int32 { pid }

  /// A CPU-time limit per case, in whole seconds, as a backstop to the wall-clock deadline.
  ///
  /// It stops a spinning program even if the tutor itself dies mid-case. SIGXCPU at the soft
  /// limit reads as a time limit; the hard one, a second later, is SIGKILL.
  var cpu: (soft: Int, hard: Int) { judgeCPULimit(limits) }

  /// The script bash runs; the case files' directory, the working directory and the
  /// command follow it as arguments.
  var script: String {
    // Only the case's memory is limited: bash itself must keep working whatever the limit.
    let memory = limits.memoryBytes > 0 ? "ulimit -d \(max(limits.memoryBytes / 1024, 1)); " : ""
    var lines = ["set +o posix; set -m", "d=$1; w=$2; shift 2"]
    // cd leaves OLDPWD, the tutor's directory, for the program to see.
    lines.append("if [ -n \"$w\" ]; then cd -- \"$w\" || exit 126; unset OLDPWD; fi")
    // bash counts -f in KiB; the runner checks the exact cap itself.
    lines.append("ulimit -f \((max(limits.outputBytes, 0) + 1 + 1023) / 1024); ulimit -c 0")
    // After set-up, bash's own messages ("[1]+ Done") would only fill the log.
    lines.append("echo ready; exec 2>/dev/null")
    lines.append(
      """
      while read -r _; do
        { \(memory)ulimit -S -t \(cpu.soft); ulimit -H -t \(cpu.hard); exec "$@"; } \\
          <"$d/input" >"$d/stdout" 2>"$d/stderr" &
        echo "$!"
        wait "$!"
        echo "$?"
      done
      """)
    return lines.joined(separator: "\n")
  }

  func prepare() -> JudgeLaunchFailure? {
    pid < 0 ? launch(deadline: MonotonicClock.now + 5) : nil
  }

  func start(deadline: Double) -> Result<Int32, JudgeLaunchFailure> {
    for attempt in 0..<2 {
      if pid < 0, let failure = launch(deadline: deadline) { return .failure(failure) }
      if send("go\n"), let line = readLine(deadline: deadline), let casePid = Int32(line) {
        return .success(casePid)
      }
      if attempt == 0 { shutDown() }  // a broken launcher gets one fresh start
    }
    let reason = "the judge's launcher (\(bash)) stopped answering"
    shutDown()
    return .failure(JudgeLaunchFailure(reason: reason))
  }

  func waitForExit(timeout: Double) -> JudgeCaseExit {
    guard let line = readLine(deadline: MonotonicClock.now + timeout, orRunning: true) else {
      shutDown()
      return .lost("the judge's launcher (\(bash)) stopped during the case")
    }
    if line.isEmpty { return .running }
    guard let code = Int32(line) else {
      shutDown()
      return .lost("the judge's launcher (\(bash)) answered \"\(line)\"")
    }
    return code > 128 && code <= 128 + 64
      ? .exited(code: code, signal: code - 128)
      : .exited(code: code, signal: nil)
  }

  func collectKilled() {
    // bash answers the killed job's status; without it the next case would be out of step.
    if pid >= 0, readLine(deadline: MonotonicClock.now + 2).flatMap({ Int32($0) }) == nil {
      shutDown()
    }
  }

  func shutDown() {
    if socket >= 0 {
      close(socket)
      socket = -1
    }
    if pid > 0 {
      // Bash goes last: what it holds would go to init without it.
      ProcessFamily(reaper: pid).killAll()
      kill(-pid, SIGKILL)
      judgeReap(pid)
      pid = -1
    }
    pending = []
  }

  /// Starts bash and waits for its "ready"; nil when it is ready.
  private func launch(deadline: Double) -> JudgeLaunchFailure? {
    var pair: [Int32] = [-1, -1]
    guard
      socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0
    else {
      return JudgeLaunchFailure(
        reason: "cannot make a socket pair: \(String(cString: strerror(errno)))")
    }
    let log = open(files.launcherLogPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let arguments =
      [
        bash, "--noprofile", "--norc", "-c", script, "judge", files.directory,
        workingDirectory ?? "",
        command.executable,
      ] + command.arguments
    let started = judgeSpawn(
      arguments, environment: environment, input: pair[1], output: pair[1], error: log,
      subreaper: true)
    close(pair[1])
    if log >= 0 { close(log) }
    socket = pair[0]
    pending = []
    guard started > 0 else {
      let reason = "cannot start \(bash): \(String(cString: strerror(errno)))"
      shutDown()
      return JudgeLaunchFailure(reason: reason)
    }
    pid = started
    if readLine(deadline: max(deadline, MonotonicClock.now + 5)) == "ready" { return nil }
    let said = judgeTail(of: files.launcherLogPath)
    shutDown()
    return JudgeLaunchFailure(
      reason: "the judge's launcher (\(bash)) did not start" + (said.isEmpty ? "" : ": \(said)"))
  }

  private func send(_ text: String) -> Bool {
    guard socket >= 0 else { return false }
    let bytes = Array(text.utf8)
    let sent = bytes.withUnsafeBytes {
      Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
    }
    return sent == bytes.count
  }

  /// The next line from bash; "" with `orRunning` when none came by the deadline, nil when
  /// bash is gone (or, without `orRunning`, silent past the deadline).
  private func readLine(deadline: Double, orRunning: Bool = false) -> String? {
    while true {
      if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: pending[..<newline], as: UTF8.self)
        pending.removeSubrange(...newline)
        return line
      }
      guard socket >= 0 else { return nil }
      let left = deadline - MonotonicClock.now
      var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, left <= 0 ? 0 : Int32((left * 1000).rounded(.up)))
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 {
        if MonotonicClock.now < deadline { continue }
        return orRunning ? "" : nil
      }
      var chunk = [UInt8](repeating: 0, count: 256)
      let got = chunk.withUnsafeMutableBytes {
        recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
      }
      if got < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if got <= 0 { return nil }
      pending += chunk[0..<got]
    }
  }
}

/// One exec per case through `prlimit` (util-linux) or, without it,
/// `sh -c 'ulimit …; exec "$@"'`, below a reaper of its own: the fallback when bash is missing.
final class JudgePerCaseLauncher: JudgeCaseLauncher {
  let arguments: [String]
  let environment: [String]
  let workingDirectory: String?
  let files: JudgeCaseFiles
  private(set) var reaper: Int32 = -1
  /// Where the reaper writes the program's wait status.
  private var status: Int32 = -1

  init(
    command: JudgeCommand, limits: JudgeLimits, environment: [String: String],
    workingDirectory: String?, files: JudgeCaseFiles
  ) {
    arguments = Self.arguments(for: command, limits: limits)
    self.environment = environment.map { "\($0.key)=\($0.value)" }
    self.workingDirectory = workingDirectory
    self.files = files
  }

  deinit { shutDown() }

  /// The argv that applies the limits and then execs the command.
  static func arguments(for command: JudgeCommand, limits: JudgeLimits) -> [String] {
    let fileSize = max(limits.outputBytes, 0) + 1
    let cpu = judgeCPULimit(limits)
    if let prlimit = prlimitPath {
      var arguments = [prlimit]
      if limits.memoryBytes > 0 { arguments.append("--data=\(limits.memoryBytes)") }
      arguments += [
        "--fsize=\(fileSize)", "--core=0", "--cpu=\(cpu.soft):\(cpu.hard)", "--",
        command.executable,
      ]
      return arguments + command.arguments
    }
    var script = ""
    if limits.memoryBytes > 0 { script += "ulimit -d \(max(limits.memoryBytes / 1024, 1)); " }
    // sh counts -f in 512-byte blocks; the runner checks the exact cap itself.
    script += "ulimit -f \((fileSize + 511) / 512); ulimit -c 0; "
    script += "ulimit -S -t \(cpu.soft); ulimit -H -t \(cpu.hard); exec \"$@\""
    return ["/bin/sh", "-c", script, "sh", command.executable] + command.arguments
  }

  static let prlimitPath: String? = ["/usr/bin/prlimit", "/bin/prlimit"].first {
    access($0, X_OK) == 0
  }

  func prepare() -> JudgeLaunchFailure? { nil }

  func start(deadline: Double) -> Result<Int32, JudgeLaunchFailure> {
    shutDown()  // the last case's reaper, whose family the runner has already stopped
    func failure(_ what: String) -> Result<Int32, JudgeLaunchFailure> {
      .failure(JudgeLaunchFailure(reason: "\(what): \(String(cString: strerror(errno)))"))
    }
    let input = open(files.inputPath, O_RDONLY | O_CLOEXEC)
    let output = open(files.outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let error = open(files.errorPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    defer { [input, output, error].filter { $0 >= 0 }.forEach { close($0) } }
    guard input >= 0, output >= 0, error >= 0 else { return failure("cannot open the case files") }
    var pipe: [Int32] = [-1, -1]
    guard
      socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pipe) == 0
    else { return failure("cannot make a socket pair") }
    defer { close(pipe[1]) }
    var program: Int32 = -1
    let started = Spawn.startReaped(
      arguments, environment: environment, directory: workingDirectory, input: input,
      output: output, error: error, statusFD: pipe[1], program: &program)
    if started < 0 {
      close(pipe[0])
      return failure(arguments[0])
    }
    reaper = started
    status = pipe[0]
    return .success(program)
  }

  func waitForExit(timeout: Double) -> JudgeCaseExit {
    let end = MonotonicClock.now + timeout
    while true {
      let left = end - MonotonicClock.now
      var poller = pollfd(fd: status, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, left <= 0 ? 0 : Int32((left * 1000).rounded(.up)))
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 {
        if MonotonicClock.now < end { continue }
        return .running
      }
      var wait: Int32 = 0
      let got = Glibc.read(status, &wait, MemoryLayout<Int32>.size)
      if got < 0 && errno == EINTR { continue }
      guard got == MemoryLayout<Int32>.size else {
        return .lost("lost track of the program: its reaper stopped")
      }
      let signal = wait & 0x7f
      return signal == 0
        ? .exited(code: (wait >> 8) & 0xff, signal: nil)
        : .exited(code: 128 + signal, signal: signal)
    }
  }

  func collectKilled() { shutDown() }

  /// Kills the reaper (its family must be gone already, or it goes to init) and collects it.
  func shutDown() {
    if status >= 0 {
      close(status)
      status = -1
    }
    if reaper > 0 {
      ProcessFamily(reaper: reaper).killAll()
      kill(reaper, SIGKILL)
      judgeReap(reaper)
      reaper = -1
    }
  }
}

/// The CPU seconds a case may use: more than the wall-clock limit allows a
/// single thread, so only a program left spinning (or using many cores) meets it.
func judgeCPULimit(_ limits: JudgeLimits) -> (soft: Int, hard: Int) {
  let soft = Int(min(max(limits.timePerCase, 0), 1e6).rounded(.up)) + 1
  return (soft, soft + 1)
}

/// Starts `arguments`; returns the pid, or -1 with errno set.
///
/// The child gets a new process group and only the three given descriptors, and is killed
/// if the tutor dies; a `subreaper` keeps every orphan of its descendants below it.
func judgeSpawn(
  _ arguments: [String], environment: [String]?, input: Int32, output: Int32, error: Int32,
  subreaper: Bool = false
) -> Int32 {
  subreaper
    ? Spawn.startSubreaper(
      arguments, environment: environment, input: input, output: output, error: error)
    : Spawn.start(
      arguments, environment: environment, input: input, output: output, error: error,
      parentDeathSignal: SIGKILL)
}

/// Collects a (killed) child's exit; gives up rather than hang on an unkillable one.
func judgeReap(_ pid: Int32) {
  let giveUp = MonotonicClock.now + 5
  var status: Int32 = 0
  while MonotonicClock.now < giveUp {
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid || (result < 0 && errno != EINTR) { return }
    kill(pid, SIGKILL)
    usleep(500)
  }
}

/// The last line of a small log file.
func judgeTail(of path: String) -> String {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  if fd < 0 { return "" }
  defer { close(fd) }
  var bytes = [UInt8](repeating: 0, count: 2048)
  let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
  let text = String(decoding: bytes.prefix(max(got, 0)), as: UTF8.self)
  return text.split(separator: "\n").last.map(String.init) ?? ""
}
