import Lessons
import Quiz
import RedisClient

/// How a quiz session talks to the world: lines in, text out, the server, the clock.
///
/// The shell, `redis-tutor quiz` and the tests all drive the same session through these.
public struct QuizIO {
  /// Reads one line after showing the prompt; nil at end of input or on Ctrl-C.
  public var readLine: (String) -> String?
  /// Shows text to the learner.
  public var write: (String) -> Void
  /// Runs a Redis command line the learner typed in a challenge, printing its reply as
  /// redis-cli would; false when the server answered with an error or it could not be sent.
  public var runCommand: (String) -> Bool
  /// The connection to the sandbox, or nil when there is none.
  public var connection: () -> Connection?
  /// A reply as redis-cli prints it.
  public var formatReply: (Reply) -> String
  /// The time now, in seconds since the epoch.
  public var now: () -> Double
  /// The learner's calendar day for a time, `YYYY-MM-DD`.
  public var calendarDay: (Double) -> String

  public init(
    readLine: @escaping (String) -> String?, write: @escaping (String) -> Void,
    runCommand: @escaping (String) -> Bool, connection: @escaping () -> Connection?,
    formatReply: @escaping (Reply) -> String, now: @escaping () -> Double,
    calendarDay: @escaping (Double) -> String
  ) {
    self.readLine = readLine
    self.write = write
    self.runCommand = runCommand
    self.connection = connection
    self.formatReply = formatReply
    self.now = now
    self.calendarDay = calendarDay
  }
}

/// How a quiz session ended.
public enum QuizOutcome: Sendable, Equatable {
  /// Every card was asked.
  case finished
  /// The learner stopped (q, Ctrl-C, end of input); answered cards are saved.
  case stopped
  /// The learner typed `:lesson`: open this step.
  case openLesson(day: Int, stepID: String)
}

/// Asks cards one by one, grades the answers, lets the learner adjust the rating, and saves
/// each answer before the next card, so stopping at any point loses nothing answered.
public final class QuizPractice {
  private let deck: QuizDeck
  private let io: QuizIO
  private var generator: any RandomNumberGenerator
  /// Cards answered in this session.
  public private(set) var answered = 0
  /// Cards answered right in this session.
  public private(set) var right = 0
  /// Cards that could not be run (reported, not graded).
  public private(set) var broken = 0

  /// A session over `deck`; `generator` shuffles options and fuzzes intervals.
  public init(deck: QuizDeck, io: QuizIO, generator: any RandomNumberGenerator) {
    self.deck = deck
    self.io = io
    self.generator = generator
  }

  /// What one card's asking produced.
  private enum Answer {
    /// `attempt` is how a challenge went, which its rating comes from.
    case graded(correct: Bool, usedHint: Bool, attempt: ChallengeAttempt? = nil)
    /// An explain card: the learner's own words (nil when they asked for the model answer
    /// without writing one) and the rating the key points suggest.
    case selfRated(suggested: Rating, attempt: String?)
    case stop
    case lesson
    case broken(String)
  }

