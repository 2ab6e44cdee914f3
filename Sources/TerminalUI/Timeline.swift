/// Lanes of one-column cells per tick, under a ruler numbered every 10 ticks; wraps into
/// chunks when the ticks do not fit the width.
///
/// ```
/// tick          0         10        20
/// fixed window  ██████████··········█████
/// token bucket  █████·····█████·····█████
/// ```
///
/// Made for the rate limiters (one lane per algorithm, allowed or denied per tick) but any
/// single-column characters will do. Ticks are numbered from 0.
public enum Timeline {
  /// The cell for an allowed request: `█`, or `#` in ASCII.
  public static func allowedCell(unicode: Bool) -> Character { unicode ? "█" : "#" }

  /// The cell for a denied request: `·`, or `.` in ASCII.
  public static func deniedCell(unicode: Bool) -> Character { unicode ? "·" : "." }

  /// The timeline as lines joined by newlines, without a final newline; chunks are
  /// separated by an empty line.
  ///
  /// - Parameters:
  ///   - lanes: Labelled rows of cells, one cell per tick, each one column wide.
  ///   - tickLabel: The ruler's label, such as `tick` or `second`.
  ///   - width: The widest line in columns; at least 10 ticks go on a line.
  public static func render(
    lanes: [(label: String, cells: [Character])],
    tickLabel: String = "tick",
    width: Int = 80
  ) -> String {
    let gutter = lanes.reduce(DisplayWidth.visibleWidth(tickLabel)) {
      max($0, DisplayWidth.visibleWidth($1.label))
    }
    let ticksPerChunk = max(10, (width - gutter - 2) / 10 * 10)
    let tickCount = lanes.map(\.cells.count).max() ?? 0

    var chunks: [[String]] = []
    for start in stride(from: 0, to: max(tickCount, 1), by: ticksPerChunk) {
      let end = min(start + ticksPerChunk, max(tickCount, 1))
      var lines = [row(tickLabel, ruler(from: start, to: end), gutter: gutter)]
      for lane in lanes {
        let cells = lane.cells.count > start ? lane.cells[start..<min(end, lane.cells.count)] : []
        lines.append(row(lane.label, String(cells), gutter: gutter))
      }
      chunks.append(lines)
    }
    return chunks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
  }

  private static func row(_ label: String, _ body: String, gutter: Int) -> String {
    withoutTrailingSpaces(
      DisplayWidth.padded(label, toWidth: gutter, alignment: .left) + "  " + body)
  }

  /// Tick numbers at each multiple of 10 from `start` (itself a multiple of 10) to `end`.
  private static func ruler(from start: Int, to end: Int) -> String {
    var ruler = ""
    for tick in stride(from: start, to: end, by: 10) {
      // A number too long for its 10 columns leaves out the next rather than misplace it.
      guard ruler.isEmpty || ruler.count < tick - start else { continue }
      ruler += String(repeating: " ", count: tick - start - ruler.count) + String(tick)
    }
    return ruler
  }
}
