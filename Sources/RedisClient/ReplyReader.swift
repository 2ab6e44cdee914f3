/// Parses RESP2 replies out of the bytes read from a connection, at any nesting depth.
///
/// hiredis 0.14's reader refuses replies nested deeper than 7 levels and then drops its
/// buffer, so that reply and every one queued behind it would be lost. This reader keeps
/// the arrays it is filling on an explicit stack instead of recursing: depth is bounded
/// only by memory, and a reply split across reads resumes where the last read stopped.
struct ReplyReader {
  private var buffer: [UInt8] = []
  /// Where the next unparsed byte is in `buffer`.
  private var position = 0
  /// Arrays still waiting for elements, the innermost last.
  private var openArrays: [OpenArray] = []

  private struct OpenArray {
    var elements: [Reply]
    var remaining: Int
  }

  /// One RESP value: a whole reply, or the header of an array whose elements follow.
  private enum Value {
    case reply(Reply)
    case arrayHeader(count: Int)
  }

  /// Whether bytes that are not yet a whole reply, or the next replies, are buffered.
  var hasBufferedBytes: Bool { position < buffer.count }

  /// Adds bytes read from the socket.
  mutating func feed(_ bytes: UnsafeRawBufferPointer) {
    if position == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      position = 0
    } else if position >= 1 << 16 && position * 2 >= buffer.count {
      // Compact only when the consumed part dominates, so each byte moves a bounded
      // number of times however the replies are split across reads.
      buffer.removeSubrange(0..<position)
      position = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// Drops everything buffered and half parsed (the connection it came from is gone).
  mutating func discard() {
    buffer.removeAll()
    position = 0
    openArrays.removeAll()
  }

  /// The next complete reply, or nil when more bytes are needed first.
  ///
  /// Throws `RedisError.protocolError` when the bytes are not RESP2; the stream cannot be
  /// resynchronised after that, so the caller must drop the connection.
  mutating func next() throws(RedisError) -> Reply? {
    while let value = try nextValue() {
      var finished: Reply
      switch value {
      case .reply(let reply): finished = reply
      case .arrayHeader(let count) where count == 0: finished = .array([])
      case .arrayHeader(let count):
        var elements: [Reply] = []
        elements.reserveCapacity(min(count, 1024))
        openArrays.append(OpenArray(elements: elements, remaining: count))
        continue
      }
      while let last = openArrays.indices.last {
        openArrays[last].elements.append(finished)
        openArrays[last].remaining -= 1
        guard openArrays[last].remaining == 0 else { break }
        finished = .array(openArrays.removeLast().elements)
      }
      if openArrays.isEmpty { return finished }
    }
    return nil
  }

  /// Parses one value at `position` and moves past it; nil (moving nothing) when the
  /// buffer ends before the value does.
  private mutating func nextValue() throws(RedisError) -> Value? {
    guard position < buffer.count, let lineEnd = carriageReturnLineFeed(after: position) else {
      return nil
    }
    let type = buffer[position]
    let line = (position + 1)..<lineEnd
    let afterLine = lineEnd + 2
    switch type {
    case UInt8(ascii: "+"):
      position = afterLine
      return .reply(.status(Array(buffer[line])))
    case UInt8(ascii: "-"):
      position = afterLine
      return .reply(.error(Array(buffer[line])))
    case UInt8(ascii: ":"):
      let value = try integer(line)
      position = afterLine
      return .reply(.integer(value))
    case UInt8(ascii: "$"):
      let length = try integer(line)
      if length == -1 {
        position = afterLine
        return .reply(.null)
      }
      guard length >= 0, length <= Int64(Int.max - afterLine - 2) else {
        throw RedisError.protocolError("bulk string length \(length) is out of range")
      }
      let end = afterLine + Int(length)
      guard end + 2 <= buffer.count else { return nil }
      position = end + 2
      return .reply(.bulk(Array(buffer[afterLine..<end])))
    case UInt8(ascii: "*"):
      let count = try integer(line)
      position = afterLine
      if count == -1 { return .reply(.null) }
      guard count >= 0, count <= Int64(Int.max) else {
        throw RedisError.protocolError("array length \(count) is out of range")
      }
      return .arrayHeader(count: Int(count))
    default:
      throw RedisError.protocolError(
        "got \(Self.describe(type)) as reply type byte; the server does not speak RESP2")
    }
  }

  /// The index of the `\r` of the first `\r\n` after `start`.
  private func carriageReturnLineFeed(after start: Int) -> Int? {
    var index = start + 1
    let end = buffer.count - 1
    while index < end {
      if buffer[index] == 0x0D {
        if buffer[index + 1] == 0x0A { return index }
      }
      index += 1
    }
    return nil
  }

  /// A decimal integer line such as `-1` or `42`.
  private func integer(_ line: Range<Int>) throws(RedisError) -> Int64 {
    var index = line.lowerBound
    let negative = index < line.upperBound && buffer[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    guard index < line.upperBound else { throw badInteger(line) }
    var value: Int64 = 0
    while index < line.upperBound {
      let digit = buffer[index] &- UInt8(ascii: "0")
      guard digit < 10 else { throw badInteger(line) }
      let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
      let (added, overflowAdd) =
        negative
        ? shifted.subtractingReportingOverflow(Int64(digit))
        : shifted.addingReportingOverflow(Int64(digit))
      guard !overflowShift && !overflowAdd else { throw badInteger(line) }
      value = added
      index += 1
    }
    return value
  }

  private func badInteger(_ line: Range<Int>) -> RedisError {
    RedisError.protocolError(
      "expected a number, got \(Self.describe(buffer[line].prefix(40))); the server does not speak RESP2"
    )
  }

  /// Bytes in double quotes, unprintable ones as `\xhh`, for an error message.
  private static func describe(_ byte: UInt8) -> String { describe([byte]) }

  private static func describe<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
    var text = "\""
    for byte in bytes {
      if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let digits = Array("0123456789abcdef")
        text += "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
      }
    }
    return text + "\""
  }
}
