import Foundation
import RedisClient

/// A reply that differs from the recording where no rule allows it.
public struct RerunDifference: Sendable, Equatable {
  /// The command's position in the session.
  public var seq: Int
  /// The command as typed, arguments quoted the way redis-cli does where needed.
  public var command: String
  /// The reply in the recording (terminal text).
  public var recorded: String
  /// The reply now (terminal text).
  public var now: String
  /// The lesson step the command was typed in, if any.
  public var step: String?

  public init(seq: Int, command: String, recorded: String, now: String, step: String?) {
    self.seq = seq
    self.command = command
    self.recorded = recorded
    self.now = now
    self.step = step
  }
}

/// A reply that differs from the recording in a way a rule expects.
public struct ExpectedDifference: Sendable, Equatable {
  /// The command's position in the session.
  public var seq: Int
  /// The command as typed.
  public var command: String
  /// Why it may differ (the rule's reason).
  public var reason: String
  /// The rule's short label ("countdown", "clock" …), for the summary.
  public var label: String

  public init(seq: Int, command: String, reason: String, label: String) {
    self.seq = seq
    self.command = command
    self.reason = reason
    self.label = label
  }
}

/// A recorded command the re-run did not send.
public struct SkippedCommand: Sendable, Equatable {
  /// The command's position in the session.
  public var seq: Int
  /// The command as typed.
  public var command: String
  /// Why it was not sent.
  public var reason: String

  public init(seq: Int, command: String, reason: String) {
    self.seq = seq
    self.command = command
    self.reason = reason
  }
}

/// What a re-run found.
public struct RerunResult: Sendable, Equatable {
  /// How many commands were re-run and compared.
  public var compared: Int
  /// Replies that differ as a rule expects.
  public var expectedDifferences: [ExpectedDifference]
  /// Replies that differ where no rule allows it.
  public var differences: [RerunDifference]
  /// Commands not re-run, with their reasons.
  public var skipped: [SkippedCommand]

  /// Replies equal to the recording, as text.
  public var identical: Int { compared - expectedDifferences.count - differences.count }

  public init(
    compared: Int = 0, expectedDifferences: [ExpectedDifference] = [],
    differences: [RerunDifference] = [], skipped: [SkippedCommand] = []
  ) {
    self.compared = compared
    self.expectedDifferences = expectedDifferences
    self.differences = differences
    self.skipped = skipped
  }
}

/// `redis-tutor replay ID --rerun`: sends a recording's commands again and compares replies.
public struct Rerunner {
  /// A connection to a fresh, empty server the caller started.
  public let connection: Connection

  public init(connection: Connection) {
    self.connection = connection
  }

  /// Re-runs `commands` in order against `connection` (a fresh, empty server the caller
  /// started), selecting each command's database first when it changes, and compares each
  /// reply with the recorded one under `RerunRules`.
  ///
  /// A countdown rule allows for the time elapsed: the recording's time from its first
  /// command to this one plus the re-run's own time so far. `progress` gets the number of
  /// commands done and the total. Throws when the connection fails.
  public func run(_ commands: [LoggedCommand], progress: (Int, Int) -> Void = { _, _ in })
    throws -> RerunResult
  {
    var result = RerunResult()
    let start = ContinuousClock.now
    let firstAt = commands.first?.at ?? 0
    for (index, command) in commands.enumerated() {
      let rerunElapsed = (ContinuousClock.now - start) / .seconds(1)
      try record(command, elapsed: command.at - firstAt + rerunElapsed, in: &result)
      progress(index + 1, commands.count)
    }
    return result
  }

  /// Re-runs one command (or skips it) and adds what happened to `result`.
  private func record(_ command: LoggedCommand, elapsed: Double, in result: inout RerunResult)
    throws
  {
    if let reason = RerunSkips.reason(for: command) {
      result.skipped.append(
        SkippedCommand(seq: command.seq, command: command.commandLine, reason: reason))
      return
    }
    try select(command.database)
    let argv = BlockingCommand(command.argv)?.capped ?? command.argv
    let reply: Reply
    switch Result(catching: { () throws(RedisError) in
      try connection.send(argv.map { Array($0.utf8) })
    }) {
    case .success(let received):
      reply = received
    case .failure(.refused(let message)):
      result.skipped.append(
        SkippedCommand(seq: command.seq, command: command.commandLine, reason: message))
      return
    case .failure(let error):
      throw error
    }
    result.compared += 1
    let now = LoggedCommand.replyText(reply, to: command.argv)
    guard now != command.reply else { return }
    if let rule = RerunRules.rule(for: command.argv),
      rule.comparison.accepts(recorded: command.reply, now: now, elapsed: elapsed)
    {
      result.expectedDifferences.append(
        ExpectedDifference(
          seq: command.seq, command: command.commandLine, reason: rule.reason,
          label: "\(command.name) \(rule.comparison.label)"))
    } else {
      result.differences.append(
        RerunDifference(
          seq: command.seq, command: command.commandLine, recorded: command.reply, now: now,
          step: command.step))
    }
  }

  /// Selects `database` when the connection is on another one.
  private func select(_ database: Int) throws(RedisError) {
    guard connection.database != database else { return }
    try connection.send("SELECT", String(database))
  }
}
