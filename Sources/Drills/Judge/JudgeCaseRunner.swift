import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// How one case ended, before its output is judged.
enum JudgeCaseEnd: Equatable {
  /// The program exited by itself: with `code`, or killed by `signal`.
  case exited(code: Int32, signal: Int32?)
  /// The program was stopped at the time limit.
  case timedOut
  /// The program was stopped for writing more than the cap to stdout or stderr.
  case flooded(bytes: Int)
  /// The program ran more processes than allowed, or left some running when it exited.
  case tooManyProcesses
  /// The program (with everything it started) held more memory than allowed and was stopped.
  case memoryExceeded
  /// The program could not be started.
  case spawnFailed(String)
}

/// One case's run: how it ended, how long it took, what it printed.
struct JudgeCaseRun {
  var end: JudgeCaseEnd
  var seconds: Double
  var output: [UInt8]
  var errorTail: String
}

/// Runs the learner's program once per case — a fresh process in a process group of its
/// own, with limits applied before it starts — and stops everything it started afterwards.
///
/// Cases are started by a launcher, normally one bash process per judge run (see
/// `JudgeBashLauncher`), else one exec through `prlimit` or `sh` per case (see
/// `JudgePerCaseLauncher`). Either way the limits are rlimits set in the child before the
/// program is exec'd: RLIMIT_DATA for memory, RLIMIT_FSIZE for the output cap, RLIMIT_CORE 0.
///
/// Memory is RLIMIT_DATA (private writable memory), not RLIMIT_AS: the Go runtime reserves
/// several hundred MB of address space at start and dies under a 512 MB RLIMIT_AS
/// ("failed to reserve page summary memory"), and so does node; reservations are not data,
/// so Go, Python, Swift, node and Java all start normally and fail their first allocation
/// past the limit with an "out of memory" message the runner recognises. RLIMIT_DATA does
/// not count shared mappings (MAP_SHARED|MAP_ANONYMOUS memory is shmem, not data), so the
/// runner also weighs the family's resident memory, shared pages included, each time it
/// scans /proc, and stops a family that holds more than the limit: a fast allocator can
/// pass the limit by what it touches between two scans (at most 25 ms), no further.
///
/// Process counts are not left to RLIMIT_NPROC (per user, and it counts threads): the
/// program runs below a child subreaper, and everything below that reaper is watched
/// through /proc (see `ProcessFamily`).
final class JudgeCaseRunner {
  let limits: JudgeLimits
  let files: JudgeCaseFiles
  /// Whether the program runs in the runner's own home, emptied before each case.
  let ownsWorkingDirectory: Bool
  private var launcher: JudgeCaseLauncher

  /// Prepares a temp directory for the case files; nil when none can be made.
  ///
  /// The program runs in `workingDirectory`, or when nil in an empty home of its own; with
  /// `environment`, or when nil a clean one.
  init?(
    command: JudgeCommand, limits: JudgeLimits, environment: [String: String]?,
    workingDirectory: String?, perCase: Bool = false
  ) {
    guard let files = JudgeCaseFiles() else { return nil }
    self.files = files
    self.limits = limits
    ownsWorkingDirectory = workingDirectory == nil
    let workingDirectory = workingDirectory ?? files.home
    let environment =
      environment
      ?? JudgeEnvironment.clean(
        for: command, home: workingDirectory, cache: JudgeEnvironment.cacheDirectory())
    if !perCase, let bash = JudgeBashLauncher.bashPath {
      launcher = JudgeBashLauncher(
        bash: bash, command: command, limits: limits, environment: environment,
        workingDirectory: workingDirectory, files: files)
    } else {
      launcher = JudgePerCaseLauncher(
        command: command, limits: limits, environment: environment,
        workingDirectory: workingDirectory, files: files)
    }
  }

  deinit { launcher.shutDown() }

  /// Runs the program on `input` and waits until it and everything it started are gone.
  func run(input: [UInt8]) -> JudgeCaseRun {
    if ownsWorkingDirectory { files.emptyHome() }
    guard files.write(input) else {
      return JudgeCaseRun(
        end: .spawnFailed("cannot write \(files.inputPath): \(lastError())"), seconds: 0,
        output: [], errorTail: "")
    }
    if let failure = launcher.prepare() {
      return JudgeCaseRun(end: .spawnFailed(failure.reason), seconds: 0, output: [], errorTail: "")
    }
    let start = MonotonicClock.now
    switch launcher.start(deadline: start + limits.timePerCase + 5) {
    case .success: break
    case .failure(let failure):
      return JudgeCaseRun(end: .spawnFailed(failure.reason), seconds: 0, output: [], errorTail: "")
    }
    let family = ProcessFamily(reaper: launcher.reaper)
    var (end, seconds) = watch(family: family, start: start)

    if case .exited = end, family.mayExist {
      // Give children a moment to finish on their own before calling them strays, but
      // not a fork bomb: it grows while we wait.
      let grace = MonotonicClock.now + 0.1
      while case let live = family.live(in: ProcessTable.snapshot()), !live.isEmpty {
        if MonotonicClock.now >= grace || live.count > limits.maxProcesses ?? Int.max {
          end = .tooManyProcesses
          break
        }
        usleep(2_000)
      }
      family.killAll()
    }

    let outputSize = files.size(of: files.outputFD)
    let errorSize = files.size(of: files.errorFD)
    if case .exited(_, let signal) = end,
      outputSize > limits.outputBytes || errorSize > limits.outputBytes || signal == SIGXFSZ
    {
      end = .flooded(bytes: max(outputSize, errorSize))
    }
    let output =
      end == .timedOut || end == .tooManyProcesses || end == .memoryExceeded
      ? [] : files.read(files.outputFD, from: 0, count: min(outputSize, limits.outputBytes))
    return JudgeCaseRun(
      end: end, seconds: seconds, output: output, errorTail: files.errorExcerpt(size: errorSize))
  }

