import Foundation

/// A program running in a private tmux server: a real terminal to type into and read from.
///
/// Each session has its own tmux socket, so tests never share a server. The pane stays
/// after the program exits, so a test can see its last words and whether it ended.
public final class TmuxSession: @unchecked Sendable {
  private let socketName: String
  private let target = "tutor"

  /// Starts `command` in a `width`×`height` terminal with `environment`.
  public init(
    _ command: [String], environment: [String: String], width: Int = 120, height: Int = 40
  ) throws {
    guard RedisServerFixture.findExecutable("tmux") != nil else {
      throw FixtureError("tmux not found: install it with `apt-get install tmux` (make deps does)")
    }
    socketName = "rt-\(UUID().uuidString.prefix(12))"
    let exports = environment.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
    let shellCommand = "exec env -i \(exports) " + command.map(Self.quote).joined(separator: " ")
    try tmux([
      "new-session", "-d", "-s", target, "-x", String(width), "-y", String(height), shellCommand,
      ";", "set-option", "-t", target, "remain-on-exit", "on",
    ])
  }

  deinit { close() }

  /// Types text literally (no key names).
  public func type(_ text: String) throws { try tmux(["send-keys", "-t", target, "-l", text]) }

  /// Presses keys by tmux name: "Enter", "Tab", "C-c", "C-d", "Up", "C-r".
  public func press(_ keys: String...) throws { try tmux(["send-keys", "-t", target] + keys) }

  /// Types `line` and presses Enter, as a learner submits a command.
  public func enter(_ line: String) throws {
    try type(line)
    try press("Enter")
  }

  /// The visible screen as text, or with colour escapes.
  ///
  /// tmux trims trailing blanks from each line, so a prompt `host:port> ` reads as `host:port>`.
  /// With `joiningWrappedLines`, a line the terminal wrapped because it was too wide comes
  /// back as the one line the program wrote, so a test can see how wide it was.
  public func screen(withEscapes: Bool = false, joiningWrappedLines: Bool = false) throws
    -> String
  {
    try tmux(
      ["capture-pane", "-p", "-t", target] + (withEscapes ? ["-e"] : [])
        + (joiningWrappedLines ? ["-J"] : []))
  }

  /// The visible screen with each line the terminal wrapped joined back into one, trailing
  /// blanks trimmed: it differs from `screen()` only where text ran past the right edge.
  public func screenJoiningWrappedLines() throws -> String {
    try tmux(["capture-pane", "-p", "-J", "-t", target])
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { String($0.reversed().drop { $0 == " " }.reversed()) }
      .joined(separator: "\n")
  }

  /// Waits until the screen satisfies `condition`; returns the last screen either way.
  @discardableResult
  public func waitForScreen(
    within deadline: Duration = .seconds(20), withEscapes: Bool = false,
    _ condition: (String) -> Bool
  ) throws -> (matched: Bool, screen: String) {
    var last = ""
    let matched = try eventually(within: deadline, every: .milliseconds(20)) {
      last = try screen(withEscapes: withEscapes)
      return condition(last)
    }
    return (matched, last)
  }

  /// Waits until the screen contains `text`.
  @discardableResult
  public func waitFor(_ text: String, within deadline: Duration = .seconds(20)) throws -> String {
    let (matched, screen) = try waitForScreen(within: deadline) { $0.contains(text) }
    if !matched {
      throw FixtureError("timed out waiting for \(text.debugDescription); screen:\n\(screen)")
    }
    return screen
  }

  /// The pid of the program in the pane.
  public func programPID() throws -> Int32 {
    Int32(
      try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(
        in: .whitespacesAndNewlines)) ?? -1
  }

  /// Whether the program has exited.
  public func programExited() throws -> Bool {
    try tmux(["display-message", "-p", "-t", target, "#{pane_dead}"]).hasPrefix("1")
  }

  /// Ends the tmux server and everything in it.
  public func close() { _ = try? tmux(["kill-server"]) }

  /// Runs a tmux client command and returns what it printed.
  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    let tmux = RedisServerFixture.findExecutable("tmux") ?? "/usr/bin/tmux"
    let outcome = try ToolRun.run(
      tmux, ["-L", socketName, "-f", "/dev/null"] + arguments, deadline: 20)
    return String(decoding: outcome.stdout, as: UTF8.self)
  }

  private static func quote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
