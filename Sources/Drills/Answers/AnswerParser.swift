/// Turns what the learner typed into a `DrillAnswer`, forgiving about punctuation and spacing.
///
/// Commas, semicolons, brackets, quotes, arrows (`->`, `<->`) and extra spaces are ignored, so
/// `[3, 1, 2]`, `3,1,2` and `3 -> 1 -> 2` all read as `3 1 2`. Words are lowercased. An empty
/// list is typed `[]` (or `none` / `empty`). Any other text gets a one-line `AnswerProblem`;
/// no input makes the parser trap.
public enum AnswerParser {
  /// The answer in `text` read as `format`, or the one-line reason it cannot be.
  public static func parse(_ text: String, as format: AnswerFormat) -> Result<
    DrillAnswer, AnswerProblem
  > {
    switch format {
    case .integers: integers(text)
    case .integer: integer(text)
    case .words: words(text)
    case .word: word(text)
    case .grid(let rows): grid(text, rows: rows)
    }
  }

  private static let listSeparators: Set<Character> = [",", ";"]
  private static let brackets: Set<Character> = ["[", "]", "(", ")", "{", "}"]
  private static let quotes: Set<Character> = ["\"", "'", "`"]
  private static let emptyListSpellings: Set<String> = ["[]", "()", "{}", "none", "empty", "nil"]
  private static let longestShownToken = 20

  private static func integers(_ text: String) -> Result<DrillAnswer, AnswerProblem> {
    if isEmptyList(text) { return .success(.integers([])) }
    let tokens = listTokens(withoutFinalPeriod(text))
    if tokens.isEmpty {
      return .failure(.expected(.integers, "type [] for an empty list"))
    }
    var values: [Int] = []
    for token in tokens {
      switch integerValue(token) {
      case .success(let value): values.append(value)
      case .failure(let detail): return .failure(.expected(.integers, detail))
      }
    }
    return .success(.integers(values))
  }

  private static func integer(_ text: String) -> Result<DrillAnswer, AnswerProblem> {
    let tokens = listTokens(withoutFinalPeriod(text))
    guard tokens.count == 1 else {
      return .failure(
        .expected(.integer, tokens.isEmpty ? "got nothing" : "got \(tokens.count) values"))
    }
    switch integerValue(tokens[0]) {
    case .success(let value): return .success(.integer(value))
    case .failure(let detail): return .failure(.expected(.integer, detail))
    }
  }

  private static func words(_ text: String) -> Result<DrillAnswer, AnswerProblem> {
    if isEmptyList(text) { return .success(.words([])) }
    let tokens = listTokens(text).map(wordValue).filter { !$0.isEmpty }
    if tokens.isEmpty {
      return .failure(.expected(.words, "type [] for an empty list"))
    }
    return .success(.words(tokens))
  }

  private static func word(_ text: String) -> Result<DrillAnswer, AnswerProblem> {
    let tokens = listTokens(text).map(wordValue).filter { !$0.isEmpty }
    guard tokens.count == 1 else {
      return .failure(
        .expected(.word, tokens.isEmpty ? "got nothing" : "got \(tokens.count) words"))
    }
    return .success(.word(tokens[0]))
  }

  private static func grid(_ text: String, rows expectedRows: Int) -> Result<
    DrillAnswer, AnswerProblem
  > {
    let format = AnswerFormat.grid(rows: expectedRows)
    let rowSeparators: Set<Character> = ["/", "|", ",", ";"]
    let rows =
      text
      .split { $0.isWhitespace || rowSeparators.contains($0) }
      .map { row in String(row.filter { !brackets.contains($0) && !quotes.contains($0) }) }
      .filter { !$0.isEmpty }
      .map(normalizedGridRow)
    guard rows.count == expectedRows else {
      let got =
        rows.isEmpty ? "got nothing" : "got \(rows.count) \(rows.count == 1 ? "row" : "rows")"
      return .failure(.expected(format, got))
    }
    let widths = rows.map(\.count)
    if Set(widths).count > 1 {
      let listed = widths.map(String.init).joined(separator: ", ")
      return .failure(.expected(format, "rows have different widths: \(listed)"))
    }
    return .success(.grid(rows))
  }

  /// Grid cells as the tutor draws them: `S` and `G` upper case, visited `·` read as open `.`.
  private static func normalizedGridRow(_ row: String) -> String {
    String(
      row.map { cell -> Character in
        switch cell {
        case "s": "S"
        case "g": "G"
        case "·": "."
        default: cell
        }
      })
  }

  private static func isEmptyList(_ text: String) -> Bool {
    let squeezed = text.lowercased().filter { !$0.isWhitespace }
    return emptyListSpellings.contains(squeezed)
  }

  /// The text without one trailing full stop, so "3 1 2." reads as a list.
  private static func withoutFinalPeriod(_ text: String) -> String {
    var trimmed = Substring(text)
    while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
    if trimmed.last == "." { trimmed = trimmed.dropLast() }
    return String(trimmed)
  }

  /// Tokens split on spaces, commas and semicolons, with brackets and arrows dropped.
  private static func listTokens(_ text: String) -> [String] {
    text
      .split { $0.isWhitespace || listSeparators.contains($0) || brackets.contains($0) }
      .map { token in
        // A typographic minus reads as a hyphen-minus.
        String(token.filter { !quotes.contains($0) }.map { $0 == "\u{2212}" ? "-" : $0 })
      }
      .filter { !isArrow($0) }
  }

  private static func isArrow(_ token: String) -> Bool {
    if ["→", "←", "↔", "⟶", "=", "|"].contains(token) { return true }
    let arrowParts: Set<Character> = ["-", "<", ">", "="]
    return token.count >= 2 && token.allSatisfy { arrowParts.contains($0) }
  }

  private static func wordValue(_ token: String) -> String {
    String(token.filter { !quotes.contains($0) && !$0.isNewline }).lowercased()
  }

  private enum IntegerReading {
    case success(Int)
    case failure(String)
  }

  private static func integerValue(_ token: String) -> IntegerReading {
    var digits = Substring(token)
    if digits.first == "+" { digits = digits.dropFirst() }
    if let value = Int(digits) { return .success(value) }
    // Control characters would garble the one-line message.
    let printable = String(
      token.map { $0.isASCII && ($0.asciiValue! < 32 || $0.asciiValue! == 127) ? "?" : $0 })
    let shown =
      printable.count > longestShownToken
      ? String(printable.prefix(longestShownToken)) + "…" : printable
    let isNumeric =
      !digits.isEmpty
      && digits.drop(while: { $0 == "-" }).allSatisfy { $0.isASCII && $0.isNumber }
      && digits.contains(where: \.isNumber)
    if isNumeric && !digits.dropFirst().contains("-") {
      return .failure("\"\(shown)\" is too large")
    }
    return .failure("\"\(shown)\" is not an integer")
  }
}
