/// One step of a lesson: prose to read and, for a checked step, something to do on the server.
public struct LessonStep: Sendable {
  /// The id from the heading's `{#id}`, unique in the file.
  public var id: String
  /// The heading text without the id.
  public var title: String
  /// The id of the block the step belongs to.
  public var blockID: String
  /// The Markdown shown for the step (hidden blocks such as checks and hints removed).
  public var prose: String
  /// The example lines from `redis` blocks: what `:run` types and the linter runs.
  public var example: [SourceLine]
  /// The check, for a checked step.
  public var check: Check?
  /// Hint levels, in the order `:hint` reveals them.
  public var hints: [String]
  /// The solution shown after the step passes.
  public var solution: String?
  /// Quiz-ready facts, one per entry.
  public var facts: [String]
  /// Self-quiz cards written in the step.
  public var cards: [QuizCard]
  /// Common wrong answers (```` ```mistake ```` blocks) the check must reject.
  public var mistakes: [Attempt] = []
  /// Other right answers (```` ```alternative ```` blocks) the check must accept.
  public var alternatives: [Attempt] = []
  /// Keys and `rt:…*` patterns (```` ```clear ```` block) deleted when the step opens, so
  /// state left by an earlier step cannot pass its check before the learner acts.
  public var clear: [SourceLine] = []
  /// The numbers drawn per learner (```` ```params ```` block) and the step's text as
  /// written; nil for a step with the same numbers for everyone.
  public var parameters: StepParameters?
  /// Day 7: self-interview prompts.
  public var interviewPrompts: [String]
  /// Day 7: topics for the skill-gap self-assessment.
  public var skillTopics: [String]
  /// The line of the step's heading.
  public var line: Int

  public init(
    id: String, title: String, blockID: String, prose: String = "", example: [SourceLine] = [],
    check: Check? = nil, hints: [String] = [], solution: String? = nil, facts: [String] = [],
    cards: [QuizCard] = [], interviewPrompts: [String] = [], skillTopics: [String] = [],
    line: Int = 0
  ) {
    self.id = id
    self.title = title
    self.blockID = blockID
    self.prose = prose
    self.example = example
    self.check = check
    self.hints = hints
    self.solution = solution
    self.facts = facts
    self.cards = cards
    self.interviewPrompts = interviewPrompts
    self.skillTopics = skillTopics
    self.line = line
  }

  /// Whether the step has a check (otherwise it is a reading step).
  public var isChecked: Bool { check != nil }

  /// The step's explain cards: the questions `:answers` asks in turn, each answered in the
  /// learner's own words before its model answer is shown.
  public var explainCards: [QuizCard] {
    cards.filter {
      if case .explain = $0.kind { return true }
      return false
    }
  }
}

/// A line of a lesson file with its line number, for examples and error messages.
public struct SourceLine: Sendable, Equatable {
  /// The text of the line, without its newline.
  public var text: String
  /// The 1-based line number in the file.
  public var line: Int

  public init(_ text: String, line: Int) {
    self.text = text
    self.line = line
  }
}

/// A step's check: read-only commands whose replies must all match.
public struct Check: Sendable {
  /// The lines, each a command and a matcher.
  public var lines: [CheckLine]
  /// The Redis version the step needs, from `check needs=X`.
  public var needs: RedisVersion?
  /// `:lab` lines: lab events (a crash, a restart) that must have happened since the step
  /// opened.
  public var labEvents: [LabEventCheck]
  /// `:stage` lines: stages the learner's own program must have passed since the step opened.
  public var stageRuns: [StageRunCheck]

  public init(
    lines: [CheckLine], needs: RedisVersion? = nil, labEvents: [LabEventCheck] = [],
    stageRuns: [StageRunCheck] = []
  ) {
    self.lines = lines
    self.needs = needs
    self.labEvents = labEvents
    self.stageRuns = stageRuns
  }
}

/// One check line: a read-only command, the reply it must get, and what to tell the learner.
public struct CheckLine: Sendable {
  /// The command's arguments, binary safe.
  public var argv: [[UInt8]]
  /// What the reply must look like.
  public var matcher: ReplyMatcher
  /// Shown when this line fails, from `# message`.
  public var message: String?
  /// The line as written, for messages.
  public var source: SourceLine

  public init(argv: [[UInt8]], matcher: ReplyMatcher, message: String?, source: SourceLine) {
    self.argv = argv
    self.matcher = matcher
    self.message = message
    self.source = source
  }

  /// The command as text, such as `TTL rt:session:42`.
  public var commandText: String {
    argv.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
  }
}
