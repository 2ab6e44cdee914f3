import Progress

/// The review day's self-assessment: a 1–5 rating per topic, saved for the current ISO week.
///
/// Each topic offers the learner's most recent earlier rating as the default, so a week with
/// little change takes a few Enters. Bad input gets one line saying what is expected and the
/// same question again. Nothing is saved until every topic has a rating, because saving
/// replaces the whole week.
public struct SkillAssessment {
  /// What the assessment produced.
  public struct Result: Sendable, Equatable {
    /// The ISO week the ratings belong to, like "2026-W48".
    public var week: String
    /// Topic to rating; empty when cancelled.
    public var ratings: [String: Int]
    /// Whether the ratings were saved (false when input ended first).
    public var saved: Bool
  }

  private let topics: [String]
  private let week: ISOWeek
  private let time: Double
  private let readLine: (String) -> String?
  private let write: (String) -> Void
  private let store: ProgressStore
  private let unicode: Bool

  /// Prepares an assessment of `topics` (from the lesson's `skills` block) for the ISO week
  /// containing `date`, saved with timestamp `time`.
  ///
  /// `readLine` shows its argument as a prompt and returns a line, or nil at end of input;
  /// `write` prints text as is; `unicode` picks the chart's glyphs.
  public init(
    topics: [String], date: CalendarDay, time: Double, readLine: @escaping (String) -> String?,
    write: @escaping (String) -> Void, store: ProgressStore, unicode: Bool = true
  ) {
    var seen: Set<String> = []
    self.topics = topics.filter { seen.insert($0).inserted }
    self.week = ISOWeek.of(date)
    self.time = time
    self.readLine = readLine
    self.write = write
    self.store = store
    self.unicode = unicode
  }

  /// Asks for every rating, saves them, and shows the chart of all weeks so far.
  public func run() throws -> Result {
    let weekText = week.description
    guard !topics.isEmpty else {
      write("This day has no skills to rate.\n")
      return Result(week: weekText, ratings: [:], saved: false)
    }
    let history = try store.skillHistory()
    write(
      "Skill check for \(weekText): rate each topic from 1 (can't explain it yet) to 5 "
        + "(could teach it).\n")
    let defaults = Self.latestRatings(in: history, upTo: weekText)
    if topics.contains(where: { defaults[$0] != nil }) {
      write("Press Enter to keep your last rating, shown in brackets.\n")
    }
    var ratings: [String: Int] = [:]
    for topic in topics {
      guard let rating = ask(topic, default: defaults[topic]) else {
        write("\nSkill check cancelled; nothing saved.\n")
        return Result(week: weekText, ratings: [:], saved: false)
      }
      ratings[topic] = rating
    }
    try store.saveSkillRatings(week: weekText, ratings: ratings, at: time)
    write("Saved your ratings for \(weekText).\n\n")
    write(SkillChart.render(try store.skillHistory(), topicOrder: topics, unicode: unicode))
    return Result(week: weekText, ratings: ratings, saved: true)
  }

  /// Asks for one topic's rating until the answer is valid; nil at end of input.
  private func ask(_ topic: String, default defaultRating: Int?) -> Int? {
    let prompt = topic + (defaultRating.map { " [\($0)]" } ?? "") + ": "
    while true {
      guard let line = readLine(prompt) else { return nil }
      let answer = ReviewText.trimmed(line)
      if answer.isEmpty, let defaultRating { return defaultRating }
      if let rating = Int(answer), (1...5).contains(rating) { return rating }
      write(
        "  Type a whole number from 1 to 5"
          + (defaultRating.map { ", or press Enter to keep \($0)" } ?? "") + ".\n")
    }
  }

  /// Each topic's most recent rating from weeks up to and including `week`.
  ///
  /// Usually last week's; this week's when the learner rates again the same week.
  static func latestRatings(in history: [SkillWeek], upTo week: String) -> [String: Int] {
    var latest: [String: Int] = [:]
    for entry in history.sorted(by: { $0.week < $1.week }) where entry.week <= week {
      latest.merge(entry.ratings) { _, newer in newer }
    }
    return latest
  }
}
