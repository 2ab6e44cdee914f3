import DeterministicRandom

/// A number a step draws per learner, declared in its ```` ```params ```` block and used in
/// its text as `{{name}}`.
public struct LessonParameter: Sendable, Equatable {
  /// How the value is found.
  public enum Rule: Sendable, Equatable {
    /// `name = 5..12`: a whole number in the range, ends included.
    case range(ClosedRange<Int>)
    /// `name = pick 30 60 90`: one of the numbers listed.
    case pick([Int])
    /// `name = window - 7`: worked out from the parameters declared above it.
    case derived(ParameterExpression)
  }

  /// The name used in `{{name}}`: lower-case letters, digits and `_`, starting with a letter.
  public var name: String
  /// How the value is drawn or worked out.
  public var rule: Rule
  /// The line that declares it.
  public var line: Int

  public init(name: String, rule: Rule, line: Int) {
    self.name = name
    self.rule = rule
    self.line = line
  }
}

/// Which values a parameterised step gets: the learner's, or the ones the linter proves.
public enum ParameterChoice: Sendable, Equatable, CustomStringConvertible {
  /// Every range at its lower end and every pick at its first number: the values the parsed
  /// lesson holds, shown when there is no learner (`lesson --print`, the linter's first run).
  case lowest
  /// Every range at its upper end and every pick at its last number.
  case highest
  /// Drawn from a learner's seed, mixed with the day and the step id.
  case seed(UInt64)

  /// The choices `lessons check` proves each parameterised step with: both ends, then three
  /// seeds.
  public static let linted: [ParameterChoice] = [.lowest, .highest, .seed(1), .seed(2), .seed(3)]

  public var description: String {
    switch self {
    case .lowest: "the lowest values"
    case .highest: "the highest values"
    case .seed(let seed): "seed \(seed)"
    }
  }
}

/// A step's parameters and its text as written, with `{{name}}` still in it.
public struct StepParameters: Sendable {
  /// The declarations, in the order they are drawn.
  public var declared: [LessonParameter]
  /// The step's texts before substitution, filled in when the step has been read.
  var template = StepTemplate()

  public init(declared: [LessonParameter]) {
    self.declared = declared
  }

  /// Whether `name` is declared.
  public func declares(_ name: String) -> Bool { declared.contains { $0.name == name } }

  /// The value of every parameter for `choice` on step `stepID` of `day`, in declaration
  /// order; throws when a derived value cannot be worked out (overflow, division by zero).
  public func values(_ choice: ParameterChoice, day: Int, stepID: String) throws(ParameterExpression
    .Failure) -> [String: Int]
  {
    var random = SplitMix64(seed: 0)
    if case .seed(let seed) = choice {
      random = SplitMix64(seed: seed, stream: "lesson-params/day\(day)/\(stepID)")
    }
    var values: [String: Int] = [:]
    for parameter in declared {
      switch (parameter.rule, choice) {
      case (.range(let range), .lowest): values[parameter.name] = range.lowerBound
      case (.range(let range), .highest): values[parameter.name] = range.upperBound
      case (.range(let range), .seed): values[parameter.name] = random.int(in: range)
      case (.pick(let numbers), .lowest): values[parameter.name] = numbers[0]
      case (.pick(let numbers), .highest): values[parameter.name] = numbers[numbers.count - 1]
      case (.pick(let numbers), .seed): values[parameter.name] = random.element(of: numbers)
      case (.derived(let expression), _):
        values[parameter.name] = try expression.evaluate(values)
      }
    }
    return values
  }
}

/// A step's texts as written, before `{{name}}` is filled in.
struct StepTemplate: Sendable {
  var prose = ""
  var example: [SourceLine] = []
  var hints: [String] = []
  var solution: String?
  var checkLines: [SourceLine] = []
  var mistakes: [Attempt] = []
  var alternatives: [Attempt] = []
  var clear: [SourceLine] = []
}

/// `{{name}}` in lesson text: finding the names used, and filling in values.
public enum Placeholder {
  /// Each `{{name}}` in `text`, with the 0-based line within `text` it is on.
  ///
  /// A name is a lower-case letter, then lower-case letters, digits or `_`. Other braces,
  /// such as Go's `{{0, 0}}`, are not placeholders.
  public static func names(in text: String) -> [(name: String, lineOffset: Int)] {
    var found: [(String, Int)] = []
    scan(text) { name, lineOffset in
      found.append((name, lineOffset))
      return nil
    }
    return found
  }

  /// `text` with every `{{name}}` whose name is in `values` replaced by its value.
  public static func fill(_ text: String, with values: [String: Int]) -> String {
    scan(text) { name, _ in values[name].map(String.init) }
  }

