import Lessons
import Quiz
import RedisClient

/// What went wrong on the way through a challenge card, and the rating that leads to.
///
/// A clean pass is rated by time and hints alone, as every card is. Each failed check, error
/// reply and rebuild is a mistake: one caps the rating at Good, two or more, or any rebuild,
/// at Hard; giving up is Again.
struct ChallengeAttempt: Sendable, Equatable {
  /// `:check`s that did not pass, and commands that changed the card's keys and still left
  /// the check failing (except steps of the card's own multi-command solutions).
  var failedChecks = 0
  /// Commands the server answered with an error.
  var errorReplies = 0
  /// The commands that undid earlier work, as typed; see `Rebuild` for the rule.
  var rebuilds: [String] = []
  /// True when the learner typed `:give-up` and was shown the solution.
  var gaveUp = false

  init() {}

  /// Every mistake counted, rebuilds included.
  var mistakes: Int { failedChecks + errorReplies + rebuilds.count }

  /// The suggested rating and one line saying why, such as
  /// "Hard: 1 failed check and 1 rebuild (DEL rt:quiz:k)".
  func suggestion(
    usedHint: Bool, seconds: Double, fastSeconds: Double, slowSeconds: Double
  ) -> (rating: Rating, reason: String) {
    if gaveUp { return (.again, "Again: you gave up, so the solution was shown") }
    var rating = AnswerGrade.rating(
      correct: true, usedHint: usedHint, seconds: seconds, fastSeconds: fastSeconds,
      slowSeconds: slowSeconds)
    if !rebuilds.isEmpty || mistakes >= 2 {
      rating = min(rating, .hard)
    } else if mistakes == 1 {
      rating = min(rating, .good)
    }
    var reasons: [String] = []
    if failedChecks > 0 {
      reasons.append(Self.count(failedChecks, "failed check", "failed checks"))
    }
    if errorReplies > 0 { reasons.append(Self.count(errorReplies, "error reply", "error replies")) }
    if !rebuilds.isEmpty {
      reasons.append(
        Self.count(rebuilds.count, "rebuild", "rebuilds") + " (\(rebuilds.joined(separator: ", ")))"
      )
    }
    if usedHint { reasons.append("a hint") }
    let time = "\(Int(seconds.rounded())) s"
    if seconds > slowSeconds { reasons.append("slow (\(time))") }
    let why =
      reasons.isEmpty
      ? "first try, no wrong commands, in \(time)" : Self.joined(reasons)
    return (rating, "\(QuizPractice.name(rating)): \(why)")
  }

  private static func count(_ count: Int, _ one: String, _ many: String) -> String {
    "\(count) \(count == 1 ? one : many)"
  }

  /// "a", "a and b", "a, b and c".
  private static func joined(_ parts: [String]) -> String {
    guard parts.count > 1 else { return parts.first ?? "" }
    return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
  }
}

/// Which learner commands undo earlier work in a challenge.
///
/// A command is a rebuild when it removes a card key that an earlier command of the learner's
/// already changed (DEL, UNLINK, GETDEL, EXPIRE … 0, popping the last element…), when it
/// writes a whole new value over such a key (`overwriting`), or when it is a FLUSHDB or
/// FLUSHALL that removes any card key. Removing or overwriting what the card's setup made is
/// not a rebuild: several challenges are solved that way.
enum Rebuild {
  /// Commands that replace a key's whole value rather than change part of it.
  static let overwriting: Set<String> = ["SET", "SETEX", "PSETEX", "GETSET", "MSET"]
  /// Commands that empty a whole database.
  static let flushing: Set<String> = ["FLUSHDB", "FLUSHALL"]

  /// Whether `command` undid earlier work, given the card keys that existed before it and
  /// that it `changed`, those of them it `removed`, and those the learner had `changedBefore`.
  static func isRebuild(
    command: String, changed: Set<[UInt8]>, removed: Set<[UInt8]>,
    changedBefore: Set<[UInt8]>
  ) -> Bool {
    if flushing.contains(command) { return !removed.isEmpty }
    let ownWork = changed.intersection(changedBefore)
    guard !ownWork.isEmpty else { return false }
    return !ownWork.isDisjoint(with: removed) || overwriting.contains(command)
  }
}

