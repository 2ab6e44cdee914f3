/// Output comparisons for judge problems.
public enum JudgeCheck {
  /// True when both texts hold the same whitespace-separated tokens in the same order.
  ///
  /// Walks both texts' bytes once without splitting them, so a 200,000-value output is cheap
  /// to check even in a debug build.
  public static func sameTokens(_ expected: String, _ got: String) -> Bool {
    var expected = expected
    var got = got
    return expected.withUTF8 { one in
      got.withUTF8 { other in sameTokens(one, other) }
    }
  }

  private static func sameTokens(
    _ one: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>
  )
    -> Bool
  {
    var first = 0
    var second = 0
    while true {
      while first < one.count && isSpace(one[first]) { first += 1 }
      while second < other.count && isSpace(other[second]) { second += 1 }
      let firstEnded = first == one.count
      let secondEnded = second == other.count
      if firstEnded || secondEnded { return firstEnded && secondEnded }
      // Compare one token: equal bytes until both reach a space or the end together.
      while first < one.count && !isSpace(one[first]) {
        guard second < other.count, one[first] == other[second] else { return false }
        first += 1
        second += 1
      }
      if second < other.count && !isSpace(other[second]) { return false }
    }
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }
}
