import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// Measures what the judge costs per case compared with running the program directly.
public enum JudgeOverhead {
  /// Why a measurement could not be made.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// Mean seconds per case for `runs` cases of `command` on `input`: through a
  /// `JudgeRunner` (limits, watching, output read and compared), and directly (a plain spawn
  /// with stdin and stdout files, then a blocking wait).
  ///
  /// The two are measured in alternating rounds and the best round of each is kept, so
  /// noise from other work on the machine does not decide the ratio.
  public static func measure(command: [String], input: String, runs: Int = 50, rounds: Int = 3)
    throws(Failure) -> (judged: Double, direct: Double)
  {
    let runs = max(runs, 1)
    let resolved: JudgeCommand
    do {
      resolved = try JudgeCommand.resolve(
        command, path: getenv("PATH").map { String(cString: $0) }, workingDirectory: nil)
    } catch {
      throw Failure(description: "cannot start \(command.joined(separator: " ")): \(error.reason)")
    }
    let direct = try DirectRunner(command: resolved, input: input)
    let expected = try direct.runOnce()
    let tests = (1...runs).map { JudgeTest(name: "bench \($0)", input: input, expected: expected) }
    let judge = JudgeRunner(command: command, limits: JudgeLimits(timePerCase: 60))

    var best = (judged: Double.infinity, direct: Double.infinity)
    for _ in 0..<max(rounds, 1) {
      var start = MonotonicClock.now
      let report = judge.run(tests) { _, expected, got in got == expected }
      guard report.verdict.isPass else {
        throw Failure(description: "the judged run failed: \(report.render())")
      }
      best.judged = min(best.judged, (MonotonicClock.now - start) / Double(runs))
      start = MonotonicClock.now
      for _ in 0..<runs { _ = try direct.runOnce() }
      best.direct = min(best.direct, (MonotonicClock.now - start) / Double(runs))
    }
    return best
  }
}

/// Runs a command the plain way: spawn with stdin and stdout files, wait.
private final class DirectRunner {
  let command: JudgeCommand
  let directory: String
  private let arguments: [String]

  init(command: JudgeCommand, input: String) throws(JudgeOverhead.Failure) {
    self.command = command
    var template = Array("/tmp/redis-tutor-bench.XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      throw JudgeOverhead.Failure(description: "cannot make a temp directory")
    }
    directory = String(cString: made)
    arguments = [command.executable] + command.arguments
    let fd = open(directory + "/input", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let bytes = Array(input.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    if fd < 0 || written != bytes.count {
      throw JudgeOverhead.Failure(description: "cannot write the input file")
    }
  }

  deinit {
    unlink(directory + "/input")
    unlink(directory + "/stdout")
    rmdir(directory)
  }

  /// One run; returns its standard output.
  func runOnce() throws(JudgeOverhead.Failure) -> String {
    let inputFD = open(directory + "/input", O_RDONLY | O_CLOEXEC)
    let outputFD = open(directory + "/stdout", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    defer {
      close(inputFD)
      close(outputFD)
    }
    var pid: Int32 = -1
    // ETXTBSY: another thread's fork still holds the just-written program open for writing.
    for attempt in 0..<5 {
      pid = Spawn.start(
        arguments, environment: nil, input: inputFD, output: outputFD, error: -1,
        parentDeathSignal: SIGKILL)
      if pid >= 0 || errno != ETXTBSY || attempt == 4 { break }
      usleep(50_000)
    }
    if pid < 0 {
      throw JudgeOverhead.Failure(
        description: "cannot start \(command.executable): \(String(cString: strerror(errno)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status != 0 {
      throw JudgeOverhead.Failure(description: "\(command.executable) exited with status \(status)")
    }
    var info = stat()
    fstat(outputFD, &info)
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    let got = bytes.withUnsafeMutableBytes { pread(outputFD, $0.baseAddress, $0.count, 0) }
    return String(decoding: bytes.prefix(max(got, 0)), as: UTF8.self)
  }
}
