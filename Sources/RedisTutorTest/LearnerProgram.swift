import Foundation
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Why the learner's command could not be started.
struct StartFailure: Error, CustomStringConvertible {
  /// One line for the learner: what went wrong and what to do.
  var reason: String

  var description: String { reason }
}

/// How the learner's program ended.
enum ProgramExit: Equatable, CustomStringConvertible {
  case code(Int32)
  case signal(Int32)

  var description: String {
    switch self {
    case .code(let code): "exited with status \(code)"
    case .signal(let number):
      "was killed by signal \(number)"
        + (strsignal(number).map { " (\(String(cString: $0)))" } ?? "")
    }
  }
}

/// The learner's command, running in a process group of its own below a child subreaper, so
/// everything it starts, even a process that leaves the group, can be found and stopped.
///
/// Its standard output and error go to one pipe that a thread drains, keeping the last lines
/// and counting bytes, so a program that floods its output never blocks and is caught.
final class LearnerProgram: @unchecked Sendable {
  /// The program's pid, which is also its process group.
  let pid: pid_t
  /// The subreaper the program runs below.
  private let reaper: pid_t
  /// Where the reaper writes the program's wait status.
  private let statusFD: Int32
  private let output: OutputTail
  private let state = Mutex<(exit: ProgramExit?, stopped: Bool)>((nil, false))

  /// Starts `command` (its first word found on `PATH` unless it holds a `/`) in `directory`.
  init(command: [String], environment: [String: String], directory: String, outputCap: Int)
    throws(StartFailure)
  {
    guard let first = command.first else { throw StartFailure(reason: "no command given") }
    guard let path = Self.resolve(first, path: environment["PATH"] ?? "/usr/bin:/bin") else {
      throw StartFailure(
        reason: "`\(first)` is not a program on PATH; check the command after `--`")
    }
    var pipeEnds: [Int32] = [-1, -1]
    var statusEnds: [Int32] = [-1, -1]
    guard pipe(&pipeEnds) == 0, pipe(&statusEnds) == 0 else {
      throw StartFailure(reason: "cannot make a pipe: \(String(cString: strerror(errno)))")
    }
    for fd in pipeEnds + statusEnds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var program: pid_t = -1
    let started = Spawn.startReaped(
      [path] + command.dropFirst(), environment: environment.map { "\($0.key)=\($0.value)" },
      directory: directory, input: -1, output: pipeEnds[1], error: pipeEnds[1],
      statusFD: statusEnds[1], program: &program)
    let failure = errno
    close(pipeEnds[1])
    close(statusEnds[1])
    guard started > 0 else {
      close(pipeEnds[0])
      close(statusEnds[0])
      throw StartFailure(reason: "cannot run \(path): \(String(cString: strerror(failure)))")
    }
    pid = program
    reaper = started
    statusFD = statusEnds[0]
    output = OutputTail(fd: pipeEnds[0], cap: outputCap)
  }

  deinit { _ = stop() }

