/// How many terminal columns text takes, and the text with its escape sequences removed.
enum DisplayWidth {
  /// The columns `text` takes on a terminal.
  ///
  /// Escape sequences take none, East Asian wide characters and emoji two, combining marks
  /// and other zero-width characters none.
  static func of(_ text: String) -> Int {
    stripEscapeSequences(from: text).reduce(0) { $0 + of($1) }
  }

  /// The columns one grapheme cluster takes.
  static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if isControl(first) { return 0 }
    if isWide(first) || first.properties.isEmojiPresentation
      || scalars.contains("\u{FE0F}")
    {
      return 2
    }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: return 1
    }
  }

  /// `text` without its escape sequences.
  ///
  /// Removes CSI sequences (`ESC [ … final`), OSC sequences (`ESC ] … BEL` or
  /// `ESC ] … ESC \`) and other two-character escapes.
  static func stripEscapeSequences(from text: String) -> String {
    guard text.unicodeScalars.contains("\u{1B}") else { return text }
    let scalars = Array(text.unicodeScalars)
    var visible = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      if scalars[index] == "\u{1B}" {
        index = endOfEscapeSequence(in: scalars, startingAt: index)
      } else {
        visible.append(scalars[index])
        index += 1
      }
    }
    return String(visible)
  }

  private static func endOfEscapeSequence(in scalars: [Unicode.Scalar], startingAt start: Int)
    -> Int
  {
    var index = start + 1
    guard index < scalars.count else { return index }
    switch scalars[index] {
    case "[":
      index += 1
      while index < scalars.count && !(0x40...0x7E).contains(scalars[index].value) {
        index += 1
      }
      return min(index + 1, scalars.count)
    case "]":
      index += 1
      while index < scalars.count {
        if scalars[index] == "\u{07}" { return index + 1 }
        if scalars[index] == "\u{1B}" && index + 1 < scalars.count && scalars[index + 1] == "\\" {
          return index + 2
        }
        index += 1
      }
      return index
    default:
      return index + 1
    }
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }

  /// The main East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, W and F).
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
    0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
    0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
    0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]

  private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x1100 && wideRanges.contains { $0.contains(scalar.value) }
  }
}
