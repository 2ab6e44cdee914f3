/// The host's answer to a TAB: which bytes of the line to replace, and with what.
public struct Completion: Sendable {
  /// The byte offset in the line where the word being completed starts.
  public var replaceFrom: Int
  /// The words that could replace the bytes from `replaceFrom` to the cursor.
  public var candidates: [[UInt8]]

  /// Creates a completion replacing the bytes from `replaceFrom` with one of `candidates`.
  public init(replaceFrom: Int, candidates: [[UInt8]]) {
    self.replaceFrom = replaceFrom
    self.candidates = candidates
  }
}
