/// How a run of terminal text looks: SGR attributes and an optional foreground colour.
public struct TextStyle: Hashable, Sendable {
  /// The eight-colour foreground palette, by SGR code.
  public enum Color: Int, Sendable {
    case green = 32
    case yellow = 33
    case blue = 34
    case magenta = 35
    case cyan = 36
  }

  public var bold = false
  public var dim = false
  public var italic = false
  public var underline = false
  public var reverse = false
  public var color: Color?

  /// No attributes: the terminal's default look.
  public static let plain = TextStyle()
  public static let bold = TextStyle(bold: true)
  public static let dim = TextStyle(dim: true)
  public static let italic = TextStyle(italic: true)
  public static let underline = TextStyle(underline: true)
  public static let reverse = TextStyle(reverse: true)

  /// A style that only sets the foreground colour.
  public static func colored(_ color: Color) -> TextStyle {
    TextStyle(color: color)
  }

  /// This style with `inner`'s attributes added; `inner`'s colour wins when it has one.
  public func adding(_ inner: TextStyle) -> TextStyle {
    TextStyle(
      bold: bold || inner.bold, dim: dim || inner.dim, italic: italic || inner.italic,
      underline: underline || inner.underline, reverse: reverse || inner.reverse,
      color: inner.color ?? color)
  }

  /// The escape sequence that switches the terminal to this style (empty for `plain`).
  public var escapeSequence: String {
    var parameters: [Int] = []
    if bold { parameters.append(1) }
    if dim { parameters.append(2) }
    if italic { parameters.append(3) }
    if underline { parameters.append(4) }
    if reverse { parameters.append(7) }
    if let color { parameters.append(color.rawValue) }
    guard !parameters.isEmpty else { return "" }
    return "\u{1B}[" + parameters.map(String.init).joined(separator: ";") + "m"
  }

  /// The escape sequence that returns the terminal to its default look.
  public static let resetSequence = "\u{1B}[0m"

  /// `text` wrapped in this style's escape sequence and a reset (unchanged for `plain`).
  public func apply(to text: String) -> String {
    self == .plain || text.isEmpty ? text : escapeSequence + text + TextStyle.resetSequence
  }
}

/// A piece of text drawn in one style.
public struct StyledRun: Equatable, Sendable {
  public var text: String
  public var style: TextStyle

  public init(_ text: String, _ style: TextStyle = .plain) {
    self.text = text
    self.style = style
  }

  /// The runs as terminal text: one escape sequence per change of style, reset at the end.
  ///
  /// Without colour the styles are ignored, so the result holds no escape sequence.
  public static func render(_ runs: [StyledRun], color: Bool) -> String {
    guard color else { return runs.map(\.text).joined() }
    var merged: [StyledRun] = []
    for run in runs where !run.text.isEmpty {
      if let last = merged.last, last.style == run.style {
        merged[merged.count - 1].text += run.text
      } else {
        merged.append(run)
      }
    }
    return merged.map { $0.style.apply(to: $0.text) }.joined()
  }
}
