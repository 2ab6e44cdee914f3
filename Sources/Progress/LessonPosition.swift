/// Where the learner left off, so the next session resumes there.
public struct LessonPosition: Sendable, Equatable {
  public var day: Int
  /// The id of the step the learner was on.
  public var step: String
  /// The chosen plan, "4h" or "6h".
  public var plan: String
  /// When the position was saved (seconds since the epoch).
  public var updatedAt: Double

  public init(day: Int, step: String, plan: String, updatedAt: Double) {
    self.day = day
    self.step = step
    self.plan = plan
    self.updatedAt = updatedAt
  }
}
