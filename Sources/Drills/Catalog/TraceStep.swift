/// One question of a trace: the next state the learner must type, and the picture that explains it.
public struct TraceStep: Sendable {
  /// The question, with enough of the current state to answer it.
  public var prompt: String
  /// How the learner's answer is parsed.
  public var format: AnswerFormat
  /// The right answer.
  public var expected: DrillAnswer
  /// An ASCII view of the state after this step, shown after a wrong answer (and on request).
  public var picture: String
  /// A one-line reason or Redis tie-in to show with the picture, if any.
  public var note: String?

  /// A step asking `prompt`, answered by `expected` in `format`.
  public init(
    prompt: String, format: AnswerFormat, expected: DrillAnswer, picture: String,
    note: String? = nil
  ) {
    self.prompt = prompt
    self.format = format
    self.expected = expected
    self.picture = picture
    self.note = note
  }
}
