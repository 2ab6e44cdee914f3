/// Reads whitespace-separated tokens from a judge input text, for the reference solutions.
struct JudgeInputReader {
  private let bytes: [UInt8]
  private var position = 0

  init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// The next token's bytes, or nil at the end.
  mutating func nextToken() -> ArraySlice<UInt8>? {
    while position < bytes.count && Self.isSpace(bytes[position]) { position += 1 }
    guard position < bytes.count else { return nil }
    let start = position
    while position < bytes.count && !Self.isSpace(bytes[position]) { position += 1 }
    return bytes[start..<position]
  }

  /// The next token as a decimal integer, or nil if it is missing or not one.
  mutating func nextInt() -> Int? {
    guard let token = nextToken(), !token.isEmpty else { return nil }
    var digits = token[...]
    let negative = digits.first == UInt8(ascii: "-")
    if negative { digits = digits.dropFirst() }
    guard !digits.isEmpty else { return nil }
    var value = 0
    for byte in digits {
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflowB) = times.addingReportingOverflow(Int(byte - 0x30))
      guard !overflowA && !overflowB else { return nil }
      value = sum
    }
    return negative ? -value : value
  }

  /// The next token as text, or nil at the end.
  mutating func nextWord() -> String? {
    nextToken().map { String(decoding: $0, as: UTF8.self) }
  }

  /// `count` integers, or nil if the input runs out first.
  mutating func nextInts(_ count: Int) -> [Int]? {
    guard count >= 0 else { return nil }
    var values: [Int] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
      guard let value = nextInt() else { return nil }
      values.append(value)
    }
    return values
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }
}
