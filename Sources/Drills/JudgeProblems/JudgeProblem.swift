/// A problem the learner solves with their own program, run on generated stdin/stdout tests.
///
/// The judge runner feeds each case's `input` to the program and passes what it printed to
/// `check`. Formats are line-based text, documented in `inputFormat` and `outputFormat`.
public struct JudgeProblem: Sendable {
  /// The name typed after `drill judge`, such as "kth-largest".
  public var name: String
  /// The family the problem practises.
  public var family: DrillFamily
  /// The task, its rules and a small example.
  public var statement: String
  /// What stdin holds, line by line.
  public var inputFormat: String
  /// What the program must print.
  public var outputFormat: String
  /// The cases for a seed: edge cases first, then random ones, then large ones.
  public var cases: @Sendable (UInt64) -> [JudgeCase]
  /// True when `got` is a right answer for `input`, whose reference output is `expected`.
  ///
  /// Whitespace-tolerant: runs of spaces and newlines compare equal, and leading or trailing
  /// whitespace is ignored.
  public var check: @Sendable (_ input: String, _ expected: String, _ got: String) -> Bool
  /// The reference solution run on an input text: what a correct program prints.
  public var reference: @Sendable (_ input: String) -> String

  /// A problem with every part given.
  public init(
    name: String, family: DrillFamily, statement: String, inputFormat: String,
    outputFormat: String, cases: @escaping @Sendable (UInt64) -> [JudgeCase],
    check: @escaping @Sendable (_ input: String, _ expected: String, _ got: String) -> Bool,
    reference: @escaping @Sendable (_ input: String) -> String
  ) {
    self.name = name
    self.family = family
    self.statement = statement
    self.inputFormat = inputFormat
    self.outputFormat = outputFormat
    self.cases = cases
    self.check = check
    self.reference = reference
  }

  /// The limits for judging `cases`: the defaults, with the output cap sized for them.
  public func limits(for cases: [JudgeCase]) -> JudgeLimits {
    var limits = JudgeLimits()
    // Twice the largest expected output, so a correct answer fits whatever its spacing, and
    // never under the default, so a small problem's flood is still cut early.
    let largest = cases.map(\.expected.utf8.count).max() ?? 0
    limits.outputBytes = max(limits.outputBytes, 2 * largest)
    return limits
  }

  /// The usual file name for a starter program in `language`: main.go, solution.py, main.swift.
  public static func templateFileName(for language: String) -> String? {
    switch language {
    case "go": "main.go"
    case "python": "solution.py"
    case "swift": "main.swift"
    default: nil
    }
  }
}
