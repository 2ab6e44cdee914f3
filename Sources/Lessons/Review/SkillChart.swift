import Progress
import TerminalUI

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

    let span =
      firstWeek.week == lastWeek.week ? firstWeek.week : "\(firstWeek.week) to \(lastWeek.week)"
    var table = TextTable(
      columns: [
        .init("topic", maximumWidth: maximumTopicWidth),
        // The weeks share one column so their three-column cells sit one space apart.
        .init(weeks.map { columnLabel($0.week) }.joined(separator: " ")),
        .init("now", alignment: .right), .init("change", alignment: .right),
      ],
      headerStyle: .plain, ellipsis: unicode ? "…" : "...")
    for row in rows {
      table.addRow([
        row.topic, row.ratings.map { cell($0, unicode: unicode) }.joined(separator: " "),
        String(row.latest), row.changeText,
      ])
    }
    var text = "Skills, \(span) (1 = can't explain it yet, 5 = could teach it)\n"
    text += table.render() + "\n"
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
    DisplayWidth.padded(String(week.suffix(3)), toWidth: 3, alignment: .left)
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
