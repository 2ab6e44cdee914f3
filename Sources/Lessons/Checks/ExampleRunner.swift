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
    /// `:test STAGE …`: the stage tester ran; whether every expectation passed.
    case stageRun(String, passed: Bool)
    /// A blank, comment or shell-only line: nothing was sent.
    case nothing
  }

  /// Runs the stage tester with `arguments` (the words after `:test`) against the Redis at
  /// `redisURL`, and returns its exit status (0 passed, 1 failed), or throws why it could not.
  public typealias StageTester = (_ arguments: [String], _ redisURL: String) throws -> Int32

  /// How `:test` lines run; without it they cannot (only the tutor's own commands set it).
  public var stageTester: StageTester?

  private let sandbox: Sandbox
  private let readTimeout: Double
  /// A directory made for this runner alone, removed by `stop()`.
  private var ownedDirectory: String?
  /// The connection to the sandbox; replaced after a crash or restart.
  public private(set) var connection: Connection
  /// What the lines run since the log was last cleared did to the sandbox, for `:lab` lines.
  public let labEvents = LabEventLog()

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

  /// The persistence mode the sandbox's server runs in.
  public var persistence: Persistence { sandbox.persistence }

  /// The files a server loads its data from when it starts.
  static let dataFiles = ["appendonlydir", "dump.rdb"]

  /// Copies the server's data files into `copy` (a directory that must not exist yet), so
  /// `restart(in:withFilesFrom:)` can put them back.
  func copyDataFiles(to copy: String) throws {
    let files = FileManager.default
    try files.createDirectory(atPath: copy, withIntermediateDirectories: true)
    for name in Self.dataFiles where files.fileExists(atPath: sandbox.directory + "/" + name) {
      try files.copyItem(atPath: sandbox.directory + "/" + name, toPath: copy + "/" + name)
    }
  }

  /// Kills the server (so nothing is saved on the way down), puts back the data files copied
  /// into `copy`, and starts it in `mode`: the server's disk and mode as they were when the
  /// files were copied, whatever an attempt did since.
  func restart(in mode: Persistence, withFilesFrom copy: String) throws {
    sandbox.crash()
    let files = FileManager.default
    // The append-only directory first: a start in a mode without AOF switches to AOF when
    // that directory is newer than the snapshot.
    for name in Self.dataFiles {
      let path = sandbox.directory + "/" + name
      if files.fileExists(atPath: path) { try files.removeItem(atPath: path) }
      if files.fileExists(atPath: copy + "/" + name) {
        try files.copyItem(atPath: copy + "/" + name, toPath: path)
      }
    }
    try sandbox.restart(persistence: mode)
    try reconnect()
  }

  /// Puts back the snapshot file (`dump.rdb`) copied into `copy`, under the running server.
  ///
  /// `FLUSHALL` on a server with `save` rules writes an empty snapshot, so putting keys back
  /// with it also empties the file a crash would load; a server only ever replaces that file
  /// (it never reads it while it runs), so swapping it now is what the next start loads.
  func putBackSnapshotFile(from copy: String) throws {
    let files = FileManager.default
    let path = sandbox.directory + "/dump.rdb"
    if files.fileExists(atPath: path) { try files.removeItem(atPath: path) }
    if files.fileExists(atPath: copy + "/dump.rdb") {
      try files.copyItem(atPath: copy + "/dump.rdb", toPath: path)
    }
  }

  /// Runs one example line.
  public func run(_ line: String) throws -> Outcome {
    switch ExampleAction(line) {
    case .command(let argv):
      let reply = try connection.send(argv)
      if !reply.isError { labEvents.record(.command(argv)) }
      return .reply(argv, reply)
    case .crashSandbox:
      // The crash reads the mode the server really ran in, a `CONFIG SET` included.
      sandbox.crash()
      labEvents.record(.crashed(sandbox.persistence))
      try sandbox.start()
      try reconnect()
      return .crashed
    case .restartSandbox(let mode):
      try sandbox.restart(persistence: mode)
      labEvents.record(.restarted(sandbox.persistence))
      try reconnect()
      return .restarted(mode)
    case .stageTest(let arguments):
      guard let stageTester else { throw ExampleError("the stage tester is not available here") }
      guard let url = sandbox.url else { throw ExampleError("the sandbox has no address") }
      let status = try stageTester(arguments, url)
      guard status == 0 || status == 1 else {
        throw ExampleError("redis-tutor test \(arguments.joined(separator: " ")) exited \(status)")
      }
      labEvents.record(.stageRun(stage: arguments[0], passed: status == 0))
      return .stageRun(arguments[0], passed: status == 0)
    case .meta, .nothing:
      return .nothing
    }
  }
}

/// Why an example line could not run.
public struct ExampleError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
