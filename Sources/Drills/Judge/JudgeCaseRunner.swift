import CSpawn

#if canImport(Glibc)
  import Glibc
#endif

/// How one case ended, before its output is judged.
enum JudgeCaseEnd: Equatable {
  /// The program exited by itself with this wait status.
  case exited(status: Int32)
  /// The program was stopped at the time limit.
  case timedOut
  /// The program was stopped for writing more than the cap to stdout or stderr.
  case flooded(bytes: Int)
  /// The program ran more processes than allowed, or left some running when it exited.
  case tooManyProcesses
  /// The launcher could not start at all.
  case spawnFailed(String)
}

/// One case's run: how it ended, how long it took, what it printed.
struct JudgeCaseRun {
  var end: JudgeCaseEnd
  var seconds: Double
  var output: [UInt8]
  var errorTail: String
}

/// Runs the learner's program once per case, each time a fresh process group with the
/// limits applied before the program starts, and stops the whole group afterwards.
///
/// Limits are set by exec'ing through `prlimit` (util-linux) — RLIMIT_AS for memory,
/// RLIMIT_FSIZE for the output cap, RLIMIT_CORE 0 — or, without prlimit or with a working
/// directory, through `sh -c 'ulimit …; exec "$@"'`. Process counts are not left to
/// RLIMIT_NPROC (per user, and it counts threads): the group is watched through /proc.
final class JudgeCaseRunner {
  let command: JudgeCommand
  let limits: JudgeLimits
  let launcherArguments: [String]
  private let directory: String
  private let inputPath: String
  private let outputPath: String
  private let errorPath: String
  private let argv: [UnsafeMutablePointer<CChar>?]
  private let envp: [UnsafeMutablePointer<CChar>?]?

