import RedisCLIFormat
import RedisSandbox

/// A check line that asks for a lab event since the step opened, not for a reply:
/// `:lab crash MODE [after KEY…] [# message]` or `:lab restart MODE [after KEY…] [# message]`.
///
/// It passes when the last crash or restart since the step opened was of that kind, the
/// server really ran in MODE (for a crash: the mode it had when killed, read from the server,
/// so a learner's `CONFIG SET appendonly yes` counts; for a restart: the mode it started in),
/// and every KEY was written since the step opened, before that event, and not after it.
public struct LabEventCheck: Sendable, Equatable {
  /// Which lab action the line asks for.
  public enum Action: String, Sendable, CaseIterable {
    /// `:sandbox crash`.
    case crash
    /// `:sandbox restart`.
    case restart
  }

  /// The lab action.
  public var action: Action
  /// The mode's lab name (`none`, `rdb`, `aof-everysec`, …).
  public var mode: String
  /// Keys that must have been written before the event and not since.
  public var keys: [[UInt8]]
  /// Shown when the line fails, from `# message`.
  public var message: String?
  /// The line as written.
  public var source: SourceLine

  public init(
    action: Action, mode: String, keys: [[UInt8]] = [], message: String? = nil,
    source: SourceLine
  ) {
    self.action = action
    self.mode = mode
    self.keys = keys
    self.message = message
    self.source = source
  }

  /// Whether a check line is a lab line (it starts with `:lab`).
  static func isLabLine(_ text: String) -> Bool {
    let trimmed = text.trimmed()
    return trimmed == ":lab" || trimmed.hasPrefix(":lab ")
  }

  /// Reads a `:lab` line.
  static func parse(_ line: SourceLine) -> Result<LabEventCheck, LessonProblem.Reason> {
    let (text, message) = line.splitMessage()
    let usage = "a lab line is ':lab crash|restart MODE [after KEY…]'"
    guard case .arguments(let argv) = Tokenizer.split(Array(text.utf8)) else {
      return .failure(.message("\(usage), but this one has unbalanced quotes"))
    }
    let words = argv.map { String(decoding: $0, as: UTF8.self) }
    guard words.count >= 3, let action = Action(rawValue: words[1].lowercased()) else {
      return .failure(.message(usage))
    }
    guard let mode = Persistence(labName: words[2]) else {
      return .failure(
        .message(
          "unknown persistence mode '\(words[2])' (one of \(Persistence.labNames.joined(separator: ", ")))"
        ))
    }
    var keys: [[UInt8]] = []
    if words.count > 3 {
      guard words[3].lowercased() == "after", words.count > 4 else {
        return .failure(.message("\(usage): after the mode comes 'after' and at least one key"))
      }
      keys = Array(argv[4...])
    }
    return .success(
      LabEventCheck(
        action: action, mode: mode.labName, keys: keys, message: message, source: line))
  }

  /// Nil when `events` hold what the line asks for; otherwise what is missing, in one
  /// sentence for the learner.
  ///
  /// `keysOf` names the keys of a command and `writes` says whether it can change data (both
  /// asked of the server).
  func missing(
    in events: [LabEventLog.Event], keysOf: ([[UInt8]]) -> [[UInt8]],
    writes: ([[UInt8]]) -> Bool
  ) -> String? {
    let wanted = action == .crash ? ":sandbox crash" : ":sandbox restart \(mode)"
    guard
      let index = events.lastIndex(where: {
        switch $0 {
        case .crashed, .restarted: return true
        case .command, .stageRun: return false
        }
      })
    else {
      return "no \(wanted) since this step opened"
    }
    let happened: (Action, Persistence)
    switch events[index] {
    case .crashed(let mode): happened = (.crash, mode)
    case .restarted(let mode): happened = (.restart, mode)
    case .command, .stageRun: return nil
    }
    let shown = happened.0 == .crash ? "crash" : "restart"
    if happened.0 != action {
      return action == .crash
        ? "the last lab action was a clean restart, not a \(wanted)"
        : "the last lab action was a crash, not a clean \(wanted)"
    }
    if happened.1.labName != mode {
      return happened.0 == .crash
        ? "the server ran in mode \(happened.1.labName) when it crashed, not \(mode)"
        : "the server restarted in mode \(happened.1.labName), not \(mode)"
    }
    func wrote(_ key: [UInt8], in range: Range<Int>) -> Bool {
      events[range].contains {
        guard case .command(let argv) = $0, argv.dropFirst().contains(key) else { return false }
        return keysOf(argv).contains(key) && writes(argv)
      }
    }
    for key in keys {
      let name = String(decoding: key, as: UTF8.self)
      if !wrote(key, in: 0..<index) {
        return "\(name) was not written between this step's start and the \(shown)"
      }
      if wrote(key, in: (index + 1)..<events.count) {
        return
          "\(name) was written again after the \(shown), so it no longer shows what the \(shown) did"
      }
    }
    return nil
  }
}

extension SourceLine {
  /// An event line (`:lab`, `:stage`) without its trailing `# message`, and the message.
  func splitMessage() -> (text: String, message: String?) {
    let text = self.text.trimmed()
    guard let hash = text.firstRange(of: " #") else { return (text, nil) }
    let after = text[hash.upperBound...].trimmed()
    return (String(text[..<hash.lowerBound]), after.isEmpty ? nil : after)
  }
}