  /// Asks `cards` in order and returns how the session ended.
  public func run(_ cards: [QuizCard]) -> QuizOutcome {
    for (index, card) in cards.enumerated() {
      let status = deck.memory(of: card) == nil ? "new" : "review"
      io.write(
        "\n── Card \(index + 1) of \(cards.count) · day \(card.day) · \(card.kind.name) · \(status) ──\n"
      )
      let started = io.now()
      let answer = ask(card)
      switch answer {
      case .stop:
        summary(stopped: true, left: cards.count - index)
        return .stopped
      case .lesson:
        io.write("Opening day \(card.day) at step '\(card.stepID)'.\n")
        return .openLesson(day: card.day, stepID: card.stepID)
      case .broken(let reason):
        broken += 1
        io.write(
          "⚠ This card is broken: \(reason). It is not counted against you; `redis-tutor lessons check` reports it with its file and line.\n"
        )
        continue
      case .selfRated(let suggested, let attempt):
        let seconds = max(0, io.now() - started)
        let (rating, keepGoing) = confirmRating(suggested)
        let correct = rating != .again
        guard
          save(
            card,
            GradedAnswer(
              rating: rating, correct: correct, usedHint: false, seconds: seconds,
              attempt: attempt), keepGoing: keepGoing, left: cards.count - index - 1)
        else { return .stopped }
      case .graded(let correct, let usedHint, let attempt):
        let seconds = max(0, io.now() - started)
        if let explanation = card.explanation { io.write("  \(explanation)\n") }
        let (fast, slow) = Self.thresholds(card.kind)
        let suggested: Rating
        if let attempt {
          let suggestion = attempt.suggestion(
            usedHint: usedHint, seconds: seconds, fastSeconds: fast, slowSeconds: slow)
          io.write(suggestion.reason + "\n")
          suggested = suggestion.rating
        } else {
          suggested = AnswerGrade.rating(
            correct: correct, usedHint: usedHint, seconds: seconds, fastSeconds: fast,
            slowSeconds: slow)
        }
        let (rating, keepGoing) = confirmRating(suggested)
        guard
          save(
            card,
            GradedAnswer(rating: rating, correct: correct, usedHint: usedHint, seconds: seconds),
            keepGoing: keepGoing, left: cards.count - index - 1)
        else { return .stopped }
      }
    }
    summary(stopped: false, left: 0)
    return .finished
  }

  /// Counts and saves one answer and says when the card comes back; false (after the
  /// summary) when the learner stopped at the rating prompt.
  private func save(_ card: QuizCard, _ answer: GradedAnswer, keepGoing: Bool, left: Int) -> Bool {
    answered += 1
    if answer.correct { right += 1 }
    do {
      let now = io.now()
      let due = try deck.record(
        card, answer: answer, at: now, today: io.calendarDay(now), using: &generator)
      io.write(
        "Rated \(Self.name(answer.rating)); next review \(Self.describeInterval(due - now)).\n")
    } catch {
      io.write("⚠ This answer could not be saved: \(error)\n")
    }
    if !keepGoing { summary(stopped: true, left: left) }
    return keepGoing
  }

  private func summary(stopped: Bool, left: Int) {
    var text = stopped ? "\nQuiz stopped: " : "\nQuiz done: "
    text += "\(answered) card\(answered == 1 ? "" : "s") answered, \(right) right"
    if broken > 0 { text += ", \(broken) broken card\(broken == 1 ? "" : "s") skipped" }
    text += stopped ? "; answers so far are saved (\(left) left).\n" : ".\n"
    io.write(text)
  }

  // MARK: - Asking

  private func ask(_ card: QuizCard) -> Answer {
    io.write(card.question + "\n")
    switch card.kind {
    case .choice(let options, let rightIndex): return askChoice(card, options, rightIndex)
    case .answer(let accepted): return askText(card, accepted)
    case .predict(_, _, let accepted): return askPrediction(card, accepted)
    case .challenge: return askChallenge(card)
    case .explain(let model, let points): return askExplanation(model: model, points: points)
    }
  }

  /// A line typed at an answer prompt, once hints and empty lines are dealt with.
  private enum Typed {
    case stop, lesson
    case text(String)
  }

  /// Reads lines at `prompt` until one is an answer (or q, Ctrl-C, `:lesson`): `?` shows the
  /// next hint (and sets `usedHint`), an empty line shows `whenEmpty` and asks again.
  private func readAnswer(
    _ prompt: String, card: QuizCard, usedHint: inout Bool, whenEmpty: String?
  ) -> Typed {
    while true {
      guard let line = io.readLine(prompt) else { return .stop }
      let text = line.trimmed()
      switch text.lowercased() {
      case _ where Self.stopWords.contains(text.lowercased()): return .stop
      case ":lesson": return .lesson
      case "?", ":hint": usedHint = showHint(card) || usedHint
      case "": if let whenEmpty { io.write(whenEmpty + "\n") }
      default: return .text(text)
      }
    }
  }

