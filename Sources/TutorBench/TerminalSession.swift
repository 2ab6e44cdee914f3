#if canImport(Glibc)
  import Glibc
#endif

/// A program running on its own pseudo-terminal, driven like a learner at a keyboard.
final class TerminalSession {
  /// The program's process.
  let process: SpawnedProcess
  /// Everything the program has written to the terminal so far.
  private(set) var output: [UInt8] = []
  private let terminal: PseudoTerminal

  /// Starts `executable` on a new 120 × 40 pseudo-terminal.
  init(executable: String, arguments: [String], environment: [String]) throws(HarnessError) {
    terminal = try PseudoTerminal(columns: 120, rows: 40)
    process = try SpawnedProcess(
      executable: executable, arguments: arguments, environment: environment,
      terminal: terminal.slavePath)
  }

  /// Why waiting for a prompt failed.
  enum PromptFailure: Error, CustomStringConvertible {
    /// The program exited first.
    case exited(status: Int32, output: String)
    /// The deadline passed.
    case timedOut(output: String)

    /// One line for the report.
    var description: String {
      switch self {
      case .exited(let status, let output):
        let said = output.isEmpty ? "" : " after printing \"\(output)\""
        return "\(SpawnedProcess.describe(status: status)) before showing a prompt\(said)"
      case .timedOut(let output):
        let said = output.isEmpty ? "nothing" : "\"\(output)\""
        return "no prompt within the deadline (the terminal showed \(said))"
      }
    }
  }

  /// Waits until the visible text (escape sequences removed) satisfies `isPrompt`.
  ///
  /// - Returns: the seconds from spawn to the read that completed the prompt.
  func waitForPrompt(
    within deadline: Duration, where isPrompt: (String) -> Bool
  ) throws(PromptFailure) -> Double {
    let end = ContinuousClock.now + deadline
    while true {
      let open = terminal.read(into: &output, timeout: .milliseconds(10))
      let arrived = ContinuousClock.now
      if isPrompt(visibleText) { return (arrived - process.spawnedAt).seconds }
      if !open || !process.isRunning {
        // Drain what the program wrote before it went.
        _ = terminal.read(into: &output, timeout: .milliseconds(20))
        if isPrompt(visibleText) { return (arrived - process.spawnedAt).seconds }
        throw .exited(status: process.waitForExit(), output: Self.excerpt(visibleText))
      }
      if arrived >= end { throw .timedOut(output: Self.excerpt(visibleText)) }
    }
  }

  /// Types `bytes` at the terminal.
  func type(_ bytes: [UInt8]) { terminal.write(bytes) }

  /// Reads whatever the program writes for `duration`, keeping the terminal drained.
  func drain(for duration: Duration) {
    let end = ContinuousClock.now + duration
    while ContinuousClock.now < end {
      if !terminal.read(into: &output, timeout: .milliseconds(10)) { return }
    }
  }

  /// Kills the program (SIGKILL: the measurement is over) and reaps it.
  func kill() {
    process.signal(SIGKILL)
    _ = process.waitForExit(within: .seconds(2))
  }

  /// The output as text with ANSI escape sequences and carriage returns removed.
  var visibleText: String { String(decoding: Self.strippingEscapes(output), as: UTF8.self) }

  /// Removes CSI (`ESC [ … final`) and two-byte escape sequences, and carriage returns.
  static func strippingEscapes(_ bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x1B, index + 1 < bytes.count {
        if bytes[index + 1] == UInt8(ascii: "[") {
          index += 2
          while index < bytes.count && !(0x40...0x7E).contains(bytes[index]) { index += 1 }
        } else {
          index += 1
        }
      } else if byte != UInt8(ascii: "\r") {
        result.append(byte)
      }
      index += 1
    }
    return result
  }

  /// The first line or two of `text`, short enough for one report line.
  static func excerpt(_ text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }
    let first = lines.prefix(2).joined(separator: " / ")
    return first.count > 100 ? String(first.prefix(100)) + "…" : first
  }
}
