/// A whole instance with one graded answer: the "solve" way to practise.
public struct SolveProblem: Sendable {
  /// The drill's name, such as "kth-largest".
  public var drill: String
  /// The family the drill belongs to (never `.mixed`: a mixed pick reports its real family).
  public var family: DrillFamily
  /// The instance, the rules and the question, with an ASCII picture where one helps.
  public var statement: String
  /// How the learner's answer is parsed.
  public var format: AnswerFormat
  /// The right answer.
  public var expected: DrillAnswer
  /// How the answer is reached, shown after grading.
  public var explanation: String

  /// A problem asking `statement`, answered by `expected` in `format`.
  public init(
    drill: String, family: DrillFamily, statement: String, format: AnswerFormat,
    expected: DrillAnswer, explanation: String
  ) {
    self.drill = drill
    self.family = family
    self.statement = statement
    self.format = format
    self.expected = expected
    self.explanation = explanation
  }
}