  /// Waits for the case to exit while checking the limits; on a breach kills the family.
  ///
  /// Returns how the case ended and when, in seconds after `start`.
  private func watch(family: ProcessFamily, start: Double)
    -> (JudgeCaseEnd, seconds: Double)
  {
    let deadline = start + max(limits.timePerCase, 0)
    var scanInterval = 0.005
    var nextScan = start + scanInterval
    var verdict: JudgeCaseEnd? = nil
    var now = start
    while verdict == nil {
      now = MonotonicClock.now
      let written = max(files.size(of: files.outputFD), files.size(of: files.errorFD))
      if now >= deadline {
        verdict = .timedOut
      } else if written > limits.outputBytes {
        verdict = .flooded(bytes: written)
      } else if now >= nextScan {
        let live = family.live(in: ProcessTable.snapshot())
        if let most = limits.maxProcesses, live.count > most {
          verdict = .tooManyProcesses
        } else if limits.memoryBytes > 0, family.residentBytes(of: live) > limits.memoryBytes {
          verdict = .memoryExceeded
        }
        scanInterval = min(scanInterval * 2, 0.025)
        nextScan = now + scanInterval
      }
      if verdict != nil { break }
      // Wake at least every 2 ms to look at the output files; an exit wakes us at once.
      let slice = max(min(deadline, nextScan, now + 0.002) - now, 0)
      switch launcher.waitForExit(timeout: slice) {
      case .running: continue
      case .exited(let code, let signal):
        return (.exited(code: code, signal: signal), MonotonicClock.now - start)
      case .lost(let reason):
        family.killAll()
        return (.spawnFailed(reason), MonotonicClock.now - start)
      }
    }
    family.killAll()
    launcher.collectKilled()
    return (verdict!, now - start)
  }

  private func lastError() -> String { String(cString: strerror(errno)) }
}

/// Removes everything inside the open directory `fd` (and closes it), without following
/// links; a directory the program made unreadable is opened up first.
private func judgeRemoveContents(of fd: Int32) {
  guard let directory = fdopendir(fd) else {
    close(fd)
    return
  }
  defer { closedir(directory) }
  while let item = readdir(directory) {
    let name = withUnsafeBytes(of: item.pointee.d_name) {
      String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
    }
    if name == "." || name == ".." { continue }
    if unlinkat(fd, name, 0) == 0 { continue }
    fchmodat(fd, name, 0o700, 0)
    let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    if child >= 0 { judgeRemoveContents(of: child) }
    unlinkat(fd, name, AT_REMOVEDIR)
  }
}

/// The files one judge run passes cases through: the input, and stdout and stderr, which
/// stay open here for watching their size and reading them back; and a home, an empty
/// directory (0700) for the program to run in.
final class JudgeCaseFiles {
  let directory: String
  var home: String { directory + "/home" }
  var inputPath: String { directory + "/input" }
  var outputPath: String { directory + "/stdout" }
  var errorPath: String { directory + "/stderr" }
  var launcherLogPath: String { directory + "/launcher.log" }
  let outputFD: Int32
  let errorFD: Int32

  init?() {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(base)/redis-tutor-judge.XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      return nil
    }
    directory = String(cString: made)
    mkdir(directory + "/home", 0o700)
    for path in [directory + "/stdout", directory + "/stderr"] {
      let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
      if fd >= 0 { close(fd) }
    }
    outputFD = open(directory + "/stdout", O_RDONLY | O_CLOEXEC)
    errorFD = open(directory + "/stderr", O_RDONLY | O_CLOEXEC)
    if outputFD < 0 || errorFD < 0 { return nil }
  }

  deinit {
    close(outputFD)
    close(errorFD)
    for path in [inputPath, outputPath, errorPath, launcherLogPath] { unlink(path) }
    emptyHome()
    rmdir(home)
    rmdir(directory)
  }

  /// Removes whatever the last case left in the home, so each case starts in an empty one.
  func emptyHome() {
    let fd = open(home, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 { judgeRemoveContents(of: fd) }
  }

  /// Replaces the input file's contents.
  func write(_ bytes: [UInt8]) -> Bool {
    let fd = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
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

  func size(of fd: Int32) -> Int {
    var info = stat()
    return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
  }

  func read(_ fd: Int32, from offset: Int, count: Int) -> [UInt8] {
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

  /// Standard error for a crash report: all of it when short, else its first lines (where
  /// Go prints "panic: …" and "fatal error: …") and its last (where Python's traceback
  /// ends), with a "…" line between.
  func errorExcerpt(size: Int, headLines: Int = 5, tailLines: Int = 14) -> String {
    func lines(_ bytes: [UInt8]) -> [Substring] {
      String(decoding: bytes, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
    }
    let small = 8192
    if size <= small {
      var all = lines(read(errorFD, from: 0, count: size))
      if all.last == "" { all.removeLast() }
      guard all.count > headLines + tailLines + 1 else { return all.joined(separator: "\n") }
      let skipped = all.count - headLines - tailLines
      return (all.prefix(headLines) + ["… (\(skipped) more lines)"] + all.suffix(tailLines))
        .joined(separator: "\n")
    }
    var head = lines(read(errorFD, from: 0, count: 2048))
    if head.count > 1 { head.removeLast() }  // a partial last line
    var tail = lines(read(errorFD, from: size - 4096, count: 4096))
    if tail.count > 1 { tail.removeFirst() }  // a partial first line
    if tail.last == "" { tail.removeLast() }
    return (head.prefix(headLines) + ["…"] + tail.suffix(tailLines)).joined(separator: "\n")
  }
}
