import Foundation
import RedisSandbox

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to completion, its standard streams redirected to files.
///
/// Foundation's `Process` on Linux sometimes never reaps a child that daemonizes (tmux), and
/// its pipes leak into other children; this uses the tutor's own `ChildProcess`, which waits
/// on the pid itself and lets the child inherit no descriptor but its three streams.
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

    let child = try ChildProcess(
      executable: executable, arguments: arguments,
      environment: environment ?? ProcessInfo.processInfo.environment,
      streams: .init(input: inputPath, output: outputPath, error: errorPath), dieWithParent: false)
    if !child.waitForExit(within: .milliseconds(Int(deadline * 1000))) {
      child.terminate(signal: SIGKILL)
    }
    let code = child.exitCode ?? 128 + SIGKILL
    return Outcome(
      stdout: Array((try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data()),
      stderr: Array((try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data()),
      status: code)
  }
}
