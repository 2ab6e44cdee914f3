import Progress
import TerminalUI

/// A timed self-interview for the review day: one question at a time, answered out loud.
///
/// The learner explains each prompt as in a real interview and may type notes while talking.
/// Each answer's time comes from the injected clock and is compared with the budget, so the
/// learner sees where they ramble; answers are saved to the progress store as they finish, so
/// quitting midway loses nothing.
public struct SelfInterview {
  /// What happened to one prompt.
  public struct Answer: Sendable, Equatable {
    /// Whether the prompt was answered.
    public enum Outcome: Sendable, Equatable {
      /// Answered (notes are optional: the answer was spoken) and saved.
      case answered
      /// Skipped with `:skip`; nothing saved.
      case skipped
      /// Never shown, because the learner stopped earlier.
      case notReached
    }

    public var prompt: String
    public var outcome: Outcome
    /// Seconds spent on the prompt (0 when not reached).
    public var seconds: Double
    /// The typed notes, lines joined with "\n".
    public var notes: String
    /// How far over the time budget the answer ran, in whole seconds; nil when within it.
    public var overBy: Int?

    public init(
      prompt: String, outcome: Outcome, seconds: Double = 0, notes: String = "", overBy: Int? = nil
    ) {
      self.prompt = prompt
      self.outcome = outcome
      self.seconds = seconds
      self.notes = notes
      self.overBy = overBy
    }
  }

  /// The whole interview, prompt by prompt.
  public struct Summary: Sendable, Equatable {
    /// One entry per prompt, in the order asked.
    public var answers: [Answer]
    /// Whether the learner ended with `:stop` (or end of input) before the last prompt.
    public var stoppedEarly: Bool

    /// How many prompts were answered.
    public var answeredCount: Int { answers.filter { $0.outcome == .answered }.count }
    /// How many answers ran over the budget.
    public var overTimeCount: Int { answers.filter { $0.overBy != nil }.count }
    /// The seconds spent on answered prompts.
    public var answeredSeconds: Double {
      answers.filter { $0.outcome == .answered }.reduce(0) { $0 + $1.seconds }
    }
  }

  /// The line prompt shown while the learner types notes.
  public static let notesPrompt = "notes> "
  /// Widest prompt text shown in the summary table.
  static let summaryPromptWidth = 40

  private let prompts: [String]
  private let secondsPerPrompt: Double
  private let clock: () -> Double
  private let readLine: (String) -> String?
  private let write: (String) -> Void
  private let store: ProgressStore

  /// Prepares an interview over `prompts` (from the lesson's `interview` block).
  ///
  /// `clock` returns seconds since the epoch; `readLine` shows its argument as a prompt and
  /// returns a line without its newline, or nil at end of input; `write` prints text as is.
  public init(
    prompts: [String], secondsPerPrompt: Double = 120, clock: @escaping () -> Double,
    readLine: @escaping (String) -> String?, write: @escaping (String) -> Void,
    store: ProgressStore
  ) {
    self.prompts = prompts
    self.secondsPerPrompt = secondsPerPrompt
    self.clock = clock
    self.readLine = readLine
    self.write = write
    self.store = store
  }

  /// Asks every prompt in turn, saves each answer, prints a summary table and returns it.
  public func run() throws -> Summary {
    guard !prompts.isEmpty else {
      write("This day has no interview questions.\n")
      return Summary(answers: [], stoppedEarly: false)
    }
    let budget = Self.clockText(secondsPerPrompt)
    write(
      "Self-interview: \(prompts.count) question\(prompts.count == 1 ? "" : "s"), \(budget) "
        + "each. Answer out loud, as you would in an interview.\n")
    var answers: [Answer] = []
    var stopped = false
    for (index, prompt) in prompts.enumerated() {
      if stopped {
        answers.append(Answer(prompt: prompt, outcome: .notReached))
        continue
      }
      write("\nQuestion \(index + 1) of \(prompts.count) (\(budget)):\n  \(prompt)\n")
      write(
        "Explain it out loud; type notes (empty line to finish, :skip to skip, :stop to end).\n")
      let answer = try ask(prompt, stopped: &stopped)
      answers.append(answer)
    }
    let summary = Summary(answers: answers, stoppedEarly: stopped)
    write("\n" + Self.summaryTable(summary))
    return summary
  }

  /// Collects one answer's notes and times it; saves it unless skipped.
  private func ask(_ prompt: String, stopped: inout Bool) throws -> Answer {
    let start = clock()
    var lines: [String] = []
    var keep = true
    while true {
      guard let line = readLine(Self.notesPrompt) else {
        stopped = true
        keep = !lines.isEmpty
        break
      }
      let command = ReviewText.trimmed(line)
      if command.isEmpty { break }
      if command == ":skip" {
        keep = false
        break
      }
      if command == ":stop" {
        // Notes typed so far are an answer worth keeping; a bare :stop is not.
        stopped = true
        keep = !lines.isEmpty
        break
      }
      lines.append(line)
    }
    let end = clock()
    let seconds = max(0, end - start)
    guard keep else {
      write(stopped ? "Stopped.\n" : "Skipped.\n")
      return Answer(prompt: prompt, outcome: .skipped, seconds: seconds)
    }
    let notes = lines.joined(separator: "\n")
    try store.saveInterviewAnswer(
      InterviewAnswer(prompt: prompt, notes: notes, seconds: seconds, at: end))
    let overBy = Int(seconds) > Int(secondsPerPrompt) ? Int(seconds) - Int(secondsPerPrompt) : nil
    if let overBy {
      write("Time \(Self.clockText(seconds)): over by \(Self.clockText(Double(overBy))).\n")
    } else {
      write("Time \(Self.clockText(seconds)) of \(Self.clockText(secondsPerPrompt)).\n")
    }
    return Answer(
      prompt: prompt, outcome: .answered, seconds: seconds, notes: notes, overBy: overBy)
  }

  /// The table printed at the end: one row per prompt, then a one-line total.
  static func summaryTable(_ summary: Summary) -> String {
    var table = TextTable(
      columns: [
        .init("#", alignment: .right), .init("Question", maximumWidth: summaryPromptWidth),
        .init("Time"), .init("Notes"), .init(""),
      ],
      headerStyle: .plain)
    for (index, answer) in summary.answers.enumerated() {
      let number = String(index + 1)
      switch answer.outcome {
      case .answered:
        table.addRow([
          number, answer.prompt, clockText(answer.seconds), answer.notes.isEmpty ? "no" : "yes",
          answer.overBy.map { "over by \(clockText(Double($0)))" } ?? "",
        ])
      case .skipped: table.addRow([number, answer.prompt, "-", "skipped"])
      case .notReached: table.addRow([number, answer.prompt, "-", "not asked"])
      }
    }
    var text = "Self-interview summary\n" + table.render() + "\n"
    text +=
      "Answered \(summary.answeredCount) of \(summary.answers.count) in "
      + "\(clockText(summary.answeredSeconds)); \(summary.overTimeCount) over time.\n"
    return text
  }

  /// Whole seconds as "m:ss" ("1:05", "12:00").
  static func clockText(_ seconds: Double) -> String {
    let whole = max(0, Int(seconds))
    let remainder = whole % 60
    return "\(whole / 60):" + (remainder < 10 ? "0" : "") + String(remainder)
  }
}
