import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid, its standard streams redirected
/// to files.
///
/// Foundation's `Process` on Linux sometimes never reaps a child that daemonizes (tmux), so
/// its `waitUntilExit` hangs; this waits on the pid itself.
public enum ToolRun {
  /// What a finished program printed and returned.
  public struct Outcome: Sendable {
    public let stdout: [UInt8]
    public let stderr: [UInt8]
    public let status: Int32
  }

  /// Runs `executable` with `arguments` and `environment`, feeding `stdin`; kills it after
  /// `deadline` seconds.
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
    stdin: [UInt8] = [], deadline: Double = 60
  ) throws -> Outcome {
    let scratch = try TemporaryDirectory.make(prefix: "tool-run")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let inputPath = scratch.appendingPathComponent("stdin").path
    let outputPath = scratch.appendingPathComponent("stdout").path
    let errorPath = scratch.appendingPathComponent("stderr").path
    try Data(stdin).write(to: URL(fileURLWithPath: inputPath))

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let environmentList = (environment ?? ProcessInfo.processInfo.environment).map {
      "\($0.key)=\($0.value)"
    }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environmentList.map { strdup($0) } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard status == 0 else {
      throw FixtureError("cannot run \(executable): \(String(cString: strerror(status)))")
    }
    var exitStatus: Int32 = 0
    let end = ContinuousClock.now + .milliseconds(Int(deadline * 1000))
    var killed = false
    while true {
      let result = waitpid(pid, &exitStatus, WNOHANG)
      if result == pid { break }
      if result < 0 && errno != EINTR { break }
      if !killed && ContinuousClock.now > end {
        kill(pid, SIGKILL)
        killed = true
      }
      usleep(1_000)
    }
    let code: Int32 =
      (exitStatus & 0x7f) == 0 ? (exitStatus >> 8) & 0xff : 128 + (exitStatus & 0x7f)
    return Outcome(
      stdout: Array((try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data()),
      stderr: Array((try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data()),
      status: code)
  }
}