  /// What stops the quiz at an answer prompt.
  private static let stopWords: Set<String> = ["q", ":q", ":quit", "quit", "exit"]

  private var hintsShown = 0

  /// An answer prompt that offers `?` only when the card has a hint to give.
  private static func prompt(_ lead: String, for card: QuizCard) -> String {
    "\(lead) (\(card.hints.isEmpty ? "" : "? hint, "):lesson, q stops) > "
  }

  private func showHint(_ card: QuizCard) -> Bool {
    guard hintsShown < card.hints.count else {
      io.write(
        card.hints.isEmpty ? "No hint for this card.\n" : "No more hints for this card.\n")
      return false
    }
    io.write("Hint: \(card.hints[hintsShown])\n")
    hintsShown += 1
    return true
  }

  private func askChoice(_ card: QuizCard, _ options: [String], _ rightIndex: Int) -> Answer {
    hintsShown = 0
    let order = Array(options.indices).shuffled(using: &generator)
    for (number, index) in order.enumerated() { io.write("  \(number + 1)) \(options[index])\n") }
    var usedHint = false
    while true {
      switch readAnswer(
        Self.prompt("answer 1-\(options.count)", for: card), card: card, usedHint: &usedHint,
        whenEmpty: "Type the number of your answer (or q to stop).")
      {
      case .stop: return .stop
      case .lesson: return .lesson
      case .text(let text):
        let chosen: Int?
        if let number = Int(text) {
          guard (1...options.count).contains(number) else {
            io.write("Choose a number from 1 to \(options.count).\n")
            continue
          }
          chosen = order[number - 1]
        } else {
          chosen = options.indices.first {
            AnswerText.normalized(options[$0]) == AnswerText.normalized(text)
          }
          if chosen == nil {
            io.write("Choose a number from 1 to \(options.count), or type an option as shown.\n")
            continue
          }
        }
        let correct = chosen == rightIndex
        let shown = (order.firstIndex(of: rightIndex) ?? 0) + 1
        io.write(correct ? "✓ Right.\n" : "✗ The answer is \(shown)) \(options[rightIndex]).\n")
        return .graded(correct: correct, usedHint: usedHint)
      }
    }
  }

  private func askText(_ card: QuizCard, _ accepted: [String]) -> Answer {
    hintsShown = 0
    var usedHint = false
    switch readAnswer(
      Self.prompt("answer", for: card), card: card, usedHint: &usedHint,
      whenEmpty: card.hints.isEmpty
        ? "Type an answer (q to stop)." : "Type an answer (? for a hint, q to stop).")
    {
    case .stop: return .stop
    case .lesson: return .lesson
    case .text(let text):
      let correct = AnswerText.matches(text, accepted: accepted)
      io.write(correct ? "✓ Right.\n" : "✗ The answer is \(accepted.first ?? "").\n")
      return .graded(correct: correct, usedHint: usedHint)
    }
  }

  private func askPrediction(_ card: QuizCard, _ accepted: [String]) -> Answer {
    hintsShown = 0
    guard case .predict(let setup, let run, _) = card.kind else {
      return .broken("not a prediction")
    }
    return onFreshKeys(card, setup: setup) { runner, _ in
      var usedHint = false
      switch readAnswer(
        Self.prompt("your prediction", for: card), card: card, usedHint: &usedHint,
        whenEmpty: "Type what you expect the server to reply (like 1, nil or an error).")
      {
      case .stop: return .stop
      case .lesson: return .lesson
      case .text(let text):
        let reply: Reply
        do {
          reply = try runner.runPredicted(card)
        } catch {
          return .broken("\(error)")
        }
        io.write("The server says, for \(run.text):\n\(io.formatReply(reply))")
        let correct = PredictedReply.isRight(text, card: accepted, reply: reply)
        io.write(correct ? "✓ Right.\n" : "✗ Not what you predicted.\n")
        return .graded(correct: correct, usedHint: usedHint)
      }
    }
  }

