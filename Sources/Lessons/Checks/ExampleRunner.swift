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
  /// The connection to the sandbox; replaced after a crash or restart.
  public private(set) var connection: Connection

  /// Starts `sandbox` and connects to it.
  public init(sandbox: Sandbox, readTimeout: Double = 10) throws {
    self.sandbox = sandbox
    self.readTimeout = readTimeout
    let port = try sandbox.start()
    connection = try Self.connect(port: port, readTimeout: readTimeout)
  }

  private static func connect(port: Int, readTimeout: Double) throws -> Connection {
    try Connection(
      ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port), readTimeout: readTimeout))
  }

  private func reconnect() throws {
    connection.close()
    guard let port = sandbox.port else { throw SandboxError.serverMissing }
    connection = try Self.connect(port: port, readTimeout: readTimeout)
  }

  /// Stops the sandbox server.
  public func stop() {
    connection.close()
    sandbox.stop()
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
