import CLibEdit

/// How text occupies a terminal: escape sequences that take no columns, and display widths.
enum TerminalText {
  /// The byte libedit is told brackets prompt bytes that are printed but take no columns.
  static let literalMarker: UInt8 = 1

  private static let escape: UInt8 = 0x1B

  /// The prompt's bytes with every escape sequence bracketed by `literalMarker`.
  static func markingEscapeSequences(in prompt: String) -> [UInt8] {
    var marked: [UInt8] = []
    forEachPart(of: prompt) { part, isEscapeSequence in
      if isEscapeSequence { marked.append(literalMarker) }
      marked += part.filter { $0 != literalMarker }
      if isEscapeSequence { marked.append(literalMarker) }
    }
    return marked
  }

  /// The text without its escape sequences: what the terminal shows.
  static func visibleText(of text: String) -> String {
    var visible: [UInt8] = []
    forEachPart(of: text) { part, isEscapeSequence in
      if !isEscapeSequence { visible += part }
    }
    return String(decoding: visible, as: UTF8.self)
  }

  /// The number of columns `text` takes (escape sequences excluded).
  static func displayWidth(of text: String) -> Int {
    visibleText(of: text).unicodeScalars.reduce(0) { $0 + width(of: $1) }
  }

  /// The longest start of `text` that fits in `columns`, without control characters, and
  /// its width.
  static func prefix(of text: String, fittingIn columns: Int) -> (text: String, width: Int) {
    var kept = String.UnicodeScalarView()
    var used = 0
    for scalar in visibleText(of: text).unicodeScalars where !isControl(scalar) {
      let scalarWidth = width(of: scalar)
      if used + scalarWidth > columns { break }
      kept.append(scalar)
      used += scalarWidth
    }
    return (String(kept), used)
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }

  private static func width(of scalar: Unicode.Scalar) -> Int {
    max(0, Int(clibedit_character_width(scalar.value)))
  }

  /// Splits `text` into runs of plain bytes and whole escape sequences (CSI, OSC, or
  /// ESC plus one byte).
  private static func forEachPart(
    of text: String, _ body: (ArraySlice<UInt8>, _ isEscapeSequence: Bool) -> Void
  ) {
    let bytes = Array(text.utf8)
    var plainStart = 0
    var index = 0
    while index < bytes.count {
      guard bytes[index] == escape else {
        index += 1
        continue
      }
      if plainStart < index { body(bytes[plainStart..<index], false) }
      let end = endOfEscapeSequence(in: bytes, startingAt: index)
      body(bytes[index..<end], true)
      index = end
      plainStart = end
    }
    if plainStart < bytes.count { body(bytes[plainStart...], false) }
  }

  private static func endOfEscapeSequence(in bytes: [UInt8], startingAt start: Int) -> Int {
    var index = start + 1
    guard index < bytes.count else { return index }
    switch bytes[index] {
    case UInt8(ascii: "["):
      index += 1
      while index < bytes.count && !(0x40...0x7E).contains(bytes[index]) { index += 1 }
      return min(index + 1, bytes.count)
    case UInt8(ascii: "]"):
      index += 1
      while index < bytes.count {
        if bytes[index] == 0x07 { return index + 1 }
        if bytes[index] == escape && index + 1 < bytes.count && bytes[index + 1] == 0x5C {
          return index + 2
        }
        index += 1
      }
      return index
    default:
      return index + 1
    }
  }
}