  /// Resolves a command's first word the way a shell does.
  static func resolve(_ word: String, path: String) -> String? {
    if word.contains("/") { return access(word, X_OK) == 0 ? word : nil }
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(word)"
      var info = stat()
      if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
        access(candidate, X_OK) == 0
      {
        return candidate
      }
    }
    return nil
  }

  /// How the program ended, if it has; never blocks.
  var exit: ProgramExit? { waitForExit(seconds: 0) }

  /// Waits up to `seconds` for the program to end; nil when it is still running.
  func waitForExit(seconds: Double) -> ProgramExit? {
    if let known = state.withLock({ $0.exit }) { return known }
    var poller = pollfd(fd: statusFD, events: Int16(POLLIN), revents: 0)
    let end = MonotonicClock.now + seconds
    while true {
      let left = max(end - MonotonicClock.now, 0)
      let ready = poll(&poller, 1, Int32((left * 1000).rounded(.up)))
      if ready < 0 && errno == EINTR { continue }
      if ready <= 0 { return nil }
      var status: Int32 = 0
      let got = read(statusFD, &status, MemoryLayout<Int32>.size)
      if got < 0 && errno == EINTR { continue }
      // No status and no reaper: the program is gone with it.
      let exit: ProgramExit =
        got == MemoryLayout<Int32>.size
        ? ((status & 0x7f) == 0 ? .code((status >> 8) & 0xff) : .signal(status & 0x7f))
        : .signal(SIGKILL)
      state.withLock { $0.exit = exit }
      return exit
    }
  }

  /// Sends `number` (SIGTERM, SIGKILL…) to the program's whole process group.
  func signal(_ number: Int32) { kill(-pid, number) }

  /// Whether the program printed more than its cap.
  var flooded: Bool { output.flooded }

  /// The last `count` lines the program printed.
  func lastLines(_ count: Int) -> [String] { output.lastLines(count) }

  /// The TCP ports the program and its descendants listen on now (to name the wrong port).
  func listeningPorts() -> [Int] {
    var inodes = Set<String>()
    for member in [pid] + ProcessFamily(reaper: reaper).livePIDs() {
      let folder = "/proc/\(member)/fd"
      for fd in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + fd),
          link.hasPrefix("socket:[")
        {
          inodes.insert(String(link.dropFirst(8).dropLast()))
        }
      }
    }
    var ports = Set<Int>()
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
      let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
      for line in text.split(separator: "\n").dropFirst() {
        // sl local_address rem_address st … inode: LISTEN is state 0A.
        let fields = line.split(separator: " ")
        guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])),
          let port = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) })
        else { continue }
        ports.insert(port)
      }
    }
    return ports.sorted()
  }

  /// Kills the program's group and every process below its reaper, then the reaper.
  ///
  /// Returns the pids that could not be stopped (none, normally). Safe to call more than once.
  func stop() -> [pid_t] {
    let first = state.withLock { state -> Bool in
      defer { state.stopped = true }
      return !state.stopped
    }
    guard first else { return [] }
    kill(-pid, SIGKILL)
    var left: [pid_t] = []
    for _ in 0..<50 {
      left = ProcessFamily(reaper: reaper).livePIDs()
      if left.isEmpty { break }
      left.forEach { kill($0, SIGKILL) }
      usleep(20_000)
    }
    kill(reaper, SIGKILL)
    var status: Int32 = 0
    while waitpid(reaper, &status, 0) < 0 && errno == EINTR {}
    close(statusFD)
    output.finish()
    // Anything still in the program's group escaped the reaper (it cannot, but say so).
    return left + ProcessTable.snapshot().filter { $0.group == pid && $0.isLive }.map(\.pid)
  }
}

/// Drains a pipe on a thread of its own, keeping the last 64 KiB and counting every byte.
final class OutputTail: @unchecked Sendable {
  private let fd: Int32
  private let cap: Int
  private let state = Mutex<(tail: [UInt8], total: Int, done: Bool)>(([], 0, false))
  private let finished = DispatchSemaphore(value: 0)

  init(fd: Int32, cap: Int) {
    self.fd = fd
    self.cap = cap
    Thread.detachNewThread { [self] in drain() }
  }

  private func drain() {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { break }
      state.withLock { state in
        state.total += got
        state.tail += buffer[0..<got]
        if state.tail.count > 65536 { state.tail.removeFirst(state.tail.count - 65536) }
      }
    }
    close(fd)
    state.withLock { $0.done = true }
    finished.signal()
  }

  /// Whether more than the cap was printed.
  var flooded: Bool { state.withLock { $0.total > cap } }

  /// The last `count` lines, without trailing blank ones.
  func lastLines(_ count: Int) -> [String] {
    let text = String(decoding: state.withLock { $0.tail }, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.suffix(count).map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
  }

  /// Waits (briefly) for the pipe's end once every writer is gone.
  func finish() { _ = finished.wait(timeout: .now() + 2) }
}
