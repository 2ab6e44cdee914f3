/// Horizontal bars for a few labelled values, scaled so the largest fills the width.
///
/// ```
/// none           █████████████████████ 50
/// single-flight  ▍ 1
/// lock           ▍ 1
/// xfetch         █▌ 3.5
/// ```
///
/// Unicode bars have eighth-of-a-column precision; ASCII bars are whole `#` columns. A value
/// above zero always shows at least a sliver, so a 1 beside a 5,000 is still visible.
public enum BarChart {
  /// The chart as lines joined by newlines, without a final newline.
  ///
  /// - Parameters:
  ///   - rows: The labelled values, drawn top to bottom; negative values draw no bar.
  ///   - width: The widest line in columns, labels and values included.
  ///   - valueLabel: The text printed after each bar.
  ///   - unicode: Block characters when true, `#` when false.
  public static func render(
    _ rows: [(label: String, value: Double)],
    width: Int = 60,
    valueLabel: (Double) -> String = NumberText.of,
    unicode: Bool = true
  ) -> String {
    let labelWidth = rows.map { DisplayWidth.visibleWidth($0.label) }.max() ?? 0
    let valueLabels = rows.map { valueLabel($0.value) }
    let valueWidth = valueLabels.map(DisplayWidth.visibleWidth).max() ?? 0
    let barWidth = max(1, width - labelWidth - 2 - 1 - valueWidth)
    let largest = rows.map { $0.value.isFinite ? $0.value : 0 }.max() ?? 0

    return rows.indices.map { index in
      let value = rows[index].value
      let share = largest > 0 && value.isFinite && value > 0 ? value / largest : 0
      let bar =
        unicode
        ? unicodeBar(share: share, width: barWidth) : asciiBar(share: share, width: barWidth)
      let label = DisplayWidth.padded(rows[index].label, toWidth: labelWidth, alignment: .left)
      return withoutTrailingSpaces(
        label + "  " + bar + (bar.isEmpty ? "" : " ") + valueLabels[index])
    }.joined(separator: "\n")
  }

  /// Partial blocks from one eighth to seven eighths of a column.
  private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  private static func unicodeBar(share: Double, width: Int) -> String {
    var units = Int((share * Double(width) * 8).rounded())
    if share > 0 && units == 0 { units = 1 }
    let partial = units % 8 == 0 ? "" : String(eighths[units % 8 - 1])
    return String(repeating: "█", count: units / 8) + partial
  }

  private static func asciiBar(share: Double, width: Int) -> String {
    var columns = Int((share * Double(width)).rounded())
    if share > 0 && columns == 0 { columns = 1 }
    return String(repeating: "#", count: columns)
  }
}
