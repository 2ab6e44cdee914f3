#if canImport(Glibc)
  import Glibc
#endif

/// Reads single key presses from a terminal without waiting for enter.
public enum RawKeyReader {
  /// Reads one byte from `fd`, with the terminal briefly in non-canonical, no-echo mode.
  ///
  /// Signal keys are turned off for the read so Ctrl-C arrives as byte 3 rather than as
  /// SIGINT. The terminal's settings are restored before returning. When `fd` is not a
  /// terminal the byte is read as it comes. Returns nil at the end of input or on an error.
  public static func readKey(fd: Int32) -> UInt8? {
    #if canImport(Glibc)
      var saved = termios()
      guard tcgetattr(fd, &saved) == 0 else { return readByte(fd: fd) }
      var raw = saved
      raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
      withUnsafeMutableBytes(of: &raw.c_cc) { controlCharacters in
        controlCharacters[Int(VMIN)] = 1
        controlCharacters[Int(VTIME)] = 0
      }
      guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return readByte(fd: fd) }
      defer { tcsetattr(fd, TCSANOW, &saved) }
      return readByte(fd: fd)
    #else
      return nil
    #endif
  }

  #if canImport(Glibc)
    private static func readByte(fd: Int32) -> UInt8? {
      var byte: UInt8 = 0
      while true {
        let count = read(fd, &byte, 1)
        if count == 1 { return byte }
        if count < 0 && errno == EINTR { continue }
        return nil
      }
    }
  #endif
}
