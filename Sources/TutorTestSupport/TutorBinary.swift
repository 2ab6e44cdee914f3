import Foundation

/// The built `redis-tutor` executable, run as a learner would run it.
public enum TutorBinary {
  /// The path of the built binary: `REDIS_TUTOR_BIN`, else beside the test bundle.
  public static var path: String {
    if let override = ProcessInfo.processInfo.environment["REDIS_TUTOR_BIN"] { return override }
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
    // On Linux the test runner lives at .build/debug/redis-tutorPackageTests.xctest.
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("redis-tutor").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory.deleteLastPathComponent()
    }
    return ".build/debug/redis-tutor"
  }

  /// What a finished run printed and returned.
  public struct Result: Sendable {
    public let stdout: [UInt8]
    public let stderr: String
    public let status: Int32
    /// Standard output as text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
  }

  /// Runs `executable` (the tutor by default) with `arguments`, feeding `stdin`, in an
  /// environment whose data and config directories are `home` (a fresh temp dir if nil).
  public static func run(
    _ arguments: [String], stdin: [UInt8] = [], executable: String? = nil, home: URL? = nil,
    environment extra: [String: String] = [:], deadline: TimeInterval = 60
  ) throws -> Result {
    let scratch = try TemporaryDirectory.make(prefix: "tutor-home")
    defer { if home == nil { try? FileManager.default.removeItem(at: scratch) } }
    let outcome = try ToolRun.run(
      executable ?? path, arguments, environment: environment(home: home ?? scratch, extra: extra),
      stdin: stdin, deadline: deadline)
    return Result(
      stdout: outcome.stdout, stderr: String(decoding: outcome.stderr, as: UTF8.self),
      status: outcome.status)
  }

  /// A clean environment for the tutor: its files under `home`, no colour, the real PATH.
  public static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
    var environment = [
      "HOME": home.path,
      "XDG_DATA_HOME": home.appendingPathComponent("data").path,
      "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "LANG": "C.UTF-8",
      "TERM": "xterm-256color",
      "SWIFT_BACKTRACE": "enable=no",
    ]
    environment.merge(extra) { _, new in new }
    return environment
  }

  /// Runs the stage tester built beside the tutor (`redis-tutor-test ARGUMENTS…`) against the
  /// Redis at `redisURL`, with its files in a throwaway home; returns its exit status.
  ///
  /// What examples' `:test` lines run in the lesson tests.
  public static func stageTester(_ arguments: [String], redisURL: String) throws -> Int32 {
    let tester = (path as NSString).deletingLastPathComponent + "/redis-tutor-test"
    let home = try TemporaryDirectory.make(prefix: "stage-tester-home")
    defer { try? FileManager.default.removeItem(at: home) }
    let outcome = try ToolRun.run(
      tester, [arguments[0], "--redis-url", redisURL, "--yes"] + arguments.dropFirst(),
      environment: environment(home: home), deadline: 180)
    return outcome.status
  }
}
