/// Why the learner's text is not an answer in the expected format, as one line saying what to type.
public struct AnswerProblem: Error, CustomStringConvertible, Equatable, Sendable {
  /// The whole message, such as "expected a list of integers like 3 1 2 ("x" is not an integer)".
  public var description: String

  /// A problem whose message is `description`.
  public init(_ description: String) {
    self.description = description
  }

  /// "expected <what the format asks for>", with `detail` in parentheses when there is one.
  static func expected(_ format: AnswerFormat, _ detail: String? = nil) -> AnswerProblem {
    let base = "expected \(format.expectation)"
    guard let detail else { return AnswerProblem(base) }
    return AnswerProblem("\(base) (\(detail))")
  }
}
