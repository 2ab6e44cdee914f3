import RedisClient

/// Runs a quiz card's commands on the server: fresh keys before, checks, the predicted
/// command, and clean-up after.
///
/// A card whose own commands go wrong (a setup line that gets an error reply, a check that
/// is refused or cannot run) throws `CardRunner.Broken`: that is the card's fault, never the
/// learner's, and the quiz does not grade it.
public final class CardRunner {
  /// Why a card could not be run as written.
  public struct Broken: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in one line.
    public var description: String

    public init(_ description: String) { self.description = description }
  }

  /// The prefix every card key must start with, so the quiz never touches lesson keys.
  public static let keyPrefix = "rt:quiz:"

  private let connection: Connection
  private let safety: CommandSafety

  public init(connection: Connection, safety: CommandSafety = CommandSafety()) {
    self.connection = connection
    self.safety = safety
  }

  /// The keys the card's commands name, as the server finds them, under `rt:quiz:` only.
  public func keys(of card: QuizCard) -> [[UInt8]] {
    var seen: Set<[UInt8]> = []
    return card.commands.flatMap { LessonKeys.keys(of: $0, on: connection) }
      .filter { $0.starts(with: Array(Self.keyPrefix.utf8)) && seen.insert($0).inserted }
  }

  /// Deletes the card's keys and runs its setup lines, so every attempt starts the same.
  public func prepare(_ card: QuizCard) throws -> [[UInt8]] {
    let keys = keys(of: card)
    try clean(keys)
    let setup: [SourceLine]
    switch card.kind {
    case .challenge(let lines, _, _), .predict(let lines, _, _): setup = lines
    case .choice, .answer, .explain: setup = []
    }
    for line in setup {
      guard let argv = CardCommands.argv(line) else { continue }
      let reply = try send(argv)
      if reply.isError {
        throw Broken("its setup line '\(line.text)' got an error: \(reply.string ?? "")")
      }
    }
    return keys
  }

  /// Deletes `keys` (all under `rt:quiz:`).
  public func clean(_ keys: [[UInt8]]) throws {
    guard !keys.isEmpty else { return }
    _ = try send([Array("DEL".utf8)] + keys)
  }

  /// Runs a challenge's check on the current state of the server.
  ///
  /// Returns the failures (empty when the challenge is solved).
  public func check(_ card: QuizCard) throws -> [CheckFailure] {
    guard case .challenge(_, let check, _) = card.kind else { return [] }
    switch try CheckRunner(connection: connection, safety: safety).run(check) {
    case .passed: return []
    case .notYet(let failures): return failures
    case .refused(let line, let reason):
      throw Broken("its check '\(line.commandText)' was refused: \(reason)")
    case .needsNewerRedis(let needs, let have):
      throw Broken("it needs Redis \(needs), and the server runs \(have)")
    }
  }

  /// Runs a predict card's command (after `prepare`) and returns the real reply.
  public func runPredicted(_ card: QuizCard) throws -> Reply {
    guard case .predict(_, let run, _) = card.kind, let argv = CardCommands.argv(run) else {
      throw Broken("it has no command to run")
    }
    return try send(argv)
  }

  /// Runs one solution line's commands; throws `Broken` when one gets an error reply.
  public func runSolution(_ solution: SourceLine) throws {
    for command in CardCommands.split(solution.text) {
      guard let argv = CardCommands.argv(command) else { continue }
      let reply = try send(argv)
      if reply.isError {
        throw Broken("its solution '\(command.text)' got an error: \(reply.string ?? "")")
      }
    }
  }

  /// Runs a mistake's or an alternative's commands, whatever their replies.
  ///
  /// Returns the first error reply, as a line for messages, or nil when none got one.
  public func runAttempt(_ attempt: Attempt) throws -> String? {
    var errorReply: String?
    for line in attempt.commands {
      guard let argv = CardCommands.argv(line) else { continue }
      let reply = try send(argv)
      if reply.isError, errorReply == nil {
        errorReply = "'\(line.text)' got an error reply: \(reply.string ?? "")"
      }
    }
    return errorReply
  }

  private func send(_ argv: [[UInt8]]) throws(RedisError) -> Reply {
    try connection.send(argv)
  }
}

/// A reply as a one-line answer, for predict cards: digits, `nil`, the text, the error
/// message, or the elements joined by spaces.
public enum PredictedReply {
  /// The reply as the learner would type it.
  public static func text(_ reply: Reply) -> String {
    switch reply {
    case .null: return "nil"
    case .array(let elements): return elements.map(text).joined(separator: " ")
    default: return reply.string ?? ""
    }
  }

  /// Whether `given` predicts `reply`: one of the card's accepted answers, or the reply itself.
  public static func isRight(_ given: String, card accepted: [String], reply: Reply?) -> Bool {
    AnswerText.matches(given, accepted: accepted + (reply.map { [text($0)] } ?? []))
  }
}
