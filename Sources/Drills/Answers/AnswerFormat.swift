/// The shape of answer a step expects, which decides how the learner's text is parsed.
public enum AnswerFormat: Sendable, Equatable {
  /// A list of integers: `3 1 2`.
  case integers
  /// One integer: `42`.
  case integer
  /// A list of words: `a b c`.
  case words
  /// One word: `a`.
  case word
  /// `rows` grid rows, one per line or separated by `/`.
  case grid(rows: Int)

  /// A short example of an answer in this format, to show next to the prompt.
  public var example: String {
    switch self {
    case .integers: "3 1 2"
    case .integer: "42"
    case .words: "a b c"
    case .word: "a"
    case .grid(let rows): Self.gridExample(rows: rows)
    }
  }

  /// What the format asks for, with its example: "a list of integers like 3 1 2".
  public var expectation: String {
    switch self {
    case .integers: "a list of integers like \(example)"
    case .integer: "one integer like \(example)"
    case .words: "a list of words like \(example)"
    case .word: "one word like \(example)"
    case .grid(let rows):
      "\(rows) grid \(rows == 1 ? "row" : "rows") like \(example), one per line or separated by /"
    }
  }

  private static func gridExample(rows: Int) -> String {
    switch rows {
    case ...1: return "S**G"
    case 2: return "S*.. / .**G"
    default:
      let middle = Array(repeating: ".*#.", count: rows - 2)
      return (["S*.."] + middle + [".**G"]).joined(separator: " / ")
    }
  }
}
