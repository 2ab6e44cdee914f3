import RedisCLIFormat
import RedisClient

/// Reads redis-cli's terminal text for a reply back into a `Reply`.
///
/// The inverse of `ReplyFormatter.format(_:mode: .terminal)`: `(integer) 29`, `"hello"`
/// (escapes undone), `(nil)`, `(error) ERR …`, `(empty array)`, bare status text, and
/// numbered arrays whose nested elements are indented by the width of their number plus
/// two. A null array and a null bulk string print alike, so both come back as `.null`.
public enum TerminalReplyParser {
  /// The reply `text` shows, or nil when it is not terminal-format text (for example the raw
  /// text redis-cli prints for INFO).
  public static func parse(_ text: String) -> Reply? {
    var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map(Array.init)
    guard lines.last == [] else { return nil }
    lines.removeLast()
    guard !lines.isEmpty else { return nil }
    var cursor = LineCursor(lines: lines)
    guard let reply = cursor.value(startingWith: lines[0], indent: 0), cursor.isAtEnd else {
      return nil
    }
    return reply
  }

  /// Walks the lines of one reply; `next` is the index of the first line not yet read.
  private struct LineCursor {
    let lines: [[UInt8]]
    var next = 1

    var isAtEnd: Bool { next == lines.count }

    /// The value whose text starts with `first` (the rest of the current line); lines after
    /// it that belong to it start with `indent` spaces.
    mutating func value(startingWith first: [UInt8], indent: Int) -> Reply? {
      if let (width, content) = Self.firstElement(first) {
        return array(firstContent: content, width: width, indent: indent)
      }
      return Self.scalar(first)
    }

    private mutating func array(firstContent: [UInt8], width: Int, indent: Int) -> Reply? {
      let nestedIndent = indent + width + 2
      guard let first = value(startingWith: firstContent, indent: nestedIndent) else {
        return nil
      }
      var elements = [first]
      while next < lines.count {
        guard let number = Self.number(elements.count + 1, width: width) else { break }
        let marker = Array(repeating: UInt8(ascii: " "), count: indent) + number
        let line = lines[next]
        guard line.starts(with: marker) else { break }
        next += 1
        guard
          let element = value(
            startingWith: Array(line.dropFirst(marker.count)), indent: nestedIndent)
        else { return nil }
        elements.append(element)
      }
      return .array(elements)
    }

    /// `number` right-aligned to `width` and followed by `) `, as an element marker; nil
    /// when it does not fit, so it cannot belong to the array.
    private static func number(_ number: Int, width: Int) -> [UInt8]? {
      let digits = Array(String(number).utf8)
      guard digits.count <= width else { return nil }
      return Array(repeating: UInt8(ascii: " "), count: width - digits.count) + digits
        + Array(") ".utf8)
    }

    /// The number width and the content after `1) ` when `line` opens an array.
    private static func firstElement(_ line: [UInt8]) -> (width: Int, content: [UInt8])? {
      let padding = line.prefix { $0 == UInt8(ascii: " ") }.count
      let marker = Array("1) ".utf8)
      guard line.dropFirst(padding).starts(with: marker) else { return nil }
      return (padding + 1, Array(line.dropFirst(padding + marker.count)))
    }

    /// A one-line reply: integer, nil, error, empty array, bulk string or status.
    private static func scalar(_ line: [UInt8]) -> Reply? {
      let text = String(decoding: line, as: UTF8.self)
      if text == "(nil)" { return .null }
      if text == "(empty array)" { return .array([]) }
      if let value = text.removingPrefix("(integer) ") {
        return Int64(value).map(Reply.integer)
      }
      if line.starts(with: Array("(error) ".utf8)) {
        return .error(Array(line.dropFirst("(error) ".utf8.count)))
      }
      if line.first == UInt8(ascii: "\"") {
        guard line.count >= 2, line.last == UInt8(ascii: "\""),
          case .arguments(let parts) = Tokenizer.split(line), parts.count == 1
        else { return nil }
        return .bulk(parts[0])
      }
      return .status(line)
    }
  }
}

extension String {
  /// The text after `prefix`, or nil when the string does not start with it.
  fileprivate func removingPrefix(_ prefix: String) -> String? {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
  }
}
