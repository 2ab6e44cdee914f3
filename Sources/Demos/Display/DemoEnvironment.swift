import Patterns
import RedisClient
import TerminalUI

/// Where a demo runs and where it writes.
public struct DemoEnvironment: Sendable {
  /// The Redis server to run against.
  public var options: ConnectionOptions
  /// The SQLite file of the item store.
  public var storePath: String
  /// This program, started again as a worker for the two-process stampede.
  public var executablePath: String
  /// Results (tables and charts), on standard output.
  public var write: @Sendable (String) -> Void
  /// The live progress line, on standard error.
  public var progress: ProgressLine
  /// Set by Ctrl-C; the demo stops at the next request.
  public var cancellation: CancellationPipe?
  /// Unicode glyphs, or plain ASCII.
  public var unicode: Bool
  /// Columns for charts.
  public var width: Int

  public init(
    options: ConnectionOptions, storePath: String, executablePath: String,
    write: @escaping @Sendable (String) -> Void, progress: ProgressLine,
    cancellation: CancellationPipe?, unicode: Bool, width: Int
  ) {
    self.options = options
    self.storePath = storePath
    self.executablePath = executablePath
    self.write = write
    self.progress = progress
    self.cancellation = cancellation
    self.unicode = unicode
    self.width = width
  }
}
