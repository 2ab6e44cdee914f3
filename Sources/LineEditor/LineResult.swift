/// What one call to `LineEditor.readLine(prompt:)` produced.
public enum LineResult: Equatable, Sendable {
  /// A line the user entered, without its newline.
  case line([UInt8])
  /// The user pressed Ctrl-C: the line was abandoned.
  case interrupted
  /// The input ended (Ctrl-D on an empty line, or the end of piped input).
  case endOfFile
}
