import LineEditor

/// Where the shell's input lines come from: the line editor, or a script in tests.
public protocol LineSource: AnyObject {
  /// Whether a person is typing (prompts, confirmations and Ctrl-C handling apply).
  var isInteractive: Bool { get }
  /// Reads one line, showing `prompt` when interactive.
  func readLine(prompt: String) -> LineResult
  /// Remembers a line for recall; `persist` says whether it may be written to disk.
  func addHistory(_ line: [UInt8], persist: Bool)
  /// Whether another complete line can be read without waiting (lets piped input pipeline).
  var hasBufferedLine: Bool { get }
}

extension LineEditor: LineSource {}

/// Lines given up front, for tests and one-shot commands.
public final class ScriptedLines: LineSource {
  private var lines: [[UInt8]]
  public let isInteractive: Bool
  /// Lines that were added to history, with whether they may be persisted.
  public private(set) var history: [(line: [UInt8], persist: Bool)] = []
  /// The prompts shown so far.
  public private(set) var prompts: [String] = []

  public init(_ lines: [String], interactive: Bool = false) {
    self.lines = lines.map { Array($0.utf8) }
    self.isInteractive = interactive
  }

  public func readLine(prompt: String) -> LineResult {
    prompts.append(prompt)
    guard !lines.isEmpty else { return .endOfFile }
    return .line(lines.removeFirst())
  }

  public func addHistory(_ line: [UInt8], persist: Bool) { history.append((line, persist)) }

  public var hasBufferedLine: Bool { !lines.isEmpty }
}
