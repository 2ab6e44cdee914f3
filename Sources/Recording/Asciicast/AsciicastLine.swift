/// A recording's text split at newlines, keeping each line's number and whether it ended with
/// a newline.
struct AsciicastLine {
  /// The 1-based line number.
  var number: Int
  /// The line's bytes, without the newline.
  var bytes: ArraySlice<UInt8>
  /// Whether a newline followed; false only for a last line cut off mid-way (or written
  /// without one).
  var isTerminated: Bool

  /// Whether the line holds nothing but JSON whitespace.
  var isBlank: Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
  }

  /// Splits `bytes` into lines; an empty piece after a final newline is not a line.
  static func split(_ bytes: [UInt8]) -> [AsciicastLine] {
    var lines: [AsciicastLine] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      lines.append(
        AsciicastLine(number: lines.count + 1, bytes: bytes[start..<index], isTerminated: true))
      start = index + 1
    }
    if start < bytes.count {
      lines.append(
        AsciicastLine(
          number: lines.count + 1, bytes: bytes[start..<bytes.count], isTerminated: false))
    }
    return lines
  }
}
