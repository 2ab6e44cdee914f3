/// Small text helpers for the review day's fixed-width tables.
///
/// Widths count characters, which matches terminal columns for the ASCII and block glyphs
/// these tables use.
enum ReviewText {
  /// `text` with spaces added on the right up to `width` characters.
  static func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  /// `text` with spaces added on the left up to `width` characters.
  static func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  /// `text` shortened to `width` characters, ending in "..." when cut.
  static func truncated(_ text: String, to width: Int) -> String {
    text.count <= width ? text : String(text.prefix(max(0, width - 3))) + "..."
  }

  /// `text` without leading and trailing blanks.
  static func trimmed(_ text: String) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isBlank($0) }),
      let last = text.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(text[first...last])
  }
}
