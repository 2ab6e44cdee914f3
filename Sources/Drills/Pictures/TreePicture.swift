/// Draws a binary tree stored in heap layout top-down in ASCII, with `/` and `\` between levels.
///
/// The children of index `i` are at `2i + 1` and `2i + 2`; a `nil` label is a missing node.
/// Every level gets twice the width of the one below, so a heap of 15 values of two digits
/// stays within 32 columns:
///
/// ```
///       1
///     /   \
///   3       2
///  / \     /
/// 7   4   5
/// ```
public enum TreePicture {
  /// The tree drawn one level per line, connectors between, trailing spaces trimmed.
  public static func render(_ labels: [String?]) -> String {
    guard let last = labels.lastIndex(where: { $0 != nil }) else { return "(empty)" }
    let count = last + 1
    var levels = 0
    while (1 << levels) - 1 < count { levels += 1 }
    let widest = labels.compactMap { $0?.count }.max() ?? 1
    // Leaf slots are even and at least 4 wide, so every centre and connector is a whole column.
    let slot = max(4, (widest + 2) / 2 * 2)
    let width = slot << (levels - 1) + widest
    var lines: [[Character]] = []
    for level in 0..<levels {
      let span = slot << (levels - 1 - level)
      var labelLine = [Character](repeating: " ", count: width)
      var connectorLine = [Character](repeating: " ", count: width)
      for position in 0..<(1 << level) {
        let index = (1 << level) - 1 + position
        guard index < count, let label = labels[index] else { continue }
        let center = position * span + span / 2
        let start = max(0, center - (label.count - 1) / 2)
        for (offset, character) in label.enumerated() where start + offset < width {
          labelLine[start + offset] = character
        }
        guard level > 0 else { continue }
        let parentCenter = (position / 2) * span * 2 + span
        connectorLine[(parentCenter + center) / 2] = position % 2 == 0 ? "/" : "\\"
      }
      if level > 0 { lines.append(connectorLine) }
      lines.append(labelLine)
    }
    return shiftedLeft(lines.map { String($0) })
  }

  /// The lines with trailing spaces trimmed and the indentation they all share removed.
  static func shiftedLeft(_ lines: [String]) -> String {
    let trimmed = lines.map { line in String(line.reversed().drop(while: { $0 == " " }).reversed())
    }
    let shared =
      trimmed.filter { !$0.isEmpty }.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
    return trimmed.map { String($0.dropFirst(min(shared, $0.count))) }.joined(separator: "\n")
  }
}