/// What the card's keys hold, to see which a command changed.
///
/// A key's state is its DUMP (type and value) and its absolute expiry (PEXPIRETIME), so time
/// passing does not look like a change; on a server without PEXPIRETIME only values compare.
struct CardKeyState: Equatable {
  private var states: [[UInt8]: [Reply]]

  /// Reads `keys` on `connection`.
  init(_ keys: [[UInt8]], on connection: Connection) throws(RedisError) {
    var states: [[UInt8]: [Reply]] = [:]
    for key in keys {
      states[key] = [
        try connection.send([Array("DUMP".utf8), key]),
        try connection.send([Array("PEXPIRETIME".utf8), key]),
      ]
    }
    self.states = states
  }

  /// The keys whose state differs from `earlier`.
  func changed(since earlier: CardKeyState) -> Set<[UInt8]> {
    Set(states.keys.filter { states[$0] != earlier.states[$0] })
  }

  /// The keys that do not exist now.
  var absent: Set<[UInt8]> {
    Set(states.filter { $0.value.first == .null }.keys)
  }
}

/// Follows the learner's commands through one challenge and counts what went wrong.
struct ChallengeTracker {
  /// What one command did to the card's keys.
  enum Effect {
    /// Nothing the check could see: no card key changed, or it could not be told.
    case none
    /// It changed card keys.
    case changedKeys
    /// It undid earlier work (counted in `attempt.rebuilds`).
    case rebuilt
    /// It changed card keys as a step of one of the card's multi-command solutions.
    case solutionStep
  }

  /// The mistakes so far.
  var attempt = ChallengeAttempt()
  /// True while a MULTI is open, so commands are only queued.
  var inTransaction: Bool { connection?.inTransaction ?? false }
  private let keys: [[UInt8]]
  private let connection: Connection?
  /// Each step of the card's multi-command solutions, folded by `folded`.
  private let solutionSteps: Set<[[UInt8]]>
  private var state: CardKeyState?
  private var changedSoFar: Set<[UInt8]> = []

  /// A tracker of the card's `keys` (read on `connection`, after setup).
  init(keys: [[UInt8]], solutions: [SourceLine], connection: Connection?) {
    self.keys = keys
    self.connection = connection
    solutionSteps = Set(
      solutions.map { CardCommands.split($0.text) }.filter { $0.count > 1 }.joined()
        .compactMap(CardCommands.argv).map(Self.folded))
    state = connection.flatMap { try? CardKeyState(keys, on: $0) }
  }

  /// Counts what the command line `text` did; `accepted` is false for an error reply.
  mutating func ran(_ text: String, accepted: Bool) -> Effect {
    if !accepted { attempt.errorReplies += 1 }
    let argv = CardCommands.argv(text) ?? []
    let name = argv.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
    // Reading the keys now would queue the reads; EXEC compares against the state before MULTI.
    guard !inTransaction, let connection else { return .none }
    let before = state
    state = try? CardKeyState(keys, on: connection)
    guard let before, let after = state else { return .none }
    let changed = after.changed(since: before)
    guard !changed.isEmpty else { return .none }
    defer { changedSoFar.formUnion(changed) }
    let existed = changed.subtracting(before.absent)
    if Rebuild.isRebuild(
      command: name, changed: existed, removed: existed.intersection(after.absent),
      changedBefore: changedSoFar)
    {
      attempt.rebuilds.append(text)
      return .rebuilt
    }
    return solutionSteps.contains(Self.folded(argv)) ? .solutionStep : .changedKeys
  }

  /// A command compared ignoring case, as the learner may type it either way.
  private static func folded(_ argv: [[UInt8]]) -> [[UInt8]] {
    argv.map { Array(String(decoding: $0, as: UTF8.self).lowercased().utf8) }
  }
}
