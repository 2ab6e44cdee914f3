/// A self-quiz card written in a lesson step (a ```` ```card KIND ID ```` block).
public struct QuizCard: Sendable {
  /// What the learner does to answer.
  public enum Kind: Sendable {
    /// Pick one of the options; `right` is the index of the right one in `options`.
    case choice(options: [String], right: Int)
    /// Type a short answer; any of `accepted` is right.
    case answer(accepted: [String])
    /// Change the server until `check` passes; each solution is one way that does.
    case challenge(setup: [SourceLine], check: Check, solutions: [SourceLine])
    /// Say what `run` will reply; any of `accepted` (or the real reply itself) is right.
    case predict(setup: [SourceLine], run: SourceLine, accepted: [String])
    /// Answer in your own words first; then `model` is shown, with the key `points` a good
    /// answer names (see `ExplainAnswer`), and the learner rates themselves.
    case explain(model: String, points: [String])

    /// The kind's name as written in the info string.
    public var name: String {
      switch self {
      case .choice: return "choice"
      case .answer: return "answer"
      case .challenge: return "challenge"
      case .predict: return "predict"
      case .explain: return "explain"
      }
    }
  }

  /// The id from the info string, unique in its file.
  public var id: String
  /// The lesson day the card belongs to.
  public var day: Int
  /// The step the card sits in: `:lesson` during a quiz jumps there.
  public var stepID: String
  /// The question, Markdown (backticks allowed).
  public var question: String
  /// What the learner does to answer, and what counts as right.
  public var kind: Kind
  /// Hints, in the order they are revealed.
  public var hints: [String]
  /// Shown after the answer: why the right answer is right.
  public var explanation: String?
  /// The line of the card's opening fence.
  public var line: Int
  /// A challenge's common wrong answers (```` ```mistake ID ```` blocks): its check must
  /// reject each after the setup.
  public var mistakes: [Attempt] = []
  /// A challenge's other right answers (```` ```alternative ID ```` blocks), besides its
  /// `solution:` lines.
  public var alternatives: [Attempt] = []

  public init(
    id: String, day: Int, stepID: String, question: String, kind: Kind, hints: [String] = [],
    explanation: String? = nil, line: Int = 0
  ) {
    self.id = id
    self.day = day
    self.stepID = stepID
    self.question = question
    self.kind = kind
    self.hints = hints
    self.explanation = explanation
    self.line = line
  }

  /// The id the scheduler and the progress database know the card by: `day/id`.
  public var key: String { "\(day)/\(id)" }

  /// The Redis commands the card itself runs or checks (setup, checks, solutions, `run:`,
  /// mistakes and alternatives).
  public var commands: [[[UInt8]]] {
    ownCommands + (mistakes + alternatives).flatMap { $0.commands.compactMap(CardCommands.argv) }
  }

  private var ownCommands: [[[UInt8]]] {
    switch kind {
    case .choice, .answer, .explain: return []
    case .challenge(let setup, let check, let solutions):
      return setup.compactMap(CardCommands.argv) + check.lines.map(\.argv)
        + solutions.flatMap { CardCommands.split($0.text).compactMap(CardCommands.argv) }
    case .predict(let setup, let run, _):
      return (setup + [run]).compactMap(CardCommands.argv)
    }
  }
}

/// Reading the command lines of a card.
public enum CardCommands {
  /// The arguments of one command line, or nil when it is empty or its quotes do not close.
  public static func argv(_ line: SourceLine) -> [[UInt8]]? {
    argv(line.text)
  }

  /// The arguments of one command, or nil when it is empty or its quotes do not close.
  public static func argv(_ text: String) -> [[UInt8]]? {
    guard case .command(let argv) = ExampleAction(text) else { return nil }
    return argv
  }

  /// Splits a solution line into its commands at each `;` outside quotes.
  public static func split(_ text: String) -> [SourceLine] {
    var parts: [String] = []
    var current = ""
    var quote: Character?
    var escaped = false
    for character in text {
      if escaped {
        escaped = false
      } else if let open = quote {
        if character == "\\" && open == "\"" {
          escaped = true
        } else if character == open {
          quote = nil
        }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == ";" {
        parts.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    parts.append(current)
    return parts.map { SourceLine($0.trimmed(), line: 0) }.filter { !$0.text.isEmpty }
  }
}

/// Forgiving comparison of typed answers: case, spacing, quotes and a final full stop do not
/// matter, nor a redis-cli type prefix such as `(integer) `.
public enum AnswerText {
  /// The form answers are compared in.
  public static func normalized(_ text: String) -> String {
    var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for prefix in ["(integer) ", "(error) ", "(double) "] where words.hasPrefix(prefix) {
      words.removeFirst(prefix.count)
    }
    if words == "(nil)" { words = "nil" }
    while words.hasSuffix(".") { words.removeLast() }
    for quote in ["\"", "'", "`"] where words.count >= 2 {
      if words.hasPrefix(quote) && words.hasSuffix(quote) {
        words = String(words.dropFirst().dropLast())
      }
    }
    return words.trimmed()
  }

  /// Whether `given` is one of `accepted`.
  public static func matches(_ given: String, accepted: [String]) -> Bool {
    let answer = normalized(given)
    guard !answer.isEmpty else { return false }
    return accepted.contains { normalized($0) == answer }
  }
}
