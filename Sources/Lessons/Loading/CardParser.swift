/// Reads one ```` ```card KIND ID ```` block: `key: value` lines, and `*`/`-` options.
enum CardParser {
  /// The keys each kind accepts, besides `q:` (and `hint:` and `explain:`, but for an
  /// explain card, whose model answer is its explanation and which has no hints).
  static let kindKeys: [String: Set<String>] = [
    "choice": [], "answer": ["a"], "challenge": ["setup", "check", "solution"],
    "predict": ["setup", "run", "a"], "explain": ["model", "points"],
  ]

  /// The keys every kind but `explain` accepts.
  static let sharedKeys: Set<String> = ["q", "hint", "explain"]

  /// Parses a card block whose info string words after `card` are `attributes`.
  ///
  /// Returns the card, or nil with every problem found (each with its line).
  static func parse(
    attributes: [String], lines: [SourceLine], fenceLine: Int, stepID: String,
    problems: inout [(Int, String)]
  ) -> QuizCard? {
    let before = problems.count
    guard attributes.count == 2, let keys = kindKeys[attributes[0]] else {
      problems.append(
        (
          fenceLine,
          "a card block starts '```card KIND ID' with KIND choice, answer, challenge, predict or explain"
        ))
      return nil
    }
    let kindName = attributes[0]
    let id = attributes[1]
    if !LessonParser.isValidID(id) {
      problems.append((fenceLine, "card id '\(id)' may only use a-z, 0-9 and '-'"))
    }
    var question: [String] = []
    var hints: [String] = []
    var explanation: String?
    var options: [String] = []
    var right: [Int] = []
    var accepted: [String] = []
    var setup: [SourceLine] = []
    var checkLines: [CheckLine] = []
    var solutions: [SourceLine] = []
    var runs: [SourceLine] = []
    var model: [String] = []
    var points: [String] = []
    let shared = kindName == "explain" ? ["q"] : sharedKeys

    for line in lines {
      let text = line.text.trimmed()
      if text.isEmpty || text.hasPrefix("#") { continue }
      if kindName == "choice", text.hasPrefix("* ") || text.hasPrefix("- ") {
        if text.hasPrefix("* ") { right.append(options.count) }
        options.append(String(text.dropFirst(2)).trimmed())
        continue
      }
      guard let colon = text.firstIndex(of: ":") else {
        problems.append(
          (
            line.line,
            "a card line is 'key: value'"
              + (kindName == "choice" ? ", '* right option' or '- wrong option'" : "")
          ))
        continue
      }
      let key = String(text[..<colon]).trimmed()
      var value = String(text[text.index(after: colon)...]).trimmed()
      if ["q", "model"].contains(key), !value.isEmpty {
        // Spaces beyond the one after the colon are kept: an indented code snippet can
        // span several `q:` lines.
        let indent = text[text.index(after: colon)...].dropFirst().prefix { $0 == " " }.count
        value = String(repeating: " ", count: indent) + value
      }
      guard shared.contains(key) || keys.contains(key) else {
        let known = (["q", "hint", "explain"].filter(shared.contains) + keys.sorted()).map {
          "\($0):"
        }
        problems.append(
          (
            line.line,
            "\(kindName.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(kindName) card has no '\(key):' line (it takes \(known.joined(separator: ", ")))"
          ))
        continue
      }
      guard !value.isEmpty else {
        problems.append((line.line, "'\(key):' needs a value after the colon"))
        continue
      }
      let valueLine = SourceLine(value, line: line.line)
      switch key {
      case "q": question.append(value)
      case "hint": hints.append(value)
      case "explain":
        if explanation != nil {
          problems.append((line.line, "a card has one 'explain:' line"))
        }
        explanation = value
      case "a", "points":
        let alternatives = value.split(separator: "|").map { String($0).trimmed() }
        if alternatives.contains(where: \.isEmpty) {
          problems.append(
            (line.line, "an empty \(key == "a" ? "alternative" : "point") between '|' separators"))
        }
        if key == "a" {
          accepted += alternatives.filter { !$0.isEmpty }
        } else {
          points += alternatives.filter { !$0.isEmpty }
        }
      case "model": model.append(value)
      case "setup", "run":
        guard CardCommands.argv(value) != nil else {
          problems.append((line.line, "'\(key):' needs one Redis command with balanced quotes"))
          continue
        }
        if key == "setup" { setup.append(valueLine) } else { runs.append(valueLine) }
      case "check":
        switch CheckLineParser.parse(valueLine) {
        case .success(let checkLine): checkLines.append(checkLine)
        case .failure(.message(let message)): problems.append((line.line, message))
        }
      case "solution":
        let commands = CardCommands.split(value)
        if commands.isEmpty || commands.contains(where: { CardCommands.argv($0) == nil }) {
          problems.append(
            (line.line, "'solution:' needs Redis commands (separated by ';') with balanced quotes"))
          continue
        }
        solutions.append(valueLine)
      default: break
      }
    }

    if question.isEmpty { problems.append((fenceLine, "card '\(id)' has no 'q:' question")) }
    let kind: QuizCard.Kind
    switch kindName {
    case "choice":
      if options.count < 2 {
        problems.append(
          (fenceLine, "choice card '\(id)' needs at least two options ('* right', '- wrong')"))
      }
      if right.count != 1 {
        problems.append(
          (
            fenceLine,
            "choice card '\(id)' needs exactly one right option marked '* ' (found \(right.count))"
          ))
      }
      var seen: Set<String> = []
      for option in options where !seen.insert(AnswerText.normalized(option)).inserted {
        problems.append((fenceLine, "choice card '\(id)' lists the option '\(option)' twice"))
      }
      kind = .choice(options: options, right: right.first ?? 0)
    case "answer":
      if accepted.isEmpty {
        problems.append((fenceLine, "answer card '\(id)' needs an 'a:' line of accepted answers"))
      }
      kind = .answer(accepted: accepted)
    case "challenge":
      if checkLines.isEmpty {
        problems.append((fenceLine, "challenge card '\(id)' needs at least one 'check:' line"))
      }
      if solutions.isEmpty {
        problems.append(
          (fenceLine, "challenge card '\(id)' needs at least one 'solution:' line to prove it"))
      }
      kind = .challenge(setup: setup, check: Check(lines: checkLines), solutions: solutions)
    case "explain":
      let answer = model.joined(separator: "\n")
      if model.isEmpty {
        problems.append(
          (fenceLine, "explain card '\(id)' needs a 'model:' answer, shown after the attempt"))
      }
      for point in points where !model.isEmpty && !ExplainAnswer.names(answer, point: point) {
        problems.append(
          (
            fenceLine,
            "explain card '\(id)': its model answer does not name the key point '\(point)' (each word of a point, or one of its '/' alternatives, must be in it)"
          ))
      }
      kind = .explain(model: answer, points: points)
    default:
      if runs.count != 1 {
        problems.append(
          (fenceLine, "predict card '\(id)' needs exactly one 'run:' line (found \(runs.count))"))
      }
      if accepted.isEmpty {
        problems.append((fenceLine, "predict card '\(id)' needs an 'a:' line of accepted answers"))
      }
      kind = .predict(
        setup: setup, run: runs.first ?? SourceLine("", line: fenceLine), accepted: accepted)
    }
    guard problems.count == before else { return nil }
    return QuizCard(
      id: id, day: 0, stepID: stepID, question: question.joined(separator: "\n"), kind: kind,
      hints: hints, explanation: explanation, line: fenceLine)
  }
}
