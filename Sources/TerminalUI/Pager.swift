/// Shows text longer than the screen one page at a time, like `more`.
///
/// Reading keys and writing output are closures, so a test can script the keys and see
/// exactly what was written.
public struct Pager: Sendable {
  /// The screen's rows; one of them is kept for the prompt.
  public let height: Int
  /// The screen's columns, used to count the rows a long line wraps onto.
  public let width: Int
  /// Whether the prompt is drawn in reverse video and erased with an escape sequence.
  public let color: Bool

  /// The line shown while more text waits.
  public static let promptText = "-- more (space: next page, enter: next line, q: stop) --"

  public init(height: Int, width: Int, color: Bool) {
    self.height = height
    self.width = max(1, width)
    self.color = color
  }

  /// Writes `text`, pausing after each screenful until a key says how to go on.
  ///
  /// Space or `f` shows the next page, enter or `j` one more line; `q`, `Q`, escape,
  /// Ctrl-C or the end of input (`nil`) stop. Other keys are ignored. The prompt is erased
  /// before anything else is written, and after stopping, so the cursor is left at the
  /// start of an empty line.
  ///
  /// `shownRows` is how many rows were written since the learner last pressed a key, so
  /// that text printed in parts (a day's plan, then its first step) pauses before its
  /// first part scrolls away. Returns that count after `text`, for the next part.
  @discardableResult
  public func page(
    _ text: String, shownRows: Int = 0, write: (String) -> Void, readKey: () -> UInt8?
  ) -> Int {
    let lines = Pager.lines(of: text)
    let pageRows = height - 1
    guard pageRows >= 1, shownRows + rows(of: lines) > pageRows else {
      if !text.isEmpty { write(text) }
      return shownRows + rows(of: lines)
    }
    var next = 0
    var rowsSinceKey = shownRows
    if shownRows < pageRows {
      next = writeRows(pageRows - shownRows, of: lines, from: 0, write: write)
      rowsSinceKey += rows(of: lines[0..<next])
    }
    while next < lines.count {
      write(prompt)
      let rowsToShow = rowsAsked(by: readKey, pageRows: pageRows)
      write(erasePrompt)
      guard let rowsToShow else { return 0 }
      let start = next
      next = writeRows(rowsToShow, of: lines, from: start, write: write)
      rowsSinceKey = rows(of: lines[start..<next])
    }
    return rowsSinceKey
  }

  /// Reads keys until one says how many rows to show next; nil means stop.
  private func rowsAsked(by readKey: () -> UInt8?, pageRows: Int) -> Int? {
    while true {
      switch readKey() {
      case UInt8(ascii: " "), UInt8(ascii: "f"): return pageRows
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "j"): return 1
      case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x1B, 0x03, nil: return nil
      default: continue
      }
    }
  }

  /// The prompt, cut to fit on one row so that erasing one row removes all of it.
  private var promptLine: String {
    String(Pager.promptText.prefix(max(1, width - 1)))
  }

  private var prompt: String {
    color ? TextStyle.reverse.apply(to: promptLine) : promptLine
  }

  private var erasePrompt: String {
    if color { return "\r\u{1B}[K" }
    return "\r" + String(repeating: " ", count: promptLine.count) + "\r"
  }

  /// Writes the lines from `start` that fit in `rowCount` rows; returns the next line's index.
  ///
  /// At least one line is written, however many rows it takes.
  private func writeRows(
    _ rowCount: Int, of lines: [Line], from start: Int, write: (String) -> Void
  ) -> Int {
    var end = start
    var used = 0
    while end < lines.count {
      let lineRows = rows(of: lines[end])
      if end > start && used + lineRows > rowCount { break }
      used += lineRows
      end += 1
    }
    write(lines[start..<end].map { $0.text + ($0.endsWithNewline ? "\n" : "") }.joined())
    return end
  }

  /// One line of the text and whether a newline followed it.
  private struct Line {
    var text: String
    var endsWithNewline: Bool
  }

  private static func lines(of text: String) -> [Line] {
    var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let lastIsOpen = !(parts.last?.isEmpty ?? true)
    if !lastIsOpen { parts.removeLast() }
    return parts.enumerated().map { index, part in
      Line(text: part, endsWithNewline: index < parts.count - 1 || !lastIsOpen)
    }
  }

  /// The screen rows a line takes once the terminal wraps it.
  private func rows(of line: Line) -> Int {
    max(1, (DisplayWidth.visibleWidth(line.text) + width - 1) / width)
  }

  private func rows(of lines: some Sequence<Line>) -> Int {
    lines.reduce(0) { $0 + rows(of: $1) }
  }
}