  /// Runs `body` with the card's keys fresh (deleted, then set up), and deletes them after;
  /// a card whose setup fails is broken.
  private func onFreshKeys(
    _ card: QuizCard, setup: [SourceLine], _ body: (CardRunner, [[UInt8]]) -> Answer
  ) -> Answer {
    let runner: CardRunner
    let keys: [[UInt8]]
    do {
      (runner, keys) = try prepare(card, setup: setup)
    } catch {
      return .broken("\(error)")
    }
    defer { try? runner.clean(keys) }
    return body(runner, keys)
  }

  /// Connects, gives the card fresh keys (deleted, then set up) and says what was set up.
  private func prepare(_ card: QuizCard, setup: [SourceLine]) throws -> (CardRunner, [[UInt8]]) {
    guard let connection = io.connection() else {
      throw CardRunner.Broken("it needs the sandbox server, and there is no connection")
    }
    let runner = CardRunner(connection: connection)
    let keys = try runner.prepare(card)
    if !setup.isEmpty {
      io.write("(Set up on the sandbox: \(setup.map(\.text).joined(separator: "; ")))\n")
    }
    return (runner, keys)
  }

  private func askChallenge(_ card: QuizCard) -> Answer {
    hintsShown = 0
    guard case .challenge(let setup, _, let solutions) = card.kind else {
      return .broken("not a challenge")
    }
    return onFreshKeys(card, setup: setup) { runner, keys in
      let hint = card.hints.isEmpty ? "" : " ? a hint,"
      io.write(
        "Type Redis commands until it is done; :check says what is missing,\(hint) :give-up the answer, q stops.\n"
      )
      var usedHint = false
      var tracker = ChallengeTracker(
        keys: keys, solutions: solutions, connection: io.connection())
      while true {
        switch readAnswer("challenge> ", card: card, usedHint: &usedHint, whenEmpty: nil) {
        case .stop: return .stop
        case .lesson: return .lesson
        case .text(let text):
          let checking = text.lowercased() == ":check"
          if text.lowercased() == ":give-up" {
            io.write("✗ One way: \(solutions.map(\.text).joined(separator: "  or  "))\n")
            tracker.attempt.gaveUp = true
            return .graded(correct: false, usedHint: usedHint, attempt: tracker.attempt)
          }
          if checking && tracker.inTransaction {
            io.write("A transaction is open: EXEC or DISCARD it, then :check.\n")
            continue
          }
          var effect = ChallengeTracker.Effect.none
          if !checking {
            if text.hasPrefix(":") {
              io.write(
                "In a challenge: Redis commands, :check,\(card.hints.isEmpty ? "" : " ?,") :give-up, :lesson or q.\n"
              )
              continue
            }
            let accepted = io.runCommand(text)
            effect = tracker.ran(text, accepted: accepted)
            // Queued commands have not run yet, and checking would queue the check too.
            if tracker.inTransaction { continue }
          }
          let failures: [CheckFailure]
          do {
            failures = try runner.check(card)
          } catch {
            return .broken("\(error)")
          }
          if failures.isEmpty {
            io.write("✓ Done: the server now holds what was asked.\n")
            if solutions.count > 1 {
              io.write("  Ways that pass: \(solutions.map(\.text).joined(separator: " | "))\n")
            }
            return .graded(correct: true, usedHint: usedHint, attempt: tracker.attempt)
          }
          if checking {
            tracker.attempt.failedChecks += 1
            for failure in failures { io.write("  Not yet: \(failure.explanation)\n") }
          } else if effect == .changedKeys {
            tracker.attempt.failedChecks += 1
          }
        }
      }
    }
  }

