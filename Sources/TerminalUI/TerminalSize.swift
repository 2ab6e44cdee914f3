#if canImport(Glibc)
  import Glibc
#endif

/// The rows and columns of a terminal window.
public enum TerminalSize {
  /// The size used when neither the terminal nor the environment says.
  public static let fallback = (rows: 24, columns: 80)

  /// The window size of the terminal on `fd` (`TIOCGWINSZ`).
  ///
  /// Nil when `fd` is not a terminal or reports no size. Swift's Glibc overlay has
  /// non-variadic `ioctl` overloads, so no C shim is needed.
  public static func of(fd: Int32) -> (rows: Int, columns: Int)? {
    #if canImport(Glibc)
      var size = winsize()
      guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else {
        return nil
      }
      return (Int(size.ws_row), Int(size.ws_col))
    #else
      return nil
    #endif
  }

  /// The size of the terminal on `fd`; else `$LINES` and `$COLUMNS`; else 24 × 80.
  public static func current(fd: Int32) -> (rows: Int, columns: Int) {
    if let size = of(fd: fd) { return size }
    return (
      rows: environmentNumber("LINES") ?? fallback.rows,
      columns: environmentNumber("COLUMNS") ?? fallback.columns
    )
  }

  private static func environmentNumber(_ name: String) -> Int? {
    #if canImport(Glibc)
      guard let value = getenv(name), let number = Int(String(cString: value)), number > 0
      else { return nil }
      return number
    #else
      return nil
    #endif
  }
}
