import TerminalUI

/// One line of the results table: a goal, the tutor's figure and the reference's.
struct BenchmarkRow {
  /// What was measured, such as `20,000 piped commands (time)`.
  var name: String
  /// The tutor's figure, or why it could not be measured.
  var tutor: TutorResult
  /// The reference figure with the tool's name, such as `redis-cli 44.0 ms`.
  var reference: String
  /// tutor / reference, when both are numbers.
  var ratio: Double?
  /// The goal as shown, such as `<= 1.0` or `<= 60 ms`.
  var goal: String
  /// Notes printed under the table (warnings, checks that failed).
  var notes: [String] = []

  /// The tutor's side of a row.
  enum TutorResult {
    /// A figure and whether it meets the goal.
    case measured(String, met: Bool)
    /// The tutor could not be measured; the reason is printed under the table.
    case notMeasurable(String)
  }
}

/// Renders benchmark rows as an aligned plain-text table with notes underneath.
struct BenchmarkTable {
  /// The rows in the order they were measured.
  var rows: [BenchmarkRow] = []

  /// The table, header first, then one line per note.
  func render() -> String {
    var table = TextTable(
      headers: ["benchmark", "tutor", "reference", "ratio", "goal", "met"], headerStyle: .plain)
    for row in rows {
      let ratio = row.ratio.map(NumberFormatting.ratio) ?? "-"
      switch row.tutor {
      case .measured(let figure, let met):
        table.addRow([row.name, figure, row.reference, ratio, row.goal, met ? "yes" : "NO"])
      case .notMeasurable:
        table.addRow([row.name, "n/a", row.reference, "-", row.goal, "n/a"])
      }
    }
    var lines = [table.render()]
    for row in rows {
      if case .notMeasurable(let reason) = row.tutor {
        lines.append("\(row.name): tutor not measurable: \(reason)")
      }
      lines += row.notes.map { "\(row.name): \($0)" }
    }
    return lines.joined(separator: "\n")
  }
}
