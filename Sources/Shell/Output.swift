#if canImport(Glibc)
  import Glibc
#endif

/// Where the shell writes what the learner sees.
public protocol OutputSink: AnyObject {
  /// Writes bytes exactly as given.
  func write(_ bytes: [UInt8])
  /// Writes bytes that must be visible now (before waiting for input or a slow reply).
  func flush()
}

extension OutputSink {
  /// Writes text as UTF-8.
  public func write(_ text: String) { write(Array(text.utf8)) }
  /// Writes a line of text followed by a newline.
  public func line(_ text: String) { write(Array((text + "\n").utf8)) }
}

/// Writes to a file descriptor through a buffer, flushed on request and when large.
public final class FileOutput: OutputSink {
  private let descriptor: Int32
  private var buffer: [UInt8] = []

  public init(descriptor: Int32) {
    self.descriptor = descriptor
    buffer.reserveCapacity(64 * 1024)
  }

  deinit { flush() }

  public func write(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 64 * 1024 { flush() }
  }

  public func flush() {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress! + offset, buffer.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        break
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Collects output in memory, for tests.
public final class CapturedOutput: OutputSink {
  public private(set) var bytes: [UInt8] = []
  public init() {}
  public func write(_ bytes: [UInt8]) { self.bytes.append(contentsOf: bytes) }
  public func flush() {}
  /// The output so far as text.
  public var text: String { String(decoding: bytes, as: UTF8.self) }
  /// Forgets the output so far.
  public func clear() { bytes.removeAll() }
}
