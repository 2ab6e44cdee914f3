/// A check line that asks for a passing run of the learner's own program against a stage of
/// the stage tester since the step opened: `:stage NAME [# message]`.
///
/// The shell records each `:test` run's verdict in the step's `LabEventLog`; the linter and
/// the walk-through record the runs of their examples' `:test` lines, which run the real
/// tester on the stage's reference or known-bad solutions.
public struct StageRunCheck: Sendable, Equatable {
  /// The stage (`day2-cache`).
  public var stage: String
  /// Shown when the line fails, from `# message`.
  public var message: String?
  /// The line as written.
  public var source: SourceLine

  public init(stage: String, message: String? = nil, source: SourceLine) {
    self.stage = stage
    self.message = message
    self.source = source
  }

  /// Whether a check line is a stage line (it starts with `:stage`).
  static func isStageLine(_ text: String) -> Bool {
    let trimmed = text.trimmed()
    return trimmed == ":stage" || trimmed.hasPrefix(":stage ")
  }

  /// Reads a `:stage` line.
  static func parse(_ line: SourceLine) -> Result<StageRunCheck, LessonProblem.Reason> {
    let (text, message) = line.splitMessage()
    let words = text.split(separator: " ").map(String.init)
    guard words.count == 2, words[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
    else {
      return .failure(.message("a stage line is ':stage NAME', the name of one stage"))
    }
    return .success(StageRunCheck(stage: words[1], message: message, source: line))
  }

  /// Nil when `events` hold a passing run of the stage; otherwise what is missing, in one
  /// sentence for the learner.
  func missing(in events: [LabEventLog.Event]) -> String? {
    var ranThisStage = false
    var otherStages: [String] = []
    for event in events {
      guard case .stageRun(let stage, let passed) = event else { continue }
      if stage == self.stage {
        if passed { return nil }
        ranThisStage = true
      } else if !otherStages.contains(stage) {
        otherStages.append(stage)
      }
    }
    if ranThisStage {
      return "your program has not passed \(stage) yet: fix the expectation it stopped at, "
        + "then :test \(stage) again"
    }
    if !otherStages.isEmpty {
      return "this step wants a run of \(stage), and since it opened you ran "
        + otherStages.joined(separator: ", ") + ": :test \(stage) -- YOUR COMMAND"
    }
    return "no run of \(stage) since this step opened: :test \(stage) -- YOUR COMMAND, "
      + "in your project's folder"
  }
}
