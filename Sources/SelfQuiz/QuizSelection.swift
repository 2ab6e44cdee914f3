import Quiz

/// Which cards a quiz session asks: `redis-tutor quiz [--day N] [--new] [--all] [--limit N]`.
public struct QuizSelection: Sendable, Equatable {
  /// Only cards of this lesson day.
  public var day: Int?
  /// Only new cards (still within the daily cap).
  public var newOnly: Bool
  /// Every card in scope, due or not, without the cap: practice ahead.
  public var all: Bool
  /// At most this many cards.
  public var limit: Int?

  public init(day: Int? = nil, newOnly: Bool = false, all: Bool = false, limit: Int? = nil) {
    self.day = day
    self.newOnly = newOnly
    self.all = all
    self.limit = limit
  }

  /// The selection as one word, to hand from the `quiz` command to the shell: `day=3,new,limit=5`.
  public var encoded: String {
    var parts: [String] = []
    if let day { parts.append("day=\(day)") }
    if newOnly { parts.append("new") }
    if all { parts.append("all") }
    if let limit { parts.append("limit=\(limit)") }
    return parts.isEmpty ? "today" : parts.joined(separator: ",")
  }

  /// Reads `encoded` back; nil for a word it does not know.
  public init?(encoded: String) {
    self.init()
    guard encoded != "today" else { return }
    for part in encoded.split(separator: ",") {
      let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
      switch (pair.first, pair.count == 2 ? Int(pair[1]) : nil) {
      case ("day", let value?): day = value
      case ("limit", let value?): limit = value
      case ("new", nil) where pair.count == 1: newOnly = true
      case ("all", nil) where pair.count == 1: all = true
      default: return nil
      }
    }
  }

  /// What the session is, in words, such as "today's queue" or "day 3, new cards".
  public var summary: String {
    var words: [String] = []
    if let day { words.append("day \(day)") }
    if all {
      words.append("every card")
    } else if newOnly {
      words.append("new cards")
    }
    if words.isEmpty { words.append("today's queue") }
    if let limit { words.append("at most \(limit)") }
    return words.joined(separator: ", ")
  }
}

/// The learner's quiz settings, kept in the progress database.
public struct QuizSettings: Sendable, Equatable {
  /// Which scheduler decides when cards come back.
  public enum Scheduler: String, Sendable, CaseIterable {
    case fsrs
    case sm2
  }

  /// The recall probability FSRS aims for at each review (0.7–0.99).
  public var desiredRetention: Double
  /// New cards introduced per day.
  public var newPerDay: Int
  /// FSRS (default) or SM-2, for comparison.
  public var scheduler: Scheduler
  /// FSRS weights w0…w20; the published FSRS-6 defaults unless optimised ones were saved.
  public var weights: [Double]
  /// Why the saved weights were set aside for the defaults, as one line for the learner;
  /// nil when they were used or none were saved.
  public var weightsProblem: String?

  public init(
    desiredRetention: Double = 0.9, newPerDay: Int = 10, scheduler: Scheduler = .fsrs,
    weights: [Double] = FSRSParameters.fsrs6DefaultWeights
  ) {
    self.desiredRetention = desiredRetention
    self.newPerDay = newPerDay
    self.scheduler = scheduler
    self.weights = weights
  }

  /// The setting names in the progress database.
  public enum Key {
    public static let retention = "quiz.retention"
    public static let newPerDay = "quiz.new-per-day"
    public static let scheduler = "quiz.scheduler"
    public static let weights = "quiz.weights"
  }

  /// Reads the settings through `setting`, keeping the default for anything missing or bad.
  public init(setting: (String) -> String?) {
    self.init()
    if let value = setting(Key.retention).flatMap(Double.init), (0.7...0.99).contains(value) {
      desiredRetention = value
    }
    if let value = setting(Key.newPerDay).flatMap(Int.init), value >= 0 { newPerDay = value }
    if let value = setting(Key.scheduler).flatMap(Scheduler.init(rawValue:)) { scheduler = value }
    if let text = setting(Key.weights) {
      switch Self.weights(from: text) {
      case .success(let values): weights = values
      case .failure(let problem):
        weightsProblem =
          "The saved FSRS weights (\(Key.weights)) are unusable: \(problem.message); "
          + "the quiz uses the FSRS-6 defaults instead."
      }
    }
  }

  /// Why saved weights cannot be used.
  private struct WeightsProblem: Error { var message: String }

  /// The comma-separated weights in `text`, if all 21 are numbers within py-fsrs's bounds.
  private static func weights(from text: String) -> Result<[Double], WeightsProblem> {
    var values: [Double] = []
    for field in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = field.filter { $0 != " " }
      guard let value = Double(trimmed) else {
        return .failure(WeightsProblem(message: "\"\(trimmed)\" is not a number"))
      }
      values.append(value)
    }
    if let problem = FSRSParameters.problem(weights: values) {
      return .failure(WeightsProblem(message: problem))
    }
    return .success(values)
  }

  /// The FSRS parameters these settings give: py-fsrs's learning steps and fuzzing on.
  public var parameters: FSRSParameters {
    FSRSParameters(weights: weights, desiredRetention: desiredRetention, enableFuzzing: true)
  }
}