  /// Walks `text`, calling `replace` with each placeholder's name and line; a non-nil result
  /// replaces the placeholder in the returned text.
  @discardableResult
  private static func scan(_ text: String, replace: (String, Int) -> String?) -> String {
    guard text.contains("{{") else { return text }
    var result = ""
    var lineOffset = 0
    var index = text.startIndex
    while index < text.endIndex {
      if text[index...].hasPrefix("{{"), let (name, end) = placeholder(in: text, at: index) {
        if let replacement = replace(name, lineOffset) {
          result += replacement
        } else {
          result += text[index..<end]
        }
        index = end
        continue
      }
      if text[index] == "\n" { lineOffset += 1 }
      result.append(text[index])
      index = text.index(after: index)
    }
    return result
  }

  /// The name of the placeholder starting at `start`, and where it ends.
  private static func placeholder(in text: String, at start: String.Index) -> (
    String, String.Index
  )? {
    var index = text.index(start, offsetBy: 2)
    var name = ""
    while index < text.endIndex, isNameCharacter(text[index], first: name.isEmpty) {
      name.append(text[index])
      index = text.index(after: index)
    }
    guard !name.isEmpty, text[index...].hasPrefix("}}") else { return nil }
    return (name, text.index(index, offsetBy: 2))
  }

  /// Whether `character` may be part of a parameter name (the first must be a letter).
  static func isNameCharacter(_ character: Character, first: Bool) -> Bool {
    guard character.isASCII else { return false }
    if character.isLowercase { return true }
    return !first && (character.isNumber || character == "_")
  }

  /// Whether `text` is a valid parameter name.
  static func isName(_ text: String) -> Bool {
    guard let first = text.first, isNameCharacter(first, first: true) else { return false }
    return text.dropFirst().allSatisfy { isNameCharacter($0, first: false) }
  }
}

extension LessonStep {
  /// This step with its parameters' values for `choice` filled in.
  ///
  /// A step without parameters is returned as it is. Values that cannot be worked out, or
  /// that make a check line unreadable, fall back to the lowest ones, which the parser has
  /// proven.
  public func instantiated(_ choice: ParameterChoice, day: Int) -> LessonStep {
    guard let parameters else { return self }
    if let values = try? parameters.values(choice, day: day, stepID: id),
      let step = filled(with: values)
    {
      return step
    }
    let lowest = (try? parameters.values(.lowest, day: day, stepID: id)) ?? [:]
    return filled(with: lowest) ?? self
  }

  /// This step with `values` filled in to its template (the step itself when it has no
  /// parameters), or nil when a check line does not parse with them.
  func filled(with values: [String: Int]) -> LessonStep? {
    guard let template = parameters?.template else { return self }
    func fill(_ line: SourceLine) -> SourceLine {
      SourceLine(Placeholder.fill(line.text, with: values), line: line.line)
    }
    func fill(_ attempt: Attempt) -> Attempt {
      var filled = attempt
      filled.why = attempt.why.map { Placeholder.fill($0, with: values) }
      filled.commands = attempt.commands.map(fill)
      return filled
    }
    var step = self
    step.prose = Placeholder.fill(template.prose, with: values)
    step.example = template.example.map(fill)
    step.hints = template.hints.map { Placeholder.fill($0, with: values) }
    step.solution = template.solution.map { Placeholder.fill($0, with: values) }
    step.mistakes = template.mistakes.map(fill)
    step.alternatives = template.alternatives.map(fill)
    step.clear = template.clear.map(fill)
    if var check = step.check {
      var lines: [CheckLine] = []
      for written in template.checkLines {
        guard case .success(let line) = CheckLineParser.parse(fill(written)) else { return nil }
        lines.append(line)
      }
      check.lines = lines
      step.check = check
    }
    return step
  }
}

extension Lesson {
  /// This lesson with each parameterised step's values drawn for `choice`.
  public func instantiated(_ choice: ParameterChoice) -> Lesson {
    var lesson = self
    for block in lesson.blocks.indices {
      for step in lesson.blocks[block].steps.indices {
        lesson.blocks[block].steps[step] = lesson.blocks[block].steps[step].instantiated(
          choice, day: day)
      }
    }
    return lesson
  }
}

extension LessonCatalog {
  /// The catalog as one learner sees it: every parameterised step with the values drawn from
  /// `seed`, the learner's seed from the progress database.
  public func personalised(seed: UInt64) -> LessonCatalog {
    LessonCatalog(
      directory: directory, lessons: lessons.map { $0.instantiated(.seed(seed)) },
      problems: problems)
  }
}
