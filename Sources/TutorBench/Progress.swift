#if canImport(Glibc)
  import Glibc
#endif

/// Progress lines on stderr, so stdout carries only the table.
enum Progress {
  /// Writes `message` and a newline to stderr.
  static func say(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }
}
