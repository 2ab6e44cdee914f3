import CSpawn

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

/// Starts one case at a time as a fresh process in a new process group, limits applied.
protocol JudgeCaseLauncher: AnyObject {
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
/// each case is a background job in a process group of its own.
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
    bash: String, command: JudgeCommand, limits: JudgeLimits, environment: [String: String]?,
    workingDirectory: String?, files: JudgeCaseFiles
  ) {
    self.bash = bash
    self.command = command
    self.limits = limits
    self.workingDirectory = workingDirectory
    self.files = files
    // Variables that would make bash run code or change how it reads this script.
    let unsafe = ["BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "POSIXLY_CORRECT", "CDPATH"]
    self.environment = (environment.map { $0.map { "\($0.key)=\($0.value)" } } ?? inherited())
      .filter { entry in
        !entry.hasPrefix("BASH_FUNC_") && !unsafe.contains { entry.hasPrefix($0 + "=") }
      }
  }

  deinit { shutDown() }

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
    lines.append("if [ -n \"$w\" ]; then cd -- \"$w\" || exit 126; fi")
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
    pid < 0 ? launch(deadline: JudgeClock.now + 5) : nil
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
    guard let line = readLine(deadline: JudgeClock.now + timeout, orRunning: true) else {
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
    if pid >= 0, readLine(deadline: JudgeClock.now + 2).flatMap({ Int32($0) }) == nil {
      shutDown()
    }
  }

  func shutDown() {
    if socket >= 0 {
      close(socket)
      socket = -1
    }
    if pid > 0 {
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
      arguments, environment: environment, input: pair[1], output: pair[1], error: log)
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
    if readLine(deadline: max(deadline, JudgeClock.now + 5)) == "ready" { return nil }
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
      let left = deadline - JudgeClock.now
      var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, left <= 0 ? 0 : Int32((left * 1000).rounded(.up)))
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 {
        if JudgeClock.now < deadline { continue }
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

/// One exec per case through `prlimit` (util-linux) or, without it or with a working
/// directory, `sh -c 'ulimit …; exec "$@"'`: the fallback when bash is missing.
final class JudgePerCaseLauncher: JudgeCaseLauncher {
  let arguments: [String]
  let environment: [String]?
  let files: JudgeCaseFiles
  private var pid: Int32 = -1
  private var startedAt = 0.0

  init(
    command: JudgeCommand, limits: JudgeLimits, environment: [String: String]?,
    workingDirectory: String?, files: JudgeCaseFiles
  ) {
    arguments = Self.arguments(for: command, limits: limits, workingDirectory: workingDirectory)
    self.environment = environment.map { $0.map { "\($0.key)=\($0.value)" } }
    self.files = files
  }

  deinit { shutDown() }

  /// The argv that applies the limits and then execs the command.
  static func arguments(
    for command: JudgeCommand, limits: JudgeLimits, workingDirectory: String?
  ) -> [String] {
    let fileSize = max(limits.outputBytes, 0) + 1
    if workingDirectory == nil, let prlimit = prlimitPath {
      var arguments = [prlimit]
      if limits.memoryBytes > 0 { arguments.append("--data=\(limits.memoryBytes)") }
      let cpu = judgeCPULimit(limits)
      arguments += [
        "--fsize=\(fileSize)", "--core=0", "--cpu=\(cpu.soft):\(cpu.hard)", "--",
        command.executable,
      ]
      return arguments + command.arguments
    }
    var script = ""
    if workingDirectory != nil { script += "cd -- \"$1\" || exit 126; shift; " }
    if limits.memoryBytes > 0 { script += "ulimit -d \(max(limits.memoryBytes / 1024, 1)); " }
    // sh counts -f in 512-byte blocks; the runner checks the exact cap itself.
    let cpu = judgeCPULimit(limits)
    script += "ulimit -f \((fileSize + 511) / 512); ulimit -c 0; "
    script += "ulimit -S -t \(cpu.soft); ulimit -H -t \(cpu.hard); exec \"$@\""
    return ["/bin/sh", "-c", script, "sh"] + (workingDirectory.map { [$0] } ?? [])
      + [command.executable] + command.arguments
  }

  static let prlimitPath: String? = ["/usr/bin/prlimit", "/bin/prlimit"].first {
    access($0, X_OK) == 0
  }

  func prepare() -> JudgeLaunchFailure? { nil }

  func start(deadline: Double) -> Result<Int32, JudgeLaunchFailure> {
    let input = open(files.inputPath, O_RDONLY | O_CLOEXEC)
    let output = open(files.outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let error = open(files.errorPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    defer { [input, output, error].filter { $0 >= 0 }.forEach { close($0) } }
    guard input >= 0, output >= 0, error >= 0 else {
      return .failure(
        JudgeLaunchFailure(
          reason: "cannot open the case files: \(String(cString: strerror(errno)))"))
    }
    startedAt = JudgeClock.now
    pid = judgeSpawn(
      arguments, environment: environment, input: input, output: output, error: error)
    if pid < 0 {
      return .failure(
        JudgeLaunchFailure(reason: "\(arguments[0]): \(String(cString: strerror(errno)))"))
    }
    return .success(pid)
  }

  func waitForExit(timeout: Double) -> JudgeCaseExit {
    let end = JudgeClock.now + timeout
    var status: Int32 = 0
    while true {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid {
        pid = -1
        let signal = status & 0x7f
        return signal == 0
          ? .exited(code: (status >> 8) & 0xff, signal: nil)
          : .exited(code: 128 + signal, signal: signal)
      }
      if result < 0 && errno != EINTR {
        pid = -1
        return .lost("lost track of the program: \(String(cString: strerror(errno)))")
      }
      let now = JudgeClock.now
      if now >= end { return .running }
      // Sleep about 2% of the time so far: a quick exit is noticed quickly, a long run
      // is not polled to death.
      let pause = min(max((now - startedAt) * 0.02, 0.000_05), end - now)
      usleep(UInt32(pause * 1e6))
    }
  }

  func collectKilled() {
    if pid > 0 { judgeReap(pid) }
    pid = -1
  }

  func shutDown() {
    if pid > 0 {
      kill(-pid, SIGKILL)
      judgeReap(pid)
      pid = -1
    }
  }
}

/// The CPU seconds a case may use: more than the wall-clock limit allows a
/// single thread, so only a program left spinning (or using many cores) meets it.
func judgeCPULimit(_ limits: JudgeLimits) -> (soft: Int, hard: Int) {
  let soft = Int(min(max(limits.timePerCase, 0), 1e6).rounded(.up)) + 1
  return (soft, soft + 1)
}

/// Starts `arguments` with CSpawn; returns the pid, or -1 with errno set.
///
/// The child gets a new process group and only the three given descriptors, and is killed
/// if the tutor dies.
func judgeSpawn(
  _ arguments: [String], environment: [String]?, input: Int32, output: Int32, error: Int32
) -> Int32 {
  var argv = arguments.map { strdup($0) } + [nil]
  var envp = (environment ?? []).map { strdup($0) } + [nil]
  defer {
    argv.forEach { free($0) }
    envp.forEach { free($0) }
  }
  return argv.withUnsafeMutableBufferPointer { argvBuffer in
    envp.withUnsafeMutableBufferPointer { envBuffer in
      cspawn_start(
        arguments[0], argvBuffer.baseAddress!, environment == nil ? nil : envBuffer.baseAddress!,
        input, output, error, SIGKILL)
    }
  }
}

/// Collects a (killed) child's exit; gives up rather than hang on an unkillable one.
func judgeReap(_ pid: Int32) {
  let giveUp = JudgeClock.now + 5
  var status: Int32 = 0
  while JudgeClock.now < giveUp {
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid || (result < 0 && errno != EINTR) { return }
    kill(pid, SIGKILL)
    usleep(500)
  }
}

/// This process's environment as NAME=value strings.
private func inherited() -> [String] {
  var entries: [String] = []
  var cursor = environ
  while let entry = cursor.pointee {
    entries.append(String(cString: entry))
    cursor += 1
  }
  return entries
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
