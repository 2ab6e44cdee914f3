import TerminalUI

/// Renders Markdown prose for a terminal of a given width, with or without colour.
///
/// Paragraphs, headings and list items are wrapped to the width by display width; code
/// blocks keep their lines. Without colour the output holds no escape sequence at all, so
/// it suits `NO_COLOR` and output that is not a terminal. Every line ends in `"\n"`, blocks
/// are separated by one blank line, and no line ends in a space.
public struct TerminalMarkdown: Sendable {
  /// The widest a wrapped line may be, in columns.
  public let width: Int
  /// Whether the output uses escape sequences for bold, italic and colours.
  public let color: Bool

  /// The longest a thematic break is drawn, however wide the terminal.
  private static let maximumRuleWidth = 60
  /// How far code blocks are indented.
  private static let codeIndentation = "  "

  public init(width: Int, color: Bool) {
    self.width = max(1, width)
    self.color = color
  }

  /// Parses `markdown` as CommonMark and renders it.
  public func render(_ markdown: String) -> String {
    render(MarkdownDocument.parse(markdown))
  }

  /// Renders a parsed document, a single block, or a single inline node (as a paragraph).
  public func render(_ node: MarkdownNode) -> String {
    let lines: [String]
    switch node.kind {
    case .document:
      lines = renderBlocks(node.children, width: width, tight: false)
    case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .link, .image:
      lines = renderParagraph([node], width: width)
    default:
      lines = renderBlock(node, width: width)
    }
    var trimmed = lines[...]
    while trimmed.first?.isEmpty == true { trimmed.removeFirst() }
    while trimmed.last?.isEmpty == true { trimmed.removeLast() }
    return trimmed.map { $0 + "\n" }.joined()
  }

  // MARK: - Blocks

  /// The blocks' lines, separated by a blank line unless `tight` (as in a tight list item).
  private func renderBlocks(_ blocks: [MarkdownNode], width: Int, tight: Bool) -> [String] {
    var lines: [String] = []
    for block in blocks {
      let blockLines = renderBlock(block, width: width)
      guard !blockLines.isEmpty else { continue }
      if !lines.isEmpty && !tight { lines.append("") }
      lines += blockLines
    }
    return lines
  }

  private func renderBlock(_ block: MarkdownNode, width: Int) -> [String] {
    switch block.kind {
    case .document, .item:
      return renderBlocks(block.children, width: width, tight: false)
    case .paragraph:
      return renderParagraph(block.children, width: width)
    case .heading(let level):
      return renderHeading(block, level: level, width: width)
    case .blockQuote:
      return renderBlockQuote(block, width: width)
    case .list(let ordered, let start, let tight):
      return renderList(block, ordered: ordered, start: start, tight: tight, width: width)
    case .codeBlock(let info):
      let language = info.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
      if language.lowercased() == "facts" { return renderFacts(block.literal, width: width) }
      return renderCode(block.literal, isRedis: language.lowercased() == "redis")
    case .htmlBlock:
      return literalLines(block.literal)
    case .thematicBreak:
      let rule = String(
        repeating: color ? "─" : "-", count: min(width, TerminalMarkdown.maximumRuleWidth))
      return [color ? TextStyle.dim.apply(to: rule) : rule]
    case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .link, .image:
      return renderParagraph([block], width: width)
    case .other:
      if block.children.isEmpty { return literalLines(block.literal) }
      return renderBlocks(block.children, width: width, tight: false)
    }
  }

  private func renderParagraph(_ inlines: [MarkdownNode], width: Int) -> [String] {
    var collector = WordCollector()
    collectInlines(inlines, style: .plain, into: &collector)
    return wrap(collector.finish(), width: width)
  }

  private func wrap(_ atoms: [WrapAtom], width: Int) -> [String] {
    LineWrapper(width: width).wrap(atoms).map { StyledRun.render($0, color: color) }
  }

  /// A heading's wrapped lines, without its `{#id}`.
  ///
  /// Level 1 is bold and underlined, deeper levels bold; without colour, levels 1 and 2 are
  /// underlined with a line of `=` or `-`.
  private func renderHeading(_ heading: MarkdownNode, level: Int, width: Int) -> [String] {
    var collector = WordCollector()
    let style = level == 1 ? TextStyle.bold.adding(.underline) : .bold
    collectInlines(withoutHeadingID(heading).children, style: style, into: &collector)
    let lines = wrap(collector.finish(), width: width)
    guard !color, level <= 2, !lines.isEmpty else { return lines }
    let underlineWidth = lines.map(DisplayWidth.visibleWidth).max() ?? 0
    return lines + [String(repeating: level == 1 ? "=" : "-", count: underlineWidth)]
  }

  private func renderBlockQuote(_ quote: MarkdownNode, width: Int) -> [String] {
    let bar = color ? TextStyle.dim.apply(to: "│") : ">"
    return renderBlocks(quote.children, width: width - 2, tight: false).map {
      $0.isEmpty ? bar : bar + " " + $0
    }
  }

