#if canImport(Glibc)
  import Glibc
#endif

/// Runs a learner's own program — any command — on generated tests through stdin and
/// stdout, and judges it against the reference output.
///
/// Each case is a fresh process in its own process group with time, memory and output
/// limits; a program that hangs, floods its output or starts processes that do not go away
/// is stopped (everything it started killed, however it left the process group) and
/// reported. Judging stops at the first failure.
public struct JudgeRunner: Sendable {
  /// The command as the learner typed it: a program name or path, then its arguments.
  public var command: [String]
  public var limits: JudgeLimits
  /// The program's environment; nil is a clean one (see `JudgeEnvironment`), with nothing
  /// of the tutor's.
  public var environment: [String: String]?
  /// Where the program runs (and where a relative program path is found); nil is an empty
  /// directory of its own, emptied before each case and removed after the run, with
  /// relative paths in the command taken from the tutor's working directory.
  public var workingDirectory: String?
  /// Starts every case with its own exec through prlimit or sh instead of one bash per run
  /// (the fallback when bash is missing; tests use it to cover both).
  var perCaseLauncher = false

  public init(
    command: [String], limits: JudgeLimits = JudgeLimits(),
    environment: [String: String]? = nil, workingDirectory: String? = nil
  ) {
    self.command = command
    self.limits = limits
    self.environment = environment
    self.workingDirectory = workingDirectory
  }

  /// Runs `tests` in order until one fails.
  ///
  /// - Parameters:
  ///   - check: accepts the program's output (`got`) for a test, given its input and the
  ///     reference's `expected` output; called only when the program exited with status 0.
  ///   - progress: called after each case with (cases done, cases in all).
  public func run(
    _ tests: [JudgeTest], check: (_ input: String, _ expected: String, _ got: String) -> Bool,
    progress: (Int, Int) -> Void = { _, _ in }
  ) -> JudgeReport {
    var report = judge(tests, check: check, progress: progress)
    if limits.memoryBytes > 0 { report.note = Self.memoryNote }
    return report
  }

  /// How memory is held without a cgroup: the learner should know a burst can pass it.
  public static let memoryNote =
    "note: memory is limited by RLIMIT_DATA and by weighing the program's resident memory"
    + " as it runs (not by a cgroup's memory.max), so a fast allocation can pass the limit"
    + " for a moment"

  private func judge(
    _ tests: [JudgeTest], check: (_ input: String, _ expected: String, _ got: String) -> Bool,
    progress: (Int, Int) -> Void
  ) -> JudgeReport {
    let shown = command.joined(separator: " ")
    func cannotStart(_ reason: String) -> JudgeReport {
      JudgeReport(verdict: .cannotStart(command: shown, reason: reason), timings: [])
    }
    if let workingDirectory, JudgeCommand.problem(with: workingDirectory) != .directory {
      return cannotStart("the working directory \(workingDirectory) does not exist")
    }
    var resolved: JudgeCommand
    do {
      resolved = try JudgeCommand.resolve(
        command, path: environment.map { $0["PATH"] } ?? getenv("PATH").map { String(cString: $0) },
        workingDirectory: workingDirectory)
    } catch {
      return cannotStart(error.reason)
    }
    if workingDirectory == nil, let here = Self.currentDirectory() {
      resolved = resolved.anchored(in: here)
    }
    guard
      let runner = JudgeCaseRunner(
        command: resolved, limits: limits, environment: environment,
        workingDirectory: workingDirectory, perCase: perCaseLauncher)
    else {
      return cannotStart("cannot make a temp directory: \(String(cString: strerror(errno)))")
    }

    var timings: [JudgeTiming] = []
    for (index, test) in tests.enumerated() {
      var run = runner.run(input: Array(test.input.utf8))
      // ETXTBSY: some process forked while the program file was still open for writing
      // (a compiler that just finished, another thread's spawn) and has not exec'd yet.
      for _ in 0..<5 where Self.textFileBusy(run) {
        usleep(50_000)
        run = runner.run(input: Array(test.input.utf8))
      }
      timings.append(JudgeTiming(test: test.name, seconds: run.seconds))
      progress(index + 1, tests.count)
      if let failure = verdict(for: run, test: test, command: shown, check: check) {
        return JudgeReport(verdict: failure, timings: timings)
      }
    }
    let slowest = timings.max { $0.seconds < $1.seconds } ?? JudgeTiming(test: "", seconds: 0)
    return JudgeReport(verdict: .passed(cases: tests.count, slowest: slowest), timings: timings)
  }

