import Foundation
import Progress
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Kills a writing tutor with SIGKILL at random moments and checks that nothing it reported as
/// committed is lost and the file is never damaged.
///
/// The writer is a forked child of the test process. Only the forking thread exists in the
/// child, so it touches nothing the parent's other threads might hold: it opens its own store,
/// writes, reports over a pipe and leaves with `_exit`, never returning into the test runner.
@Suite(.serialized) struct CrashDurabilityTests {
  private static let day = 4
  private static let step = "crash"

  @Test func committedAttemptsSurviveKillNine() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-crash")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("progress.sqlite").path
    var expectedAttempts = 0
    var killsWithCommits = 0

    for round in 0..<20 {
      // Even rounds: from 0 ms (kill while opening or migrating) to 40 ms, whatever the writer
      // reached by then. Odd rounds: right after the writer reported a few commits, so kills
      // land between commits however slow a loaded machine makes the writer.
      let delayMicroseconds = UInt32.random(in: round % 2 == 0 ? 0...40_000 : 0...2_000)
      let afterCommits = round % 2 == 0 ? 0 : Int.random(in: 1...5)
      let report = try Self.runWriterAndKill(
        path: path, afterCommits: afterCommits, afterMicroseconds: delayMicroseconds)
      let context =
        "round \(round), killed \(delayMicroseconds) µs after commit \(afterCommits): \(report)"
      #expect(report.failure == nil, "\(context)")

      let store = try ProgressStore(path: path)
      #expect(try store.integrityCheck(), "\(context)")
      let attempts = try store.steps(day: Self.day)[Self.step]?.attempts ?? 0
      let reported = report.committedCounts.last ?? expectedAttempts
      // The child may have committed one attempt it did not live to report.
      #expect(attempts >= reported, "\(context): \(attempts) attempts in the file")
      #expect(attempts <= reported + 1, "\(context): \(attempts) attempts in the file")
      #expect(report.committedCounts.allSatisfy { $0 > expectedAttempts }, "\(context)")
      if !report.committedCounts.isEmpty { killsWithCommits += 1 }
      expectedAttempts = attempts
    }
    #expect(killsWithCommits >= 10, "too few kills landed after a commit to mean anything")
  }

  /// What a killed writer reported before it died.
  private struct WriterReport: CustomStringConvertible {
    /// The total attempt count after each commit, in order.
    var committedCounts: [Int] = []
    /// The error the writer hit, if any.
    var failure: String?

    var description: String {
      "\(committedCounts.count) commits reported, last \(committedCounts.last ?? 0)"
        + (failure.map { ", failed: \($0)" } ?? "")
    }
  }

  /// Forks a writer, waits until it reported `afterCommits` commits (0: not at all), SIGKILLs
  /// it `afterMicroseconds` later, and reads what it reported.
  private static func runWriterAndKill(
    path: String, afterCommits: Int, afterMicroseconds delay: UInt32
  ) throws -> WriterReport {
    var pipeEnds: [Int32] = [-1, -1]
    guard pipe(&pipeEnds) == 0 else {
      throw FixtureError("pipe: \(String(cString: strerror(errno)))")
    }
    let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])

    let pid = fork()
    if pid == 0 {
      close(readEnd)
      writeUntilKilled(path: path, reportTo: writeEnd)
    }
    close(writeEnd)
    guard pid > 0 else {
      close(readEnd)
      throw FixtureError("fork: \(String(cString: strerror(errno)))")
    }

    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let deadline = ContinuousClock.now + .seconds(30)
    while output.count(where: { $0 == UInt8(ascii: "\n") }) < afterCommits
      && ContinuousClock.now < deadline
    {
      var ready = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
      guard poll(&ready, 1, 100) > 0 else { continue }
      let count = read(readEnd, &buffer, buffer.count)
      if count > 0 { output += buffer[0..<count] } else if count == 0 { break }
    }
    usleep(delay)
    kill(pid, SIGKILL)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}

    // The child is gone, so every line it wrote is in the pipe and read() ends with EOF.
    while true {
      let count = read(readEnd, &buffer, buffer.count)
      if count > 0 {
        output += buffer[0..<count]
      } else if count == 0 || errno != EINTR {
        break
      }
    }
    close(readEnd)

    var lines = String(decoding: output, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    // The last piece is "" after a final newline, or a line the kill cut short: not a report.
    lines.removeLast()
    var report = WriterReport()
    for line in lines {
      if let count = Int(line) {
        report.committedCounts.append(count)
      } else {
        report.failure = String(line)
      }
    }
    return report
  }

  /// The child's whole life: open the store, record attempts, report each committed total.
  private static func writeUntilKilled(path: String, reportTo descriptor: Int32) -> Never {
    func report(_ line: String) {
      var bytes = Array((line + "\n").utf8)
      var offset = 0
      while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { raw in
          write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        }
        if written <= 0 && errno != EINTR { _exit(3) }
        offset += max(written, 0)
      }
      bytes.removeAll()
    }
    do {
      let store = try ProgressStore(path: path)
      var attempts = try store.steps(day: day)[step]?.attempts ?? 0
      for _ in 0..<1_000_000 {
        try store.recordAttempt(day: day, step: step, passed: false, at: Double(attempts))
        attempts += 1
        report(String(attempts))
      }
    } catch {
      report("error: \(error)")
    }
    _exit(0)
  }
}
