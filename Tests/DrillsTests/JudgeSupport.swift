import DeterministicRandom
import Foundation
import Spawn
import Testing

@testable import Drills

/// A temp directory of sample programs for the judge tests, removed when dropped.
final class JudgeScratch {
  let directory: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    directory = base + "/judge-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// Writes an executable script and returns its path.
  @discardableResult
  func script(_ name: String, _ text: String, executable: Bool = true) throws -> String {
    let path = directory + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes(
      [.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
    return path
  }

  @discardableResult
  /// A Python 3 program (with a #! line naming a real interpreter, not a pyenv shim).
  func python(_ name: String, _ body: String) throws -> String {
    try script(name, "#!\(Self.python3)\n" + body)
  }

  @discardableResult
  /// A POSIX shell program.
  func shell(_ name: String, _ body: String) throws -> String {
    try script(name, "#!/bin/sh\n" + body)
  }

  /// Pids a sample program wrote to `name`, one a line.
  func pids(in name: String = "pids") -> [Int32] {
    let text = (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
    return text.split(whereSeparator: \.isNewline).compactMap { Int32(String($0)) }
  }

  static let python3: String = {
    for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for directory in path.split(separator: ":") {
      let candidate = String(directory) + "/python3"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return "/usr/bin/python3"
  }()
}

/// Live (not zombie) processes that are in process group `group` or have one of `pids`.
func judgeSurvivors(group: Int32? = nil, pids: [Int32] = []) -> [Int32] {
  ProcessTable.snapshot().filter { entry in
    entry.isLive && ((group.map { entry.group == $0 } ?? false) || pids.contains(entry.pid))
  }.map(\.pid)
}

/// Tests for "sum the numbers on stdin", grouped the way the drills name them.
func judgeSumTests(edge: Int = 2, random: Int = 3, large: Int = 1) -> [JudgeTest] {
  var tests: [JudgeTest] = []
  var generator = JudgeSeededGenerator(seed: 7)
  func make(_ group: String, _ count: Int, size: Int) {
    for number in 1...max(count, 1) where count > 0 {
      let values = (0..<size).map { _ in Int.random(in: -50...50, using: &generator) }
      tests.append(
        JudgeTest(
          name: "\(group) \(number)",
          input: "\(values.count)\n" + values.map(String.init).joined(separator: " ") + "\n",
          expected: "\(values.reduce(0, +))\n"))
    }
  }
  tests.append(JudgeTest(name: "edge 1", input: "0\n\n", expected: "0\n"))
  if edge > 1 {
    for number in 2...edge {
      tests.append(JudgeTest(name: "edge \(number)", input: "1\n-5\n", expected: "-5\n"))
    }
  }
  make("random", random, size: 10)
  make("large", large, size: 2000)
  return tests
}

/// Accepts output equal to the expected text up to trailing whitespace.
func judgeSameTokens(_ input: String, _ expected: String, _ got: String) -> Bool {
  expected.split(whereSeparator: \.isWhitespace) == got.split(whereSeparator: \.isWhitespace)
}

/// A small deterministic generator (SplitMix64) for reproducible test inputs.
struct JudgeSeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The correct program: read a count and that many numbers, print their sum.
let judgeSumProgram = """
  import sys
  data = sys.stdin.read().split()
  n = int(data[0])
  print(sum(int(x) for x in data[1:1 + n]))
  """

extension JudgeRunner {
  /// A runner whose cases start through one bash per run, or (`perCase`) one exec each;
  /// the time limit is generous so a busy machine cannot change a verdict.
  init(
    perCase: Bool, command: [String], limits: JudgeLimits = JudgeLimits(timePerCase: 30),
    environment: [String: String]? = nil, workingDirectory: String? = nil
  ) {
    self.init(
      command: command, limits: limits, environment: environment,
      workingDirectory: workingDirectory)
    perCaseLauncher = perCase
  }
}

/// Both ways of starting cases: one bash per run, and one exec per case.
let judgeLaunchers = [false, true]

/// The compilers and interpreters the tests run the drills folder's programs with; each is
/// nil when it is not installed, and the tests that need it are skipped.
struct JudgeToolchain {
  let python: String? =
    FileManager.default.isExecutableFile(atPath: JudgeScratch.python3)
    ? JudgeScratch.python3 : nil
  let swiftc = Self.onPath("swiftc")
  let gofmt = Self.onPath("gofmt")

  /// The first `name` on PATH, if any.
  static func onPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { String($0) + "/" + name }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Compiles the single-file Swift program `source` into `scratch`; returns the binary.
  func buildSwift(_ source: String, optimized: Bool, in scratch: JudgeScratch) throws -> String {
    let binary = scratch.directory + "/" + UUID().uuidString
    try Self.compile(
      [swiftc!, optimized ? "-O" : "-Onone", "-o", binary, source],
      environment: ProcessInfo.processInfo.environment)
    return binary
  }

  /// Runs a compiler `command` through the judge itself, so the wait has a deadline, with
  /// room for what it writes (the output cap is also a cap on any file the program writes).
  static func compile(_ command: [String], environment: [String: String]) throws {
    let report = JudgeRunner(
      command: command,
      limits: JudgeLimits(
        timePerCase: 300, memoryBytes: 0, outputBytes: 1 << 30, maxProcesses: nil),
      environment: environment
    ).run([JudgeTest(name: "build", input: "", expected: "")]) { _, _, _ in true }
    guard report.verdict.isPass else {
      throw JudgeBuildFailure(description: report.render())
    }
  }
}

struct JudgeBuildFailure: Error, CustomStringConvertible {
  let description: String
}
