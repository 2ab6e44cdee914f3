#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits the bytes of a file descriptor into lines, for input that is not a terminal.
///
/// Bytes are kept exactly as read (no decoding, no `\r` stripping); only the `\n` ending
/// each line is removed, and a last line without one is still returned.
final class ByteLineReader {
  private static let chunkSize = 64 * 1024
  private static let newline = UInt8(ascii: "\n")

  private let fileDescriptor: Int32
  private var buffer: [UInt8] = []
  private var lineStart = 0
  private var reachedEnd = false

  /// Creates a reader of `fileDescriptor`, which it neither owns nor closes.
  init(fileDescriptor: Int32) {
    self.fileDescriptor = fileDescriptor
  }

  /// Whether `nextLine()` can return a line without reading more input.
  var hasBufferedLine: Bool {
    buffer[lineStart...].contains(Self.newline) || (reachedEnd && lineStart < buffer.count)
  }

  /// Returns the next line without its newline, or nil when the input has ended.
  func nextLine() -> [UInt8]? {
    var searchFrom = lineStart
    while true {
      if let newlineIndex = buffer[searchFrom...].firstIndex(of: Self.newline) {
        let line = Array(buffer[lineStart..<newlineIndex])
        lineStart = newlineIndex + 1
        return line
      }
      if reachedEnd {
        guard lineStart < buffer.count else { return nil }
        let line = Array(buffer[lineStart...])
        lineStart = buffer.count
        return line
      }
      if lineStart > 0 {
        buffer.removeFirst(lineStart)
        lineStart = 0
      }
      searchFrom = buffer.count
      readChunk()
    }
  }

  private func readChunk() {
    let oldCount = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
    while true {
      let count = buffer.withUnsafeMutableBytes { bytes in
        read(fileDescriptor, bytes.baseAddress! + oldCount, Self.chunkSize)
      }
      if count < 0 && errno == EINTR { continue }
      buffer.removeLast(Self.chunkSize - max(count, 0))
      if count <= 0 { reachedEnd = true }
      return
    }
  }
}
