/// Output comparisons for judge problems.
public enum JudgeCheck {
  /// True when both texts hold the same whitespace-separated tokens in the same order.
  public static func sameTokens(_ expected: String, _ got: String) -> Bool {
    var expectedTokens = Tokens(expected)
    var gotTokens = Tokens(got)
    while true {
      let one = expectedTokens.next()
      let other = gotTokens.next()
      if one == nil && other == nil { return true }
      guard let one, let other, one.elementsEqual(other) else { return false }
    }
  }

  /// Walks the whitespace-separated tokens of a text without copying it.
  private struct Tokens {
    private let bytes: String.UTF8View
    private var index: String.UTF8View.Index

    init(_ text: String) {
      bytes = text.utf8
      index = bytes.startIndex
    }

    mutating func next() -> Substring.UTF8View? {
      while index < bytes.endIndex && isSpace(bytes[index]) { index = bytes.index(after: index) }
      guard index < bytes.endIndex else { return nil }
      let start = index
      while index < bytes.endIndex && !isSpace(bytes[index]) { index = bytes.index(after: index) }
      return bytes[start..<index]
    }

    private func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
  }
}
