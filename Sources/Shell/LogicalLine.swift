import RedisCLIFormat

/// A typed line together with the lines that continue its open quote, joined as the shell
/// sends them (with a newline), so what the line means and whether it holds a secret are
/// decided on all of it.
public struct LogicalLine {
  /// The typed lines joined by newlines.
  public private(set) var text: [UInt8]
  /// What `text` means.
  public private(set) var parsed: ParsedLine

  public init(_ first: [UInt8]) {
    text = first
    parsed = CommandLineParser.parse(first)
  }

  /// Whether the line ends inside an open quote, so the next typed line continues it.
  public var isOpen: Bool { parsed == .unterminatedQuote }

  /// Adds the next typed line.
  public mutating func append(_ more: [UInt8]) {
    text += [0x0A] + more
    parsed = CommandLineParser.parse(text)
  }
}
