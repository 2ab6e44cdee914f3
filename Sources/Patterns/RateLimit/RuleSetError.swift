/// A problem in a rules file, as `file:line: message` (or `file: message` with no line).
public struct RuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The path as given to the loader.
  public var file: String
  /// The 1-based line of the problem (the offending key for a bad value), nil when the file
  /// could not be read at all.
  public var line: Int?
  /// What is wrong, and usually what would be right.
  public var message: String

  public init(file: String, line: Int?, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    if let line { return "\(file):\(line): \(message)" }
    return "\(file): \(message)"
  }
}
