import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line live status for long runs, throttled so it never floods the output.
///
/// On a terminal each update rewrites the same line (`\r`, the text, then `ESC[K` to erase
/// what a longer previous text left), at most once per `terminalInterval`. On a pipe or
/// file, where rewriting is impossible, an update is a plain line, at most once per
/// `pipeInterval`, so a log of a long run stays short. Updates in between are dropped
/// (only the latest text matters). The clock and the output are injected, so tests can
/// drive time and read exactly what was written. Safe to call from any thread.
public final class ProgressLine: Sendable {
  public let isTerminal: Bool
  private let terminalInterval: Double
  private let pipeInterval: Double
  private let maximumWidth: Int?
  private let now: @Sendable () -> Double
  private let write: @Sendable (String) -> Void

  private let state = Mutex(State())

  /// What the throttle remembers between updates.
  private struct State {
    var lastWriteTime: Double?
    /// The latest text not yet written because of throttling.
    var pendingText: String?
    var lineIsShowing = false
  }

  /// A progress line writing through `write`.
  ///
  /// - Parameters:
  ///   - isTerminal: Whether the output is a terminal (rewrite in place) or not (new lines).
  ///   - terminalInterval: The least time between two writes on a terminal, in seconds.
  ///   - pipeInterval: The least time between two lines on a pipe, in seconds.
  ///   - maximumWidth: On a terminal, texts are cut to this many columns so the line never
  ///     wraps (a wrapped line cannot be rewritten); nil for no limit.
  ///   - now: The current time in seconds, from any fixed origin.
  ///   - write: Where the text goes, unbuffered.
  public init(
    isTerminal: Bool,
    terminalInterval: Double = 0.1,
    pipeInterval: Double = 5,
    maximumWidth: Int? = nil,
    now: @escaping @Sendable () -> Double,
    write: @escaping @Sendable (String) -> Void
  ) {
    self.isTerminal = isTerminal
    self.terminalInterval = terminalInterval
    self.pipeInterval = pipeInterval
    self.maximumWidth = maximumWidth
    self.now = now
    self.write = write
  }

  /// A progress line on standard error, rewritten in place when it is a terminal.
  ///
  /// Standard error keeps standard output clean for the results (and for `--json`).
  public static func standardError(terminalColumns: Int? = 80) -> ProgressLine {
    let isTerminal = isatty(STDERR_FILENO) == 1
    let start = ContinuousClock.now
    return ProgressLine(
      isTerminal: isTerminal,
      maximumWidth: isTerminal ? terminalColumns.map { $0 - 1 } : nil,
      now: {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      },
      write: writeToStandardError)
  }

  /// Shows `text` now, or later if the last write was too recent.
  ///
  /// A throttled text is not lost for good: `finish()` writes it on a pipe, and the next
  /// update due writes its own text, which is newer.
  public func update(_ text: String) {
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: text.unicodeScalars.map { $0 == "\n" ? " " : $0 })
    let text = String(scalars)
    state.withLock { state in
      let time = now()
      let interval = isTerminal ? terminalInterval : pipeInterval
      if let lastWriteTime = state.lastWriteTime, time - lastWriteTime < interval {
        state.pendingText = text
        return
      }
      state.lastWriteTime = time
      state.pendingText = nil
      show(text, lineIsShowing: &state.lineIsShowing)
    }
  }

  /// Ends the status so what follows starts on a clean line.
  ///
  /// On a terminal it erases the line; on a pipe it writes the latest text if throttling
  /// held it back. The progress line can be used again after.
  public func finish() {
    state.withLock { state in
      if isTerminal {
        if state.lineIsShowing { write("\r\u{1B}[K") }
      } else if let pendingText = state.pendingText {
        write(pendingText + "\n")
      }
      state = State()
    }
  }

  private func show(_ text: String, lineIsShowing: inout Bool) {
    if isTerminal {
      let visible = maximumWidth.map { DisplayWidth.truncated(text, toWidth: $0) } ?? text
      write("\r" + visible + "\u{1B}[K")
      lineIsShowing = true
    } else {
      write(text + "\n")
    }
  }
}

/// Writes all of `text` to standard error, unbuffered, retrying a write a signal cut short.
private func writeToStandardError(_ text: String) {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty {
    let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    if written < 0 && errno == EINTR { continue }
    guard written > 0 else { return }
    bytes = bytes.dropFirst(written)
  }
}
