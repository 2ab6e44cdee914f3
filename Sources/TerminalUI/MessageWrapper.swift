/// Fits plain messages (notes, check failures, status lines) to a terminal's width.
///
/// Each line is wrapped on its own, at spaces. A continuation hangs under the line's text:
/// under what follows a leading marker such as `✗ ` or `- `, or under the value of a
/// `label   value` line, so lists and aligned columns stay readable once wrapped. Escape
/// sequences take no columns. A line that already fits is returned exactly as it was.
public struct MessageWrapper: Sendable {
  /// The widest a line may be, in columns (at least 1).
  public let width: Int

  public init(width: Int) {
    self.width = max(1, width)
  }

  /// `text` with every line too wide for `width` broken at spaces.
  public func wrap(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { wrapLine(String($0)) }
      .joined(separator: "\n")
  }

  /// One line broken into as many as it needs, joined by newlines.
  public func wrapLine(_ line: String) -> String {
    guard DisplayWidth.visibleWidth(line) > width else { return line }
    let head = Self.hangingPrefix(of: line)
    let hang = DisplayWidth.visibleWidth(head)
    let body = String(line.dropFirst(head.count))
    let words = body.split(separator: " ").map(String.init)
    let longestWord = words.map(DisplayWidth.visibleWidth).max() ?? 0
    if width - hang >= max(10, width / 2) && longestWord <= width - hang {
      let indent = String(repeating: " ", count: hang)
      return rows(of: body, width: width - hang).enumerated()
        .map { index, row in (index == 0 ? head : indent) + row }
        .joined(separator: "\n")
    }
    // A hang here would make a tall thin column, or cut a long word (a URL) that fits the
    // whole width: the first row keeps its head, the others start at the left edge.
    var used = hang
    var firstRowWords = 0
    for word in words {
      let needed = used + (firstRowWords == 0 ? 0 : 1) + DisplayWidth.visibleWidth(word)
      guard needed <= width else { break }
      used = needed
      firstRowWords += 1
    }
    let firstRow = head + words.prefix(firstRowWords).joined(separator: " ")
    let trimmed = String(firstRow.reversed().drop { $0 == " " }.reversed())
    let rest = words.dropFirst(firstRowWords).joined(separator: " ")
    return ((trimmed.isEmpty ? [] : [trimmed]) + rows(of: rest, width: width))
      .joined(separator: "\n")
  }

  /// `text` filled into rows no wider than `width`; a word wider than that is cut.
  private func rows(of text: String, width: Int) -> [String] {
    var words = WordCollector()
    words.append(text, style: .plain)
    return LineWrapper(width: width).wrap(words.finish()).map { StyledRun.render($0, color: false) }
  }

  /// The start of `line` that continuations hang under: a leading colour escape and
  /// spaces, then a one-character
  /// marker and its space (`✗ `), or a label and the run of two or more spaces after it.
  static func hangingPrefix(of line: String) -> String {
    let characters = Array(line)
    var index = 0
    // A colour set for the whole line (a check failure in yellow) belongs to the prefix.
    while index < characters.count && characters[index] == "\u{1B}" {
      while index < characters.count && !characters[index].isLetter { index += 1 }
      index += 1
    }
    while index < characters.count && characters[index] == " " { index += 1 }
    let leading = index
    if index + 1 < characters.count, characters[index + 1] == " ",
      !characters[index].isLetter, !characters[index].isNumber, characters[index] != "\u{1B}"
    {
      index += 2
      while index < characters.count && characters[index] == " " { index += 1 }
      return String(characters[..<index])
    }
    var end = index
    while end < characters.count && characters[end] != " " { end += 1 }
    var spaces = end
    while spaces < characters.count && characters[spaces] == " " { spaces += 1 }
    if spaces - end >= 2 && spaces < characters.count {
      return String(characters[..<spaces])
    }
    return String(characters[..<leading])
  }
}
