/// How far the learner got with one step of one day.
public struct StepProgress: Sendable, Equatable {
  /// Where the step stands.
  public enum Status: String, Sendable {
    /// The check passed, or the reading step was read.
    case passed
    /// The learner moved on without passing.
    case skipped
    /// The learner tried, asked for a hint or looked at the solution, but has not passed.
    case started
  }

  public var status: Status
  /// How many times the learner's work was checked.
  public var attempts: Int
  /// The highest hint level revealed (0 when none).
  public var hintsUsed: Int
  /// Whether the learner looked at the solution.
  public var solutionViewed: Bool
  /// When the step first passed (seconds since the epoch), nil until it has.
  public var passedAt: Double?

  public init(
    status: Status, attempts: Int = 0, hintsUsed: Int = 0, solutionViewed: Bool = false,
    passedAt: Double? = nil
  ) {
    self.status = status
    self.attempts = attempts
    self.hintsUsed = hintsUsed
    self.solutionViewed = solutionViewed
    self.passedAt = passedAt
  }
}