  /// The verdict for one case, or nil when it passed.
  func verdict(
    for run: JudgeCaseRun, test: JudgeTest, command: String,
    check: (_ input: String, _ expected: String, _ got: String) -> Bool
  ) -> JudgeVerdict? {
    switch run.end {
    case .spawnFailed(let reason):
      return .cannotStart(command: command, reason: reason)
    case .timedOut:
      return .timeLimit(test: test.name, seconds: run.seconds, input: test.input)
    case .flooded(let bytes):
      return .outputLimit(test: test.name, bytes: bytes)
    case .tooManyProcesses:
      return .forkBomb(test: test.name)
    case .memoryExceeded:
      return .memoryLimit(test: test.name)
    case .exited(let code, let signal):
      if signal == nil && code == 0 {
        let got = String(decoding: run.output, as: UTF8.self)
        return check(test.input, test.expected, got)
          ? nil
          : .wrongAnswer(test: test.name, input: test.input, expected: test.expected, got: got)
      }
      if signal == nil, let reason = Self.launchFailure(code: code, errorTail: run.errorTail) {
        return .cannotStart(command: command, reason: reason)
      }
      if signal == SIGXCPU {
        return .timeLimit(test: test.name, seconds: run.seconds, input: test.input)
      }
      if limits.memoryBytes > 0, Self.looksOutOfMemory(run.errorTail) {
        return .memoryLimit(test: test.name)
      }
      let description =
        signal.map { "killed by signal \($0) (\(Self.signalName($0)))" } ?? "exit status \(code)"
      return .crashed(test: test.name, status: description, stderrTail: run.errorTail)
    }
  }

  static func currentDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    return getcwd(&buffer, buffer.count).map { String(cString: $0) }
  }

  static func textFileBusy(_ run: JudgeCaseRun) -> Bool {
    if case .exited(let code, nil) = run.end, code == 126 || code == 127 {
      return run.errorTail.lowercased().contains("text file busy")
    }
    return false
  }

  /// The exec failure reported by the launcher (prlimit or sh), when that is what happened.
  static func launchFailure(code: Int32, errorTail: String) -> String? {
    guard code == 126 || code == 127, let line = errorTail.split(separator: "\n").last else {
      return nil
    }
    let fromLauncher =
      line.hasPrefix("prlimit: failed to execute")
      || (line.hasPrefix("sh: ") && line.contains("exec: ")) || line.hasPrefix("judge: line ")
    guard fromLauncher, let reason = line.split(separator: ": ").last?.lowercased() else {
      return nil
    }
    return reason == "exec format error"
      ? "exec format error (a script needs a #! line, e.g. #!/usr/bin/env python3)" : reason
  }

  /// Whether standard error shows an allocation failure: what Go, Python, Swift, C++,
  /// Rust, node and Java print when the memory limit refuses an allocation.
  static func looksOutOfMemory(_ errorTail: String) -> Bool {
    let text = errorTail.lowercased()
    return [
      "memoryerror", "out of memory", "outofmemory", "cannot allocate memory", "bad_alloc",
      "could not allocate", "failed to allocate", "unable to allocate", "allocation failed",
      "memory allocation of",
    ].contains { text.contains($0) }
  }

  static func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGHUP: "SIGHUP"
    case SIGINT: "SIGINT"
    case SIGQUIT: "SIGQUIT"
    case SIGILL: "SIGILL"
    case SIGTRAP: "SIGTRAP"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGKILL: "SIGKILL"
    case SIGSEGV: "SIGSEGV"
    case SIGPIPE: "SIGPIPE"
    case SIGALRM: "SIGALRM"
    case SIGTERM: "SIGTERM"
    case SIGXCPU: "SIGXCPU"
    case SIGXFSZ: "SIGXFSZ"
    case SIGSYS: "SIGSYS"
    default: "signal \(signal)"
    }
  }
}
