import Foundation
import LineEditor
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A pty pair for driving the real libedit path: the editor gets the slave side, the test
/// types on the master side and reads back what the editor echoed.
final class PseudoTerminal {
  /// The side the test writes keys to and reads the screen bytes from.
  let master: Int32
  /// The side the editor reads keys from and writes to.
  let slave: Int32
  private let columns: Int
  private let rows: Int
  /// Every byte the editor has written so far.
  private(set) var transcript: [UInt8] = []

  /// Opens a pty pair with a window of `columns` x `rows`.
  init(columns: UInt16 = 100, rows: UInt16 = 30) throws {
    self.columns = Int(columns)
    self.rows = Int(rows)
    guard let pair = PseudoTerminalPair.open(columns: columns, rows: rows) else {
      throw PseudoTerminalError("could not open a pty: errno \(errno)")
    }
    let master = pair.controller
    let slave = pair.terminal
    self.master = master
    self.slave = slave
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
  }

  deinit {
    close(slave)
    close(master)
  }

  /// Types `keys` as if at the keyboard.
  func type(_ keys: String) {
    let bytes = Array(keys.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes {
        write(master, $0.baseAddress! + offset, bytes.count - offset)
      }
      if count > 0 { offset += count } else if errno != EINTR && errno != EAGAIN { return }
    }
  }

  /// Reads whatever the editor has written since the last call into `transcript`.
  func drain() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
      guard count > 0 else { return }
      transcript += chunk[0..<count]
    }
  }

  /// The transcript from byte `offset` on, as text.
  func text(from offset: Int = 0) -> String {
    String(decoding: transcript[min(offset, transcript.count)...], as: UTF8.self)
  }

  /// What the screen shows now.
  var screen: TerminalScreen {
    drain()
    return TerminalScreen(columns: columns, rows: rows, output: transcript)
  }

  /// True when the terminal is in raw mode (libedit is editing), not line by line.
  var isRaw: Bool {
    var settings = termios()
    return tcgetattr(slave, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) == 0
  }

  /// Waits until the row holding the cursor reads `expected`.
  @discardableResult
  func waitForCursorLine(_ expected: String) -> Bool {
    eventually { screen.cursorLine == expected }
  }

  /// Waits until the transcript after `offset` contains `expected`.
  @discardableResult
  func waitForOutput(_ expected: String, after offset: Int = 0) -> Bool {
    eventually {
      drain()
      return text(from: offset).contains(expected)
    }
  }
}

/// A failure to set up the pty.
struct PseudoTerminalError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// One `readLine` running on its own thread, as the editor blocks for keys.
final class ReadLineRun: @unchecked Sendable {
  private let lock = NSLock()
  private var storedResult: LineResult?

  /// Starts `editor.readLine(prompt:)` on a new thread.
  init(_ editor: LineEditor, prompt: String) {
    let box = UncheckedEditor(editor: editor)
    Thread.detachNewThread { [self] in
      let result = box.editor.readLine(prompt: prompt)
      lock.withLock { storedResult = result }
    }
  }

  /// The line read, once `readLine` has returned.
  var result: LineResult? { lock.withLock { storedResult } }

  /// Waits (draining the terminal so the editor never blocks writing) for the result.
  func waitForResult(draining terminal: PseudoTerminal) -> LineResult? {
    _ = eventually {
      terminal.drain()
      return result != nil
    }
    terminal.drain()
    return result
  }
}

/// Hands the editor to the reading thread; the test touches it only before and after.
private struct UncheckedEditor: @unchecked Sendable {
  let editor: LineEditor
}
