import Foundation
import RedisClient
import RedisSandbox

/// Runs a step's example lines on a sandbox of its own: Redis commands, and the lab actions
/// that crash or restart the server (after which it reconnects).
///
/// The linter proves checks with it, and the lesson walk-through plays lessons with it.
public final class ExampleRunner {
  /// What one example line did.
  public enum Outcome {
    /// A command and the server's reply.
    case reply([[UInt8]], Reply)
    /// `:sandbox crash`: the server was killed with SIGKILL and started again.
    case crashed
    /// `:sandbox restart [MODE]`: the server was restarted (in MODE when given).
    case restarted(Persistence?)
    /// A blank, comment or shell-only line: nothing was sent.
    case nothing
  }

  private let sandbox: Sandbox
  private let readTimeout: Double
  /// A directory made for this runner alone, removed by `stop()`.
  private var ownedDirectory: String?
  /// The connection to the sandbox; replaced after a crash or restart.
  public private(set) var connection: Connection

  /// Starts `sandbox` and connects to it.
  public init(sandbox: Sandbox, readTimeout: Double = 10) throws {
    self.sandbox = sandbox
    self.readTimeout = readTimeout
    try sandbox.start()
    connection = try Self.connect(sandbox, readTimeout: readTimeout)
  }

  /// A runner on a sandbox of its own in a fresh temporary directory (`name` tells runs
  /// apart), which `stop()` removes with the server: lessons played or linted there never
  /// touch the learner's sandbox.
  public static func throwaway(_ name: String, serverPath: String? = nil) throws -> ExampleRunner {
    // Unique per call: lints running side by side (tests, the week walk) must not share one.
    let directory =
      NSTemporaryDirectory() + "redis-tutor-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    do {
      let runner = try ExampleRunner(
        sandbox: Sandbox(directory: directory, persistence: .none, serverPath: serverPath))
      runner.ownedDirectory = directory
      return runner
    } catch {
      try? FileManager.default.removeItem(atPath: directory)
      throw error
    }
  }

  private static func connect(_ sandbox: Sandbox, readTimeout: Double) throws -> Connection {
    guard let options = sandbox.connectionOptions(readTimeout: readTimeout) else {
      throw SandboxError.serverMissing
    }
    return try Connection(options)
  }

  private func reconnect() throws {
    connection.close()
    connection = try Self.connect(sandbox, readTimeout: readTimeout)
  }

  /// Stops the sandbox server (and removes its directory when the runner made it).
  public func stop() {
    connection.close()
    sandbox.stop()
    if let ownedDirectory { try? FileManager.default.removeItem(atPath: ownedDirectory) }
  }

  /// Runs one example line.
  public func run(_ line: String) throws -> Outcome {
    switch ExampleAction(line) {
    case .command(let argv):
      return .reply(argv, try connection.send(argv))
    case .crashSandbox:
      sandbox.crash()
      try sandbox.start()
      try reconnect()
      return .crashed
    case .restartSandbox(let mode):
      try sandbox.restart(persistence: mode)
      try reconnect()
      return .restarted(mode)
    case .meta, .nothing:
      return .nothing
    }
  }
}
