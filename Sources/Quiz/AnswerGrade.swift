/// Turns an auto-checked answer into a rating.
public enum AnswerGrade {
  /// The rating for an answer.
  ///
  /// Wrong → again; right after a hint or slower than `slowSeconds` → hard;
  /// right within `fastSeconds` → easy; otherwise right → good.
  public static func rating(
    correct: Bool, usedHint: Bool, seconds: Double, fastSeconds: Double = 8,
    slowSeconds: Double = 30
  ) -> Rating {
    guard correct else { return .again }
    if usedHint || seconds > slowSeconds { return .hard }
    if seconds <= fastSeconds { return .easy }
    return .good
  }
}
