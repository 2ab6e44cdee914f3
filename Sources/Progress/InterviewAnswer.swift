/// One answered self-interview prompt from a review day.
public struct InterviewAnswer: Sendable, Equatable {
  /// The question as the lesson asked it.
  public var prompt: String
  /// What the learner typed while explaining out loud (may be empty).
  public var notes: String
  /// How long the learner took, in seconds.
  public var seconds: Double
  /// When the answer was given (seconds since the epoch).
  public var at: Double

  public init(prompt: String, notes: String, seconds: Double, at: Double) {
    self.prompt = prompt
    self.notes = notes
    self.seconds = seconds
    self.at = at
  }
}
