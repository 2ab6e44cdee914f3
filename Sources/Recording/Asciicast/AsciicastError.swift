/// Why a recording cannot be written or replayed, in one line that also says what to do.
public struct AsciicastError: Error, Sendable, CustomStringConvertible {
  /// The message shown to the learner.
  public var description: String

  /// Creates an error with its message.
  public init(_ description: String) {
    self.description = description
  }
}
