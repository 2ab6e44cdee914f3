/// How well the learner recalled a card, on FSRS's four-point scale.
public enum Rating: Int, Codable, Sendable, CaseIterable, Comparable {
  /// Forgot the answer.
  case again = 1
  /// Recalled with serious difficulty.
  case hard = 2
  /// Recalled after some hesitation.
  case good = 3
  /// Recalled effortlessly.
  case easy = 4

  public static func < (lhs: Rating, rhs: Rating) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}
