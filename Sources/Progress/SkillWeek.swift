/// The learner's self-assessed skill ratings for one ISO week.
public struct SkillWeek: Sendable, Equatable {
  /// The ISO-8601 week, like "2026-W48".
  public var week: String
  /// Topic to rating, 1 (cannot explain it yet) to 5 (could teach it).
  public var ratings: [String: Int]

  public init(week: String, ratings: [String: Int]) {
    self.week = week
    self.ratings = ratings
  }
}
