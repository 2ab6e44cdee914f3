/// A line chart drawn with text: one or more series over the same x span, a labelled y axis,
/// an x axis with its first and last tick, and a legend.
///
/// ```
/// 1.00 ┤          ●●●●●●●●
/// 0.75 ┤        ●●
/// 0.50 ┤     ●●●
/// 0.25 ┤○○●●●○○○○○○○○○○○○○
/// 0.00 ┤●●
///      └──────────────────
///       1               20
///             second
///       ● cache  ○ no cache
/// ```
///
/// Each series is resampled to the plot's columns (averaged when longer, interpolated when
/// shorter), so series of different lengths span the same width. Where two series meet in
/// one cell the earlier series is drawn. NaN values are gaps.
public enum LineChart {
  /// The glyphs that tell series apart, in order; they repeat after the last.
  public static func glyphs(unicode: Bool) -> [Character] {
    unicode ? ["●", "○", "◆", "◇", "■", "□", "▲", "△"] : ["*", "o", "+", "x", "#", "@", "%", "&"]
  }

  /// The chart as lines joined by newlines, without a final newline.
  ///
  /// - Parameters:
  ///   - series: Named value sequences, drawn over the same x span.
  ///   - width: The widest line in columns, y labels included (the legend may be wider).
  ///   - height: The plot's rows, at least 2.
  ///   - yRange: The values at the bottom and top rows; nil fits the data. Values outside
  ///     it are drawn on the nearest edge.
  ///   - yLabel: The text of a y axis label for a value.
  ///   - xLabel: A caption centred under the x axis, or empty for none.
  ///   - xTickLabels: The labels under the first and last columns; nil numbers the samples
  ///     `1` to the longest series' count.
  ///   - unicode: Box-drawing and round glyphs when true, plain ASCII when false.
  public static func render(
    series: [(name: String, values: [Double])],
    width: Int = 60,
    height: Int = 10,
    yRange: ClosedRange<Double>? = nil,
    yLabel: (Double) -> String = { FixedDecimals.of($0, decimals: 2) },
    xLabel: String = "",
    xTickLabels: (first: String, last: String)? = nil,
    unicode: Bool = true
  ) -> String {
    let height = max(2, height)
    let range = yRange ?? fittedRange(series.flatMap(\.values))
    let span = range.upperBound - range.lowerBound
    func valueAt(row: Int) -> Double {
      range.upperBound - span * Double(row) / Double(height - 1)
    }

    let labelledRows = Set((0...4).map { Int((Double($0 * (height - 1)) / 4).rounded()) })
    let labels = (0..<height).map { labelledRows.contains($0) ? yLabel(valueAt(row: $0)) : "" }
    let gutter = labels.map(DisplayWidth.visibleWidth).max() ?? 0
    let plotWidth = max(2, width - gutter - 2)

    var grid = Array(repeating: Array(repeating: Character(" "), count: plotWidth), count: height)
    let seriesGlyphs = glyphs(unicode: unicode)
    for (index, entry) in series.enumerated().reversed() {
      let glyph = seriesGlyphs[index % seriesGlyphs.count]
      for (column, value) in resampled(entry.values, toCount: plotWidth).enumerated()
      where !value.isNaN {
        let ratio = span > 0 ? (value - range.lowerBound) / span : 0
        let level = Int((min(1, max(0, ratio)) * Double(height - 1)).rounded())
        grid[height - 1 - level][column] = glyph
      }
    }

    var lines: [String] = []
    let indent = String(repeating: " ", count: gutter + 2)
    for row in 0..<height {
      let axis = labels[row].isEmpty ? (unicode ? "│" : "|") : (unicode ? "┤" : "+")
      lines.append(
        DisplayWidth.padded(labels[row], toWidth: gutter, alignment: .right) + " " + axis
          + String(grid[row]))
    }
    lines.append(
      String(repeating: " ", count: gutter + 1) + (unicode ? "└" : "+")
        + String(repeating: unicode ? "─" : "-", count: plotWidth))

    let sampleCount = series.map(\.values.count).max() ?? 0
    let ticks =
      xTickLabels ?? (
        first: sampleCount > 0 ? "1" : "", last: sampleCount > 1 ? "\(sampleCount)" : ""
      )
    let tickText = tickLine(first: ticks.first, last: ticks.last, width: plotWidth)
    if !tickText.isEmpty { lines.append(indent + tickText) }
    if !xLabel.isEmpty {
      let margin = max(0, (plotWidth - DisplayWidth.visibleWidth(xLabel)) / 2)
      lines.append(indent + String(repeating: " ", count: margin) + xLabel)
    }
    if series.contains(where: { !$0.name.isEmpty }) {
      let entries = series.enumerated().map {
        "\(seriesGlyphs[$0 % seriesGlyphs.count]) \($1.name)"
      }
      lines.append(indent + entries.joined(separator: "  "))
    }
    return lines.map(withoutTrailingSpaces).joined(separator: "\n")
  }

  /// `values` stretched or squeezed to `count` samples: bucket means when there are more,
  /// linear interpolation when fewer, one value repeated when there is only one.
  static func resampled(_ values: [Double], toCount count: Int) -> [Double] {
    guard !values.isEmpty, count > 0 else { return [] }
    if values.count == count { return values }
    if values.count == 1 { return Array(repeating: values[0], count: count) }
    if values.count > count {
      return (0..<count).map { column in
        let bucket = values[(column * values.count / count)..<((column + 1) * values.count / count)]
        let numbers = bucket.filter { !$0.isNaN }
        return numbers.isEmpty ? .nan : numbers.reduce(0, +) / Double(numbers.count)
      }
    }
    return (0..<count).map { column in
      let position = Double(column * (values.count - 1)) / Double(count - 1)
      let lower = Int(position.rounded(.down))
      let fraction = position - Double(lower)
      guard fraction > 0, lower + 1 < values.count else { return values[lower] }
      let (from, to) = (values[lower], values[lower + 1])
      if from.isNaN || to.isNaN { return values[Int(position.rounded())] }
      return from + (to - from) * fraction
    }
  }

  /// The data's smallest to largest value; a span of 2 around a single value (0 to 1 for 0).
  private static func fittedRange(_ values: [Double]) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return 0...1 }
    if low < high { return low...high }
    return low == 0 ? 0...1 : (low - 1)...(low + 1)
  }

  /// `first` under the first column and `last` ending under the last, when both fit.
  private static func tickLine(first: String, last: String, width: Int) -> String {
    let firstWidth = DisplayWidth.visibleWidth(first)
    let lastWidth = DisplayWidth.visibleWidth(last)
    guard !last.isEmpty, firstWidth + 1 + lastWidth <= width else { return first }
    return first + String(repeating: " ", count: width - firstWidth - lastWidth) + last
  }
}
