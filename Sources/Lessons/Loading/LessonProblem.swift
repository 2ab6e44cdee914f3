/// Something wrong with a lesson file, at a line: what the linter and the loader report.
public struct LessonProblem: Error, Sendable, Equatable, CustomStringConvertible {
  /// Why a piece of a lesson could not be read.
  public enum Reason: Error, Sendable, Equatable {
    case message(String)
  }

  /// The file, as given to the loader.
  public var file: String
  /// The 1-based line (0 when the problem is the whole file).
  public var line: Int
  /// What is wrong and, where it helps, what to write instead.
  public var message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `file:line: message`, the format editors and compilers use.
  public var description: String {
    line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
  }
}
