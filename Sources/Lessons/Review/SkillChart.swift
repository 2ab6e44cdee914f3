import Progress

/// Draws the learner's weekly skill ratings as a small chart for the terminal.
///
/// One row per topic, one column per week (the latest eight weeks that have ratings), a level
/// glyph per rating, then the latest rating and its change since the chart's first week. The
/// topics rated lowest are named last, as what to study next. Output depends only on the input.
public enum SkillChart {
  /// How many weeks the chart shows by default.
  public static let defaultWeekCount = 8

  /// The chart as lines ending in "\n".
  ///
  /// `topicOrder` lists topics in the order to show them (the lesson's `skills` block); topics
  /// it does not name follow in alphabetical order. `unicode: false` draws levels as the digits
  /// 1–5 instead of block glyphs, for terminals without them.
  public static func render(
    _ history: [SkillWeek], topicOrder: [String] = [], weekCount: Int = defaultWeekCount,
    unicode: Bool = true
  ) -> String {
    let weeks = Array(history.sorted { $0.week < $1.week }.suffix(max(1, weekCount)))
    let rows = topics(in: weeks, order: topicOrder).map { topic in
      Row(topic: topic, ratings: weeks.map { $0.ratings[topic] })
    }
    guard let firstWeek = weeks.first, let lastWeek = weeks.last, !rows.isEmpty else {
      return "No skill ratings yet: rate yourself on the review day.\n"
    }

    let topicWidth = min(maximumTopicWidth, max("topic".count, rows.map(\.topic.count).max()!))
    let span =
      firstWeek.week == lastWeek.week ? firstWeek.week : "\(firstWeek.week) to \(lastWeek.week)"
    var text = "Skills, \(span) (1 = can't explain it yet, 5 = could teach it)\n"
    text += ReviewText.padded("topic", topicWidth)
    for week in weeks { text += " " + columnLabel(week.week) }
    text += "  now  change\n"
    for row in rows {
      text += ReviewText.padded(ReviewText.truncated(row.topic, to: topicWidth), topicWidth)
      for rating in row.ratings { text += " " + cell(rating, unicode: unicode) }
      text += "  " + ReviewText.rightAligned(String(row.latest), 3)
      text += "  " + ReviewText.rightAligned(row.changeText, 6) + "\n"
    }
    text += focusLine(rows)
    return text
  }

  /// Topics longer than this are cut, so the week columns stay on screen.
  static let maximumTopicWidth = 28

  /// One topic's ratings across the chart's weeks.
  private struct Row {
    let topic: String
    let ratings: [Int?]

    var latest: Int { ratings.last { $0 != nil }!! }
    var first: Int { ratings.first { $0 != nil }!! }
    var ratedWeeks: Int { ratings.filter { $0 != nil }.count }
    var change: Int { latest - first }

    var changeText: String {
      if ratedWeeks == 1 { return "new" }
      return change > 0 ? "+\(change)" : String(change)
    }
  }

  /// Topics rated in `weeks`: those in `order` first, in that order, then the rest by name.
  private static func topics(in weeks: [SkillWeek], order: [String]) -> [String] {
    let rated = Set(weeks.flatMap(\.ratings.keys))
    var seen: Set<String> = []
    let ordered = order.filter { rated.contains($0) && seen.insert($0).inserted }
    return ordered + rated.subtracting(ordered).sorted()
  }

  /// "W48" from "2026-W48": three columns, enough to tell weeks apart in an 8-week window.
  private static func columnLabel(_ week: String) -> String {
    ReviewText.padded(String(week.suffix(3)), 3)
  }

  /// A three-column cell with the rating's glyph in the middle.
  private static func cell(_ rating: Int?, unicode: Bool) -> String {
    guard let rating, (1...5).contains(rating) else { return unicode ? " · " : " . " }
    let glyphs: [Character] = unicode ? ["▁", "▂", "▄", "▆", "█"] : ["1", "2", "3", "4", "5"]
    return " \(glyphs[rating - 1]) "
  }

  /// Names up to three topics rated 3 or lower, weakest first (then the least improved).
  private static func focusLine(_ rows: [Row]) -> String {
    let weakest = rows.enumerated()
      .filter { $0.element.latest <= 3 }
      .sorted {
        ($0.element.latest, $0.element.change, $0.offset) < (
          $1.element.latest, $1.element.change, $1.offset
        )
      }
      .prefix(3)
      .map { "\($0.element.topic) (\($0.element.latest))" }
    guard !weakest.isEmpty else { return "focus next: nothing is rated below 4\n" }
    return "focus next: " + weakest.joined(separator: ", ") + "\n"
  }
}
