import CCmark

#if canImport(Glibc)
  import Glibc
#endif

/// A CommonMark document parsed by libcmark, copied into plain Swift values.
///
/// This is the only file that imports CCmark: the lesson parser and the terminal renderer
/// both work on this tree, so no cmark pointer outlives a call.
public struct MarkdownNode: Sendable, Equatable {
  /// What kind of node this is.
  public enum Kind: Sendable, Equatable {
    case document
    case blockQuote
    case list(ordered: Bool, start: Int, tight: Bool)
    case item
    case codeBlock(info: String)
    case htmlBlock
    case paragraph
    case heading(level: Int)
    case thematicBreak
    case text
    case softBreak
    case lineBreak
    case code
    case htmlInline
    case emphasis
    case strong
    case link(url: String, title: String)
    case image(url: String, title: String)
    case other
  }

  /// The node's kind and the attributes that go with it.
  public var kind: Kind
  /// The text of text, code, code-block and HTML nodes; empty for containers.
  public var literal: String
  /// The 1-based source line the node starts on (0 when cmark does not know).
  public var startLine: Int
  /// The 1-based source line the node ends on.
  public var endLine: Int
  /// The child nodes in document order.
  public var children: [MarkdownNode]

  public init(
    kind: Kind, literal: String = "", startLine: Int = 0, endLine: Int = 0,
    children: [MarkdownNode] = []
  ) {
    self.kind = kind
    self.literal = literal
    self.startLine = startLine
    self.endLine = endLine
    self.children = children
  }

  /// The concatenated text of this node and its descendants (code spans included).
  public var plainText: String {
    switch kind {
    case .text, .code, .htmlInline: return literal
    case .softBreak, .lineBreak: return " "
    default: return children.map(\.plainText).joined()
    }
  }
}

/// Parses CommonMark text into a `MarkdownNode` tree.
public enum MarkdownDocument {
  /// Parses `markdown`; line numbers in the result are counted from `firstLine`.
  ///
  /// libcmark accepts any input, so this cannot fail: malformed Markdown is still a document.
  public static func parse(_ markdown: String, firstLine: Int = 1) -> MarkdownNode {
    var bytes = Array(markdown.utf8)
    let root: OpaquePointer? = bytes.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
        cmark_parse_document($0, buffer.count, CMARK_OPT_SOURCEPOS | CMARK_OPT_NOBREAKS)
      }
    }
    guard let root else { return MarkdownNode(kind: .document) }
    defer { cmark_node_free(root) }
    return convert(root, lineOffset: firstLine - 1)
  }

  private static func convert(_ node: OpaquePointer, lineOffset: Int) -> MarkdownNode {
    var children: [MarkdownNode] = []
    var child = cmark_node_first_child(node)
    while let current = child {
      children.append(convert(current, lineOffset: lineOffset))
      child = cmark_node_next(current)
    }
    let start = Int(cmark_node_get_start_line(node))
    let end = Int(cmark_node_get_end_line(node))
    return MarkdownNode(
      kind: kind(of: node), literal: string(cmark_node_get_literal(node)),
      startLine: start == 0 ? 0 : start + lineOffset, endLine: end == 0 ? 0 : end + lineOffset,
      children: children)
  }

  private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
    switch cmark_node_get_type(node) {
    case CMARK_NODE_DOCUMENT: return .document
    case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
    case CMARK_NODE_LIST:
      return .list(
        ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
        start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
    case CMARK_NODE_ITEM: return .item
    case CMARK_NODE_CODE_BLOCK: return .codeBlock(info: string(cmark_node_get_fence_info(node)))
    case CMARK_NODE_HTML_BLOCK: return .htmlBlock
    case CMARK_NODE_PARAGRAPH: return .paragraph
    case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
    case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
    case CMARK_NODE_TEXT: return .text
    case CMARK_NODE_SOFTBREAK: return .softBreak
    case CMARK_NODE_LINEBREAK: return .lineBreak
    case CMARK_NODE_CODE: return .code
    case CMARK_NODE_HTML_INLINE: return .htmlInline
    case CMARK_NODE_EMPH: return .emphasis
    case CMARK_NODE_STRONG: return .strong
    case CMARK_NODE_LINK:
      return .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
    case CMARK_NODE_IMAGE:
      return .image(
        url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
    default: return .other
    }
  }

  /// Copies a string owned by the cmark tree (nil becomes empty).
  private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