  /// Asks for the learner's own words first (an empty line asks again; `?` or `:give-up`
  /// shows the model answer without one), then shows the model answer and which key points
  /// the attempt names, and suggests a rating from them.
  private func askExplanation(model: String, points: [String]) -> Answer {
    var attempt: String?
    reading: while true {
      guard
        let line = io.readLine(
          "your answer, in your own words (? shows the model answer, :lesson, q stops) > ")
      else { return .stop }
      let text = line.trimmed()
      switch text.lowercased() {
      case _ where Self.stopWords.contains(text.lowercased()): return .stop
      case ":lesson": return .lesson
      case "?", ":give-up", ":hint": break reading
      case "":
        io.write(
          "Write your answer first, even a rough one: the model answer comes after it (? shows it without one).\n"
        )
      default:
        attempt = text
        break reading
      }
    }
    io.write("Model answer:\n")
    for line in model.split(separator: "\n") { io.write("  \(line)\n") }
    guard let attempt else {
      io.write("No answer of your own this time, so Again is suggested.\n")
      return .selfRated(suggested: .again, attempt: nil)
    }
    guard !points.isEmpty else {
      io.write("Compare it with yours and rate yourself.\n")
      return .selfRated(suggested: .good, attempt: attempt)
    }
    let named = ExplainAnswer.named(attempt, points: points)
    let count = named.filter { $0 }.count
    io.write("Key points (your answer names \(count) of \(points.count)):\n")
    for (point, isNamed) in zip(points, named) {
      io.write("  \(isNamed ? "✓" : "✗") \(ExplainAnswer.shown(point))\n")
    }
    let suggested = Self.suggestion(named: count, of: points.count)
    io.write(
      "Suggested \(Self.name(suggested)) from the key points your words name; this is a plain word match, so rate what you meant.\n"
    )
    return .selfRated(suggested: suggested, attempt: attempt)
  }

  /// The rating an explain card's key points suggest: all named is Good, at least half is
  /// Hard, fewer is Again.
  static func suggestion(named: Int, of total: Int) -> Rating {
    if named >= total { return .good }
    return named * 2 >= total ? .hard : .again
  }

  // MARK: - Rating

  /// Shows the suggested rating and lets the learner change it; the second value is false
  /// when the learner stopped at this prompt (the suggested rating is kept).
  private func confirmRating(_ suggested: Rating) -> (Rating, Bool) {
    while true {
      guard
        let line = io.readLine(
          "rating \(Self.name(suggested)): Enter keeps it, or 1 Again 2 Hard 3 Good 4 Easy > ")
      else { return (suggested, false) }
      let word = line.trimmed().lowercased()
      if word.isEmpty { return (suggested, true) }
      if word == "q" { return (suggested, false) }
      if let number = Int(word), let rating = Rating(rawValue: number) { return (rating, true) }
      if let rating = Rating.allCases.first(where: { Self.name($0).lowercased() == word }) {
        return (rating, true)
      }
      io.write("Press Enter, or type 1, 2, 3 or 4.\n")
    }
  }

  /// Seconds under which a right answer is fast (Easy) and over which it is slow (Hard).
  static func thresholds(_ kind: QuizCard.Kind) -> (fast: Double, slow: Double) {
    switch kind {
    case .choice: return (8, 30)
    case .answer, .predict: return (12, 45)
    case .challenge: return (25, 120)
    // Never used to rate: an explain card is rated by its key points and the learner.
    case .explain: return (60, 300)
    }
  }

  static func name(_ rating: Rating) -> String {
    switch rating {
    case .again: return "Again"
    case .hard: return "Hard"
    case .good: return "Good"
    case .easy: return "Easy"
    }
  }

  /// "in 10 minutes", "in 3 hours", "in 4 days".
  public static func describeInterval(_ seconds: Double) -> String {
    func plural(_ count: Int, _ unit: String) -> String {
      "in \(count) \(unit)\(count == 1 ? "" : "s")"
    }
    if seconds < 3600 { return plural(max(1, Int((seconds / 60).rounded())), "minute") }
    if seconds < 86400 { return plural(Int((seconds / 3600).rounded()), "hour") }
    return plural(Int((seconds / 86400).rounded()), "day")
  }
}
