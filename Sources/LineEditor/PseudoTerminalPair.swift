import CLibEdit

#if canImport(Glibc)
  import Glibc
#endif

/// A pseudo-terminal pair: the editor runs on `terminal` as on a real one, and whoever holds
/// `controller` types keys into it and reads back what it drew.
///
/// For driving the real libedit path from tests and tools without a terminal of their own.
public struct PseudoTerminalPair: Sendable {
  /// The side that types keys and reads the screen bytes (the pty's master).
  public let controller: Int32
  /// The side the editor reads and writes (the pty's slave).
  public let terminal: Int32

  /// Opens a pair whose window is `columns` × `rows`; nil with `errno` set when it cannot.
  public static func open(columns: UInt16, rows: UInt16) -> PseudoTerminalPair? {
    var controller: Int32 = -1
    var terminal: Int32 = -1
    guard clibedit_open_pty(columns, rows, &controller, &terminal) == 0 else { return nil }
    return PseudoTerminalPair(controller: controller, terminal: terminal)
  }
}
