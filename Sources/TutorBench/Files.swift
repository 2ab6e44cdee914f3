#if canImport(Glibc)
  import Glibc
#endif

/// Whole-file reads and writes in bytes.
enum Files {
  /// The file's contents.
  static func read(_ path: String) throws(HarnessError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw HarnessError("cannot read \(path): \(Environment.lastError)")
    }
    defer { close(descriptor) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw HarnessError("cannot read \(path): \(Environment.lastError)") }
      if count == 0 { return contents }
      contents.append(contentsOf: chunk[0..<count])
    }
  }

  /// Replaces the file's contents with `bytes`.
  static func write(_ bytes: [UInt8], to path: String) throws(HarnessError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw HarnessError("cannot write \(path): \(Environment.lastError)")
    }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else {
        throw HarnessError("cannot write \(path): \(Environment.lastError)")
      }
      offset += written
    }
  }
}
