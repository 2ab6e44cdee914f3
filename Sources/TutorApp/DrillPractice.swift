import Drills

/// Runs a drill in trace or solve mode: asks, reads answers, grades, shows pictures.
///
/// It knows nothing of terminals: lines come from `readLine` (nil at end of input), text goes
/// to `write`, time comes from `now`, and each graded answer is handed to `record`, so the
/// shell, `redis-tutor drill` and the tests drive the same code.
public struct DrillPractice {
  /// A graded answer, for the progress database.
  public struct Result: Sendable, Equatable {
    public var drill: String
    public var family: DrillFamily
    public var mode: String
    public var correct: Bool
    public var seconds: Double
  }

  let readLine: (String) -> String?
  let write: (String) -> Void
  let now: () -> Double
  let record: (Result) -> Void

  public init(
    readLine: @escaping (String) -> String?, write: @escaping (String) -> Void,
    now: @escaping () -> Double, record: @escaping (Result) -> Void
  ) {
    self.readLine = readLine
    self.write = write
    self.now = now
    self.record = record
  }

  /// Reads an answer in `format`, asking again (without grading) while it cannot be read.
  ///
  /// Nil when the learner stops (`q`, `:quit`, end of input).
  private func answer(_ prompt: String, _ format: AnswerFormat, picture: String?) -> DrillAnswer? {
    while true {
      guard let line = readLine(prompt) else { return nil }
      let text = line.trimmingCharacters()
      if text == "q" || text == ":quit" || text == ":q" { return nil }
      if text == "?" {
        write(picture.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? "No picture for this step.\n")
        continue
      }
      switch AnswerParser.parse(text, as: format) {
      case .success(let answer): return answer
      case .failure(let problem): write("\(problem); try again (q stops, ? shows the state).\n")
      }
    }
  }

  /// Trace mode: one prompt per step; a wrong answer shows the right one and the picture.
  ///
  /// Returns (right, asked).
  @discardableResult
  public func trace(_ session: TraceSession) -> (right: Int, asked: Int) {
    write(
      "\(session.title)\n\n\(session.instance.hasSuffix("\n") ? session.instance : session.instance + "\n")\n"
    )
    var right = 0
    var asked = 0
    var previousPicture: String?
    for (index, step) in session.steps.enumerated() {
      write("Step \(index + 1)/\(session.steps.count): \(step.prompt)\n")
      let started = now()
      guard
        let given = answer(
          "  answer (like \(step.format.example)) > ", step.format, picture: previousPicture)
      else {
        write("Stopped after \(asked) step(s): \(right) right.\n")
        return (right, asked)
      }
      asked += 1
      let correct = given == step.expected
      record(
        Result(
          drill: session.drill, family: session.family, mode: "trace", correct: correct,
          seconds: max(0, now() - started)))
      if correct {
        right += 1
        write("  ✓ right\n")
      } else {
        write("  ✗ not quite: the answer is \(Self.text(step.expected))\n")
        write(Self.indented(step.picture))
      }
      if let note = step.note { write("  \(note)\n") }
      previousPicture = step.picture
    }
    write("\nDone: \(right) of \(asked) right.\n")
    return (right, asked)
  }

  /// Solve mode: the whole problem, one graded answer, timed.
  @discardableResult
  public func solve(_ problem: SolveProblem) -> Bool? {
    write(problem.statement.hasSuffix("\n") ? problem.statement : problem.statement + "\n")
    let started = now()
    guard
      let given = answer("answer (like \(problem.format.example)) > ", problem.format, picture: nil)
    else {
      write("Stopped.\n")
      return nil
    }
    let seconds = max(0, now() - started)
    let correct = given == problem.expected
    record(
      Result(
        drill: problem.drill, family: problem.family, mode: "solve", correct: correct,
        seconds: seconds))
    let time = "\(Int(seconds.rounded())) s"
    if correct {
      write("✓ right, in \(time).\n")
    } else {
      write("✗ the answer is \(Self.text(problem.expected)) (\(time)).\n")
    }
    write(Self.indented(problem.explanation))
    return correct
  }

  /// An answer as the learner would type it.
  public static func text(_ answer: DrillAnswer) -> String {
    switch answer {
    case .integers(let values): return values.map(String.init).joined(separator: " ")
    case .integer(let value): return String(value)
    case .words(let words): return words.joined(separator: " ")
    case .word(let word): return word
    case .grid(let rows): return "\n" + rows.map { "    " + $0 }.joined(separator: "\n")
    }
  }

  static func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
      .joined(separator: "\n").trimmingTrailingSpaces() + "\n"
  }
}

extension String {
  func trimmingCharacters() -> String {
    String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }

  func trimmingTrailingSpaces() -> String {
    split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0.reversed().drop(while: { $0 == " " }).reversed())
    }.joined(separator: "\n")
  }
}
