/// Reads a step's ```` ```params ```` block: one `name = RULE` a line.
///
/// ```params
/// limit = 5..12
/// window = pick 30 60 90
/// retry_after = window - 7
/// ```
enum ParameterParser {
  /// The declarations in `lines`, reporting each malformed line with its line number.
  static func parse(_ lines: [SourceLine], problems: inout [(Int, String)]) -> [LessonParameter] {
    var declared: [LessonParameter] = []
    for line in lines {
      let text = line.text.trimmed()
      if text.hasPrefix("#") { continue }
      guard let equals = text.firstIndex(of: "=") else {
        problems.append(
          (line.line, "a params line is 'name = 5..12', 'name = pick 30 60 90' or 'name = EXPR'"))
        continue
      }
      let name = String(text[..<equals]).trimmed()
      let rule = String(text[text.index(after: equals)...]).trimmed()
      guard Placeholder.isName(name) else {
        problems.append(
          (
            line.line,
            "parameter name '\(name)' must start with a-z and use only a-z, 0-9 and '_'"
          ))
        continue
      }
      if declared.contains(where: { $0.name == name }) {
        problems.append((line.line, "parameter '\(name)' is declared twice"))
        continue
      }
      switch readRule(rule, known: declared.map(\.name)) {
      case .success(let parsed):
        declared.append(LessonParameter(name: name, rule: parsed, line: line.line))
      case .failure(let failure):
        problems.append((line.line, "parameter '\(name)': \(failure.message)"))
      }
    }
    return declared
  }

  /// Reads what follows `name =`.
  private static func readRule(_ text: String, known: [String]) -> Result<
    LessonParameter.Rule, ParameterExpression.Failure
  > {
    if text.hasPrefix("pick ") || text == "pick" {
      let words = text.split(separator: " ").dropFirst()
      let numbers = words.compactMap { Int($0) }
      guard !words.isEmpty, numbers.count == words.count else {
        return .failure(.init(message: "'pick' takes one or more whole numbers: pick 30 60 90"))
      }
      return .success(.pick(numbers))
    }
    if let dots = text.range(of: "..") {
      guard let low = Int(text[..<dots.lowerBound].trimmed()),
        let high = Int(text[dots.upperBound...].trimmed())
      else {
        return .failure(.init(message: "a range is two whole numbers: 5..12"))
      }
      guard low <= high else {
        return .failure(
          .init(message: "the range \(low)..\(high) is empty (write the low end first)"))
      }
      return .success(.range(low...high))
    }
    var reader = ExpressionReader(text)
    do throws(ParameterExpression.Failure) {
      let expression = try reader.read()
      for name in expression.names where !known.contains(name) {
        throw ParameterExpression.Failure(
          message: "'\(name)' is not declared above it (derived values use earlier parameters)")
      }
      return .success(.derived(expression))
    } catch {
      return .failure(error)
    }
  }
}

/// A recursive-descent reader for `ParameterExpression`.
private struct ExpressionReader {
  private let characters: [Character]
  private var position = 0

  init(_ text: String) { characters = Array(text) }

  /// The whole text as one expression.
  mutating func read() throws(ParameterExpression.Failure) -> ParameterExpression {
    let expression = try sum()
    skipSpaces()
    if position < characters.count {
      throw fail("unexpected '\(characters[position])' (use numbers, names, + - * / % ^ and ( ))")
    }
    return expression
  }

  private func fail(_ message: String) -> ParameterExpression.Failure { .init(message: message) }

  private mutating func skipSpaces() {
    while position < characters.count, characters[position] == " " { position += 1 }
  }

  /// The next non-space character, if it is one of `operators`, consumed.
  private mutating func take(_ operators: String) -> ParameterExpression.Operator? {
    skipSpaces()
    guard position < characters.count, operators.contains(characters[position]),
      let operation = ParameterExpression.Operator(rawValue: characters[position])
    else { return nil }
    position += 1
    return operation
  }

  private mutating func sum() throws(ParameterExpression.Failure) -> ParameterExpression {
    var left = try product()
    while let operation = take("+-") { left = .binary(operation, left, try product()) }
    return left
  }

  private mutating func product() throws(ParameterExpression.Failure) -> ParameterExpression {
    var left = try unary()
    while let operation = take("*/%") { left = .binary(operation, left, try unary()) }
    return left
  }

  private mutating func unary() throws(ParameterExpression.Failure) -> ParameterExpression {
    if take("-") != nil { return .negate(try unary()) }
    let base = try atom()
    if take("^") != nil { return .binary(.power, base, try unary()) }
    return base
  }

  private mutating func atom() throws(ParameterExpression.Failure) -> ParameterExpression {
    skipSpaces()
    guard position < characters.count else { throw fail("the expression ends too soon") }
    let character = characters[position]
    if character == "(" {
      position += 1
      let inner = try sum()
      skipSpaces()
      guard position < characters.count, characters[position] == ")" else {
        throw fail("a '(' is not closed")
      }
      position += 1
      return inner
    }
    if character.isASCII && character.isNumber {
      var digits = ""
      while position < characters.count,
        characters[position].isASCII
          && (characters[position].isNumber || characters[position] == "_")
      {
        if characters[position] != "_" { digits.append(characters[position]) }
        position += 1
      }
      guard let number = Int(digits) else { throw fail("\(digits) is too large") }
      return .number(number)
    }
    if Placeholder.isNameCharacter(character, first: true) {
      var name = ""
      while position < characters.count,
        Placeholder.isNameCharacter(characters[position], first: name.isEmpty)
      {
        name.append(characters[position])
        position += 1
      }
      return .name(name)
    }
    throw fail("unexpected '\(character)' (use numbers, names, + - * / % ^ and ( ))")
  }
}