  /// Bullets or numbers from the list's start, each item's text in a hanging indent.
  private func renderList(
    _ list: MarkdownNode, ordered: Bool, start: Int, tight: Bool, width: Int
  ) -> [String] {
    let markers = list.children.indices.map { index in
      ordered ? "\(start + index)." : (color ? "•" : "-")
    }
    let markerWidth = (markers.map(DisplayWidth.visibleWidth).max() ?? 1) + 1
    var lines: [String] = []
    for (item, marker) in zip(list.children, markers) {
      if !lines.isEmpty && !tight { lines.append("") }
      let paddedMarker = marker + String(repeating: " ", count: markerWidth - marker.count)
      let itemLines = renderBlocks(item.children, width: width - markerWidth, tight: tight)
      lines += hangingIndent(itemLines, firstPrefix: paddedMarker)
    }
    return lines
  }

  /// `lines` with `firstPrefix` before the first and as many spaces before the rest.
  private func hangingIndent(_ lines: [String], firstPrefix: String) -> [String] {
    guard let first = lines.first else { return [trimmingTrailingSpaces(firstPrefix)] }
    let indentation = String(repeating: " ", count: DisplayWidth.visibleWidth(firstPrefix))
    return [trimmingTrailingSpaces(firstPrefix + first)]
      + lines.dropFirst().map { $0.isEmpty ? "" : indentation + $0 }
  }

  /// A "Remember:" heading and one bullet per non-empty line of a `facts` block.
  private func renderFacts(_ literal: String, width: Int) -> [String] {
    let facts = literal.split(separator: "\n").map(trimmingWhitespace).filter { !$0.isEmpty }
    guard !facts.isEmpty else { return [] }
    var lines = [color ? TextStyle.bold.apply(to: "Remember:") : "Remember:"]
    for fact in facts {
      var collector = WordCollector()
      collector.append(fact, style: .plain)
      let factLines = wrap(collector.finish(), width: width - 2)
      lines += hangingIndent(factLines, firstPrefix: color ? "• " : "- ")
    }
    return lines
  }

  /// The code's lines indented, never wrapped; `redis` lines coloured by `RedisSyntaxColor`.
  private func renderCode(_ literal: String, isRedis: Bool) -> [String] {
    literalLines(literal).map { line in
      guard !line.isEmpty else { return "" }
      let shown = color && isRedis ? RedisSyntaxColor.colorize(line) : line
      return TerminalMarkdown.codeIndentation + shown
    }
  }

  /// The literal's lines as written, without the final newline or trailing spaces.
  private func literalLines(_ literal: String) -> [String] {
    var lines = literal.split(separator: "\n", omittingEmptySubsequences: false).map {
      trimmingTrailingSpaces(String($0))
    }
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  // MARK: - Inlines

  private func collectInlines(
    _ nodes: [MarkdownNode], style: TextStyle, into collector: inout WordCollector
  ) {
    for node in nodes {
      collectInline(node, style: style, into: &collector)
    }
  }

  private func collectInline(
    _ node: MarkdownNode, style: TextStyle, into collector: inout WordCollector
  ) {
    switch node.kind {
    case .text, .htmlInline:
      collector.append(node.literal, style: style)
    case .softBreak:
      collector.append(" ", style: style)
    case .lineBreak:
      collector.breakLine()
    case .code:
      if color {
        collector.append(node.literal, style: style.adding(.colored(.cyan)))
      } else {
        collector.append("`" + node.literal + "`", style: style)
      }
    case .emphasis:
      collectInlines(node.children, style: style.adding(.italic), into: &collector)
    case .strong:
      collectInlines(node.children, style: style.adding(.bold), into: &collector)
    case .link(let url, _):
      collectInlines(node.children, style: style, into: &collector)
      let text = node.plainText
      if !url.isEmpty && text != url {
        if !text.isEmpty { collector.append(" (", style: style) }
        collector.append(url, style: style.adding(.underline))
        if !text.isEmpty { collector.append(")", style: style) }
      }
    case .image(let url, _):
      let alternative = node.plainText
      collector.append(alternative.isEmpty ? "[image]" : "[image: \(alternative)]", style: style)
      if !url.isEmpty {
        collector.append(" (", style: style)
        collector.append(url, style: style.adding(.underline))
        collector.append(")", style: style)
      }
    default:
      collectInlines(node.children, style: style, into: &collector)
    }
  }

  /// The heading without the `{#id}` that lesson files put at its end.
  private func withoutHeadingID(_ heading: MarkdownNode) -> MarkdownNode {
    var heading = heading
    guard let lastIndex = heading.children.indices.last else { return heading }
    var last = heading.children[lastIndex]
    guard last.kind == .text else { return heading }
    let text = trimmingTrailingSpaces(last.literal)
    guard text.hasSuffix("}"), let open = text.lastIndex(of: "{"),
      text[text.index(after: open)...].hasPrefix("#")
    else {
      return heading
    }
    last.literal = trimmingTrailingSpaces(String(text[..<open]))
    heading.children[lastIndex] = last
    return heading
  }

  private func trimmingTrailingSpaces(_ text: String) -> String {
    var text = Substring(text)
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return String(text)
  }

  private func trimmingWhitespace(_ text: Substring) -> String {
    var text = text.drop(while: \.isWhitespace)
    while text.last?.isWhitespace == true { text.removeLast() }
    return String(text)
  }
}
