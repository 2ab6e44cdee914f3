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
      let key = readByte(fd: fd)
      if key == 0x1B { discardPendingBytes(fd: fd, settings: raw) }
      return key
    #else
      return nil
    #endif
  }

  /// Waits up to `seconds` (forever when nil) for one key press on `fd`.
  ///
  /// Returns nil when the time passed without a key. When `fd` is not a terminal (piped
  /// input, tests) nothing is read: it just waits out the time, so players run to the end.
  public static func waitForKey(fd: Int32, seconds: Double?) -> UInt8? {
    #if canImport(Glibc)
      guard isatty(fd) == 1 else {
        if let seconds, seconds > 0 { usleep(useconds_t(min(seconds, 3600) * 1_000_000)) }
        return nil
      }
      var saved = termios()
      guard tcgetattr(fd, &saved) == 0 else { return nil }
      var raw = saved
      raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
      withUnsafeMutableBytes(of: &raw.c_cc) { controlCharacters in
        controlCharacters[Int(VMIN)] = 1
        controlCharacters[Int(VTIME)] = 0
      }
      guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
      defer { tcsetattr(fd, TCSANOW, &saved) }
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let timeout = seconds.map { Int32(max(0, min($0, 3600)) * 1000) } ?? -1
      guard poll(&descriptor, 1, timeout) == 1 else { return nil }
      let key = readByte(fd: fd)
      if key == 0x1B { discardPendingBytes(fd: fd, settings: raw) }
      return key
    #else
      return nil
    #endif
  }

  #if canImport(Glibc)
    /// Drops the rest of an escape sequence (an arrow or function key), so its bytes do not
    /// reach whatever reads the terminal next.
    private static func discardPendingBytes(fd: Int32, settings: termios) {
      var polling = settings
      withUnsafeMutableBytes(of: &polling.c_cc) { controlCharacters in
        controlCharacters[Int(VMIN)] = 0
        controlCharacters[Int(VTIME)] = 1
      }
      guard tcsetattr(fd, TCSANOW, &polling) == 0 else { return }
      var byte: UInt8 = 0
      while read(fd, &byte, 1) == 1 {}
    }

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
