/// Builds judge input and output text.
enum JudgeText {
  /// The values on one line, separated by single spaces.
  static func line(_ values: [Int]) -> String {
    var text = ""
    text.reserveCapacity(values.count * 7)
    for (index, value) in values.enumerated() {
      if index > 0 { text += " " }
      text += String(value)
    }
    return text
  }

  /// The lines joined by newlines, with a final newline: a whole stdin.
  static func input(_ lines: [String]) -> String {
    lines.joined(separator: "\n") + "\n"
  }
}
