/// One answer to a trace step or a solve problem, as typed by the learner or expected by the tutor.
///
/// Words are compared exactly; the parser lowercases what the learner types, so every
/// expected word is lowercase.
public enum DrillAnswer: Sendable, Equatable {
  /// A list of integers, such as a heap array or the window maximums.
  case integers([Int])
  /// One integer, such as a path length or the k-th largest value.
  case integer(Int)
  /// A list of words, such as keys from most to least recent.
  case words([String])
  /// One word, such as the evicted key (`none` when nothing is evicted).
  case word(String)
  /// Grid rows, top to bottom, such as a maze with the shortest path marked `*`.
  case grid([String])

  /// The answer as the learner would type it: `3 1 2`, `42`, `a b c`, `a`, or one grid row a line.
  ///
  /// An empty list reads `[]`. Parsing `text` with the matching format gives the answer back.
  public var text: String {
    switch self {
    case .integers(let values):
      values.isEmpty ? "[]" : values.map(String.init).joined(separator: " ")
    case .integer(let value):
      String(value)
    case .words(let words):
      words.isEmpty ? "[]" : words.joined(separator: " ")
    case .word(let word):
      word
    case .grid(let rows):
      rows.joined(separator: "\n")
    }
  }
}
