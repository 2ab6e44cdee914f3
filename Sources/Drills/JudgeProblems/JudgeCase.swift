/// One test of a judge problem: the stdin to feed the learner's program and the stdout expected.
public struct JudgeCase: Sendable, Equatable {
  /// Why the case exists; cases run edge first, then random, then large.
  public enum Category: String, Sendable {
    /// A small hand-written case at a boundary: empty, one element, all equal, ties.
    case edge
    /// A small or medium seeded random case.
    case random
    /// A case big enough (about 200,000 values) that an O(n²) solution is visibly slow.
    case large
  }

  /// Why the case exists.
  public var category: Category
  /// The program's whole stdin, ending with a newline.
  public var input: String
  /// The reference output, without a trailing newline.
  public var expected: String

  /// A case of `category` feeding `input` and expecting `expected`.
  public init(category: Category, input: String, expected: String) {
    self.category = category
    self.input = input
    self.expected = expected
  }
}

extension JudgeCase {
  /// The cases as the judge runs them, named by category and number: "edge 1", "large 2".
  public static func tests(_ cases: [JudgeCase]) -> [JudgeTest] {
    var counts: [Category: Int] = [:]
    return cases.map { item in
      counts[item.category, default: 0] += 1
      return JudgeTest(
        name: "\(item.category.rawValue) \(counts[item.category]!)", input: item.input,
        expected: item.expected)
    }
  }
}
