#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a recording as it happens; bounded in size; never throws at the caller after opening.
///
/// Every call appends one whole line and writes it straight to the file, so a recording cut
/// short by a crash still reads up to its last event. When the next line would take the file
/// past `maximumBytes`, or a write fails, the writer stops: it sets `stopReason`, calls
/// `onStop` once, and ignores every later call. A line that was only partly written is cut
/// off again where possible, so the file stays conformant.
public final class AsciicastWriter {
  /// Why the writer stopped writing on its own; nil while writing.
  ///
  /// "the recording reached its 5 MB cap" or "the disk is full (No space left on device)".
  /// After stopping, calls are ignored. The caller shows this once.
  public private(set) var stopReason: String?
  /// Called once when the writer stops on its own (cap or write error), with the reason.
  public var onStop: ((String) -> Void)?
  /// How many bytes the file holds: the header and every event written so far.
  public private(set) var bytesWritten = 0

  /// The most bytes the file may hold.
  public private(set) var maximumBytes: Int

  private var descriptor: Int32
  private let now: () -> Double
  private let startTime: Double
  private var lastMicroseconds: Int64 = 0

  /// Opens `path` (creating it with mode 0600) and writes the header.
  ///
  /// Throws when the file cannot be created or the header cannot be written. An existing file is truncated and keeps its permissions. `now` gives the current time
  /// in seconds; event times are measured from its value at opening.
  public convenience init(
    path: String, header: AsciicastHeader, maximumBytes: Int, now: @escaping () -> Double
  ) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw AsciicastError(
        "cannot create the recording \(path): \(Self.lastErrorText()); "
          + "choose a path in a writable directory")
    }
    do {
      try self.init(
        fileDescriptor: descriptor, header: header, maximumBytes: maximumBytes, now: now)
    } catch {
      throw AsciicastError("cannot write the recording \(path): \(error)")
    }
  }

  /// Writes to an already open file descriptor, which the writer then owns, and writes the
  /// header.
  ///
  /// Throws when the header cannot be written, having closed the descriptor.
  public init(
    fileDescriptor: Int32, header: AsciicastHeader, maximumBytes: Int,
    now: @escaping () -> Double
  ) throws {
    self.descriptor = fileDescriptor
    self.maximumBytes = maximumBytes
    self.now = now
    self.startTime = now()
    let line = header.jsonLine + "\n"
    guard line.utf8.count <= maximumBytes else {
      closeDescriptor()
      throw AsciicastError(
        "the header alone (\(line.utf8.count) bytes) exceeds the recording's "
          + "\(Self.sizeText(maximumBytes)) cap; raise the cap")
    }
    if let failure = writeFully(line) {
      closeDescriptor()
      throw AsciicastError("\(failure); free some space or record elsewhere")
    }
  }

  deinit {
    closeDescriptor()
  }

  /// Appends an output event at `now() - start`: one line per call, nothing merged.
  public func output(_ text: String) {
    append(.output, text)
  }

  /// Appends an input event: keys the learner typed.
  public func input(_ text: String) {
    append(.input, text)
  }

  /// Appends a marker, such as "day 1 · strings" when a lesson step begins.
  public func marker(_ label: String) {
    append(.marker, label)
  }

  /// Appends a resize event for a terminal now `columns` wide and `rows` high.
  public func resize(columns: Int, rows: Int) {
    append(.resize, "\(columns)x\(rows)")
  }

  /// Whether calls are still written: the writer is neither closed nor stopped.
  public var isWriting: Bool { descriptor >= 0 && stopReason == nil }

  /// Closes the file; later calls are ignored.
  ///
  /// Closing is not stopping: `stopReason` stays nil and `onStop` is not called.
  public func close() {
    closeDescriptor()
  }

  private func closeDescriptor() {
    guard descriptor >= 0 else { return }
    closeFileDescriptor(descriptor)
    descriptor = -1
  }

  private func append(_ code: AsciicastEvent.Code, _ data: String) {
    guard isWriting else { return }
    let elapsed = max(0, now() - startTime)
    let measured = elapsed.isFinite ? Int64((elapsed * 1_000_000).rounded()) : lastMicroseconds
    lastMicroseconds = max(lastMicroseconds, measured)
    let event = AsciicastEvent(time: Double(lastMicroseconds) / 1_000_000, code: code, data: data)
    let line = event.jsonLine + "\n"
    if bytesWritten + line.utf8.count > maximumBytes {
      stop(because: "the recording reached its \(Self.sizeText(maximumBytes)) cap")
      return
    }
    if let failure = writeFully(line) {
      stop(because: failure)
    }
  }

  /// Changes the size cap (the learner's setting, read after the recording began); a file
  /// already past the new cap stops now.
  public func limit(to bytes: Int) {
    maximumBytes = bytes
    if isWriting && bytesWritten > bytes {
      stop(because: "the recording reached its \(Self.sizeText(bytes)) cap")
    }
  }

  private func stop(because reason: String) {
    stopReason = reason
    closeDescriptor()
    onStop?(reason)
  }

  /// Writes all of `line`, or returns why not after cutting off what was partly written.
  private func writeFully(_ line: String) -> String? {
    let bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes { buffer in
        write(descriptor, buffer.baseAddress, buffer.count)
      }
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        if offset > 0 { _ = ftruncate(descriptor, off_t(bytesWritten)) }
        return Self.failureText(errno: code)
      }
      offset += count
    }
    bytesWritten += bytes.count
    return nil
  }

  private static func failureText(errno code: Int32) -> String {
    let system = String(cString: strerror(code))
    switch code {
    case ENOSPC: return "the disk is full (\(system))"
    case EDQUOT: return "the disk quota is used up (\(system))"
    case EFBIG: return "the file grew too large for the file system (\(system))"
    default: return "writing the recording failed (\(system))"
    }
  }

  private static func lastErrorText() -> String {
    String(cString: strerror(errno))
  }

  /// A size for messages: "5 MB", "1.5 MB", "64 KB", "300 bytes" (1 MB = 1,048,576 bytes).
  static func sizeText(_ bytes: Int) -> String {
    func scaled(_ unit: Int, _ name: String) -> String {
      let tenths = (bytes * 10 + unit / 2) / unit
      let text = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
      return "\(text) \(name)"
    }
    if bytes >= 1 << 20 { return scaled(1 << 20, "MB") }
    if bytes >= 1 << 10 { return scaled(1 << 10, "KB") }
    return bytes == 1 ? "1 byte" : "\(bytes) bytes"
  }
}

/// Closes a descriptor; a free function because the writer's own `close()` hides the system's.
private func closeFileDescriptor(_ descriptor: Int32) {
  _ = close(descriptor)
}
