/// How many terminal columns text takes, escape sequences skipped.
///
/// Tables, charts, wrapped prose and prompts must line up whatever they hold:
/// ANSI colour codes take no columns, East Asian wide characters and emoji take two.
public enum DisplayWidth {
  /// The columns `text` takes on a terminal.
  public static func visibleWidth(_ text: String) -> Int {
    withoutEscapeSequences(text).reduce(0) { $0 + visibleWidth(of: $1) }
  }

  /// The columns one grapheme cluster takes: 0, 1 or 2.
  public static func visibleWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
    if isWide(first) || first.properties.isEmojiPresentation || scalars.contains("\u{FE0F}") {
      return 2
    }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: return 1
    }
  }

  /// `text` without its escape sequences (CSI such as colours, OSC such as links, and
  /// two-character escapes).
  public static func withoutEscapeSequences(_ text: String) -> String {
    guard text.unicodeScalars.contains("\u{1B}") else { return text }
    var visible = String.UnicodeScalarView()
    for piece in pieces(of: text) where !piece.isEscape {
      visible.append(contentsOf: piece.scalars)
    }
    return String(visible)
  }

  /// `text` padded with spaces to `width` columns, on the right for `.left` alignment and
  /// on the left for `.right`; text already that wide or wider is returned unchanged.
  public static func padded(_ text: String, toWidth width: Int, alignment: TextAlignment)
    -> String
  {
    let padding = String(repeating: " ", count: max(0, width - visibleWidth(text)))
    switch alignment {
    case .left: return text + padding
    case .right: return padding + text
    }
  }

  /// `text` cut to at most `width` columns, escape sequences kept, with `…` (or `ellipsis`)
  /// as its last column when something was cut.
  public static func truncated(_ text: String, toWidth width: Int, ellipsis: String = "…")
    -> String
  {
    guard visibleWidth(text) > width else { return text }
    // Too narrow for the ellipsis itself: cut without one.
    let ellipsis = visibleWidth(ellipsis) <= width ? ellipsis : ""
    let budget = width - visibleWidth(ellipsis)
    var used = 0
    var kept = String.UnicodeScalarView()
    var cutting = false
    for piece in pieces(of: text) {
      if piece.isEscape {
        kept.append(contentsOf: piece.scalars)
        continue
      }
      guard !cutting else { continue }
      for character in String(String.UnicodeScalarView(piece.scalars)) {
        let columns = visibleWidth(of: character)
        if used + columns > budget {
          cutting = true
          break
        }
        used += columns
        kept.append(contentsOf: character.unicodeScalars)
      }
    }
    // Escape sequences after the cut are kept so a colour reset still applies.
    return String(kept) + ellipsis
  }

  private struct Piece {
    var scalars: [Unicode.Scalar]
    var isEscape: Bool
  }

  /// `text` split into runs of visible scalars and whole escape sequences.
  private static func pieces(of text: String) -> [Piece] {
    let scalars = Array(text.unicodeScalars)
    var result: [Piece] = []
    var visibleStart = 0
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "\u{1B}" else {
        index += 1
        continue
      }
      if visibleStart < index {
        result.append(Piece(scalars: Array(scalars[visibleStart..<index]), isEscape: false))
      }
      let end = endOfEscapeSequence(in: scalars, startingAt: index)
      result.append(Piece(scalars: Array(scalars[index..<end]), isEscape: true))
      index = end
      visibleStart = end
    }
    if visibleStart < scalars.count {
      result.append(Piece(scalars: Array(scalars[visibleStart...]), isEscape: false))
    }
    return result
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

/// Which side of its column a cell's text sits on.
public enum TextAlignment: Sendable, Equatable {
  case left
  case right
}