  /// Prepares a temp directory for the case files; nil when none can be made.
  init?(
    command: JudgeCommand, limits: JudgeLimits, environment: [String: String]?,
    workingDirectory: String?
  ) {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(base)/redis-tutor-judge.XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      return nil
    }
    directory = String(cString: made)
    inputPath = directory + "/input"
    outputPath = directory + "/stdout"
    errorPath = directory + "/stderr"
    self.command = command
    self.limits = limits
    launcherArguments = Self.launcher(
      for: command, limits: limits, workingDirectory: workingDirectory)
    argv = launcherArguments.map { strdup($0) } + [nil]
    envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
  }

  deinit {
    argv.forEach { free($0) }
    envp?.forEach { free($0) }
    for path in [inputPath, outputPath, errorPath] { unlink(path) }
    rmdir(directory)
  }

  /// The argv that applies the limits and then execs the command.
  static func launcher(
    for command: JudgeCommand, limits: JudgeLimits, workingDirectory: String?
  ) -> [String] {
    let fileSize = max(limits.outputBytes, 0) + 1
    if workingDirectory == nil, let prlimit = prlimitPath {
      var arguments = [prlimit]
      if limits.memoryBytes > 0 { arguments.append("--as=\(limits.memoryBytes)") }
      arguments += ["--fsize=\(fileSize)", "--core=0", "--", command.executable]
      return arguments + command.arguments
    }
    var script = ""
    if workingDirectory != nil { script += "cd -- \"$1\" || exit 126; shift; " }
    if limits.memoryBytes > 0 { script += "ulimit -v \(max(limits.memoryBytes / 1024, 1)); " }
    script += "ulimit -f \((fileSize + 511) / 512); ulimit -c 0; exec \"$@\""
    return ["/bin/sh", "-c", script, "sh"] + (workingDirectory.map { [$0] } ?? [])
      + [command.executable] + command.arguments
  }

  /// Where util-linux's prlimit lives, if it is installed.
  static let prlimitPath: String? = ["/usr/bin/prlimit", "/bin/prlimit"].first {
    access($0, X_OK) == 0
  }

  /// Runs the program on `input` and waits until it and everything it started are gone.
  func run(input: [UInt8]) -> JudgeCaseRun {
    guard write(input, to: inputPath) else {
      return JudgeCaseRun(
        end: .spawnFailed("cannot write \(inputPath): \(lastError())"), seconds: 0, output: [],
        errorTail: "")
    }
    let inputFD = open(inputPath, O_RDONLY | O_CLOEXEC)
    let outputFD = open(outputPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let errorFD = open(errorPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    defer { [inputFD, outputFD, errorFD].filter { $0 >= 0 }.forEach { close($0) } }
    guard inputFD >= 0, outputFD >= 0, errorFD >= 0 else {
      return JudgeCaseRun(
        end: .spawnFailed("cannot open the case files in \(directory): \(lastError())"),
        seconds: 0, output: [], errorTail: "")
    }

    let start = JudgeClock.now
    let pid = spawn(inputFD: inputFD, outputFD: outputFD, errorFD: errorFD)
    if pid < 0 {
      return JudgeCaseRun(
        end: .spawnFailed("\(launcherArguments[0]): \(lastError())"), seconds: 0, output: [],
        errorTail: "")
    }
    var family = JudgeProcessFamily(leader: pid)
    var end = watch(pid: pid, family: &family, start: start, outputFD: outputFD, errorFD: errorFD)
    let seconds = JudgeClock.now - start

    if case .exited = end, family.groupMayExist || !family.strays.isEmpty {
      // Give children a moment to finish on their own before calling them strays.
      let grace = JudgeClock.now + 0.1
      while !family.live(in: JudgeProcessTable.snapshot()).isEmpty {
        if JudgeClock.now >= grace {
          end = .tooManyProcesses
          break
        }
        usleep(2_000)
      }
      family.killAll()
    }

    let outputSize = size(of: outputFD)
    let errorSize = size(of: errorFD)
    if case .exited(let status) = end {
      let signal = status & 0x7f
      if outputSize > limits.outputBytes || errorSize > limits.outputBytes
        || signal == SIGXFSZ
      {
        end = .flooded(bytes: max(outputSize, errorSize))
      }
    }
    let output = end == .timedOut || end == .tooManyProcesses ? [] : read(outputFD, limit: limits.outputBytes)
    return JudgeCaseRun(
      end: end, seconds: seconds, output: output, errorTail: tail(of: errorFD, size: errorSize))
  }

  /// Polls until the program exits or breaks a limit; reaps it either way.
  private func watch(
    pid: Int32, family: inout JudgeProcessFamily, start: Double, outputFD: Int32, errorFD: Int32
  ) -> JudgeCaseEnd {
    let deadline = start + max(limits.timePerCase, 0)
    var scanInterval = 0.005
    var nextScan = start + scanInterval
    var status: Int32 = 0
    var verdict: JudgeCaseEnd? = nil
    while verdict == nil {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid { return .exited(status: status) }
      if result < 0 && errno != EINTR { return .exited(status: status) }
      let now = JudgeClock.now
      let written = max(size(of: outputFD), size(of: errorFD))
      if now >= deadline {
        verdict = .timedOut
      } else if written > limits.outputBytes {
        verdict = .flooded(bytes: written)
      } else if now >= nextScan {
        let live = family.live(in: JudgeProcessTable.snapshot())
        if let most = limits.maxProcesses, live.count > most {
          verdict = .tooManyProcesses
        }
        scanInterval = min(scanInterval * 2, 0.025)
        nextScan = now + scanInterval
      }
      if verdict == nil {
        // Sleep about 2% of the time so far: a quick exit is noticed quickly, a long run
        // is not polled to death.
        let pause = min(max((now - start) * 0.02, 0.000_05), 0.002, max(deadline - now, 0))
        usleep(UInt32(pause * 1e6))
      }
    }
    family.killAll()
    reap(pid)
    return verdict!
  }

  /// Collects a killed child's exit; gives up rather than hang on an unkillable one.
  private func reap(_ pid: Int32) {
    let giveUp = JudgeClock.now + 5
    var status: Int32 = 0
    while JudgeClock.now < giveUp {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid || (result < 0 && errno != EINTR) { return }
      kill(pid, SIGKILL)
      usleep(1_000)
    }
  }

  private func spawn(inputFD: Int32, outputFD: Int32, errorFD: Int32) -> Int32 {
    var argv = argv
    var envp = envp ?? []
    return argv.withUnsafeMutableBufferPointer { argvBuffer in
      envp.withUnsafeMutableBufferPointer { envBuffer in
        cspawn_start(
          launcherArguments[0], argvBuffer.baseAddress!,
          self.envp == nil ? nil : envBuffer.baseAddress!, inputFD, outputFD, errorFD, SIGKILL)
      }
    }
  }

  private func write(_ bytes: [UInt8], to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    if fd < 0 { return false }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }

  private func size(of fd: Int32) -> Int {
    var info = stat()
    return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
  }

  /// Up to `limit` bytes from the start of the file.
  private func read(_ fd: Int32, limit: Int) -> [UInt8] {
    let count = min(size(of: fd), max(limit, 0))
    return read(fd, from: 0, count: count)
  }

  private func read(_ fd: Int32, from offset: Int, count: Int) -> [UInt8] {
    guard count > 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let got = bytes.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
      }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { break }
      done += got
    }
    return Array(bytes[0..<done])
  }

  /// The last lines of standard error, for a crash report.
  private func tail(of fd: Int32, size: Int) -> String {
    let keep = 4096
    let bytes = read(fd, from: max(size - keep, 0), count: min(size, keep))
    var lines = String(decoding: bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    if size > keep, lines.count > 1 { lines.removeFirst() }  // a partial first line
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    return lines.suffix(20).joined(separator: "\n")
  }

  private func lastError() -> String { String(cString: strerror(errno)) }
}
