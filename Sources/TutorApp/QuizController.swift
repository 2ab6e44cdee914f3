import Lessons
import Progress
import Quiz
import RedisCLIFormat
import SelfQuiz
import Shell

/// Puts the self-quiz into the shell: `:quiz`, the daily greeting, and `redis-tutor quiz`.
///
/// Cards and memories come from the lesson controller's library (the lessons and the
/// progress database); a `:lesson` typed during the quiz opens the card's step there.
public final class QuizController: ShellPlugin {
  private let lessons: LessonController
  private let clock: StudyClock
  private let makeGenerator: () -> any RandomNumberGenerator

  /// A controller over `lessons`' cards; `generator` makes the randomness for one session
  /// (option order, interval fuzz).
  public init(
    lessons: LessonController, clock: StudyClock,
    generator: @escaping () -> any RandomNumberGenerator = { SystemRandomNumberGenerator() }
  ) {
    self.lessons = lessons
    self.clock = clock
    makeGenerator = generator
  }

  /// Installs `:quiz` on `shell`.
  public func attach(to shell: Shell) { shell.install(self) }

  /// `:quiz`.
  public var metaCommands: [MetaCommand] {
    [
      MetaCommand(
        name: "quiz", usage: ":quiz [stats|new|all|day N|limit N]",
        summary: "self-quiz: today's due reviews and new cards, scheduled with FSRS"
      ) { [self] shell, words in
        if words.first?.lowercased() == "stats" {
          showStats(on: shell)
          return
        }
        guard let selection = Self.selection(words) else {
          shell.note("Usage: :quiz [stats] | :quiz [new] [all] [day N] [limit N]")
          return
        }
        _ = run(selection, on: shell)
      },
      MetaCommand(
        name: "answers", usage: ":answers",
        summary:
          "answer this step's questions one at a time: your words first, then the model answer"
      ) { [self] shell, _ in
        answerStep(on: shell)
      },
    ]
  }

  /// `:answers`: asks the open step's explain cards in turn (a "Check yourself" list, or
  /// Day 7's "find the bug"), each answer before its model answer, and schedules each card
  /// by the learner's rating, so the questions come back in the quiz.
  @discardableResult
  public func answerStep(on shell: Shell) -> QuizOutcome {
    guard let session = lessons.session else {
      shell.note("No lesson open: :lesson N opens day N, and :answers works on its question steps.")
      return .stopped
    }
    let cards = session.step.explainCards
    guard !cards.isEmpty else {
      shell.note(
        "This step has no questions to answer in your own words; :quiz asks the day's cards.")
      return .stopped
    }
    guard let deck = deck(shell) else { return .stopped }
    write(
      "Answers for \"\(session.step.title)\": \(cards.count) question\(cards.count == 1 ? "" : "s"). Write your answer to each before its model answer is shown; your rating schedules it in the quiz.\n",
      on: shell)
    let outcome = QuizPractice(deck: deck, io: io(shell), generator: makeGenerator()).run(cards)
    if case .openLesson(let day, let stepID) = outcome {
      lessons.open(day: day, stepID: stepID)
    }
    return outcome
  }

  /// Reads `:quiz` words into a selection; nil for words it does not know.
  static func selection(_ words: [String]) -> QuizSelection? {
    var selection = QuizSelection()
    var index = 0
    while index < words.count {
      let word = words[index].lowercased()
      let number = index + 1 < words.count ? Int(words[index + 1]) : nil
      switch word {
      case "new": selection.newOnly = true
      case "all": selection.all = true
      case "day":
        guard let number, (1...7).contains(number) else { return nil }
        selection.day = number
        index += 1
      case "limit":
        guard let number, number > 0 else { return nil }
        selection.limit = number
        index += 1
      default: return nil
      }
      index += 1
    }
    return selection
  }

  private func deck(_ shell: Shell) -> QuizDeck? {
    let catalog = lessons.catalog
    guard let store = lessons.store else {
      shell.note("The quiz needs the progress database, and it could not be opened.")
      return nil
    }
    guard !catalog.lessons.isEmpty else {
      shell.note("No lessons loaded, so there are no cards.")
      return nil
    }
    do {
      let deck = try QuizDeck(catalog: catalog, store: store)
      if let problem = deck.settings.weightsProblem { shell.note(problem) }
      return deck
    } catch {
      shell.note("The quiz could not read its cards' memories: \(error)")
      return nil
    }
  }

  /// Runs a quiz session of `selection` in `shell` and returns how it ended.
  @discardableResult
  public func run(_ selection: QuizSelection, on shell: Shell) -> QuizOutcome {
    guard let deck = deck(shell) else { return .stopped }
    let now = clock.now()
    let cards = deck.queue(selection, now: now, today: StudyClock.calendarDay(now))
    guard !cards.isEmpty else {
      write(nothingToAsk(deck, selection, now: now), on: shell)
      return .finished
    }
    let fresh = cards.filter { deck.memory(of: $0) == nil }.count
    write(
      "Quiz (\(selection.summary)): \(cards.count) card\(cards.count == 1 ? "" : "s"), \(cards.count - fresh) due for review and \(fresh) new.\n",
      on: shell)
    let practice = QuizPractice(deck: deck, io: io(shell), generator: makeGenerator())
    let outcome = practice.run(cards)
    if case .openLesson(let day, let stepID) = outcome {
      lessons.open(day: day, stepID: stepID)
    }
    return outcome
  }

  private func nothingToAsk(_ deck: QuizDeck, _ selection: QuizSelection, now: Double) -> String {
    let upcoming = deck.cards.compactMap { deck.due($0) }.filter { $0 > now }.min()
    var text = "Nothing to ask now"
    if selection.day != nil || selection.newOnly {
      text += " for \(selection.summary)"
    }
    text += ": \(deck.cards.count) cards in the lessons"
    if let upcoming {
      text += ", the next review is due in \(QuizPractice.describeInterval(upcoming - now))"
    }
    return text + ". `:quiz all` (or redis-tutor quiz --all) practises ahead.\n"
  }

  /// The daily session's opening: how many reviews are due today (counted as `quiz stats`
  /// counts them), and an offer to do those due now.
  public func greet(_ shell: Shell) {
    guard shell.input.isInteractive, let deck = deck(shell) else { return }
    let now = clock.now()
    let today = StudyClock.calendarDay(now)
    let (dueNow, fresh) = deck.counts(now: now, today: today)
    let dueToday = deck.dueToday(startOfTomorrow: StudyClock.startOfNextDay(now), today: today)
    let newCards = "\(fresh) new card\(fresh == 1 ? "" : "s")"
    guard dueNow > 0 else {
      if dueToday > 0 {
        let next = deck.nextReview(after: now).map {
          ", the next in \(QuizPractice.describeInterval($0 - now))"
        }
        shell.note(
          "\(dueToday) review\(dueToday == 1 ? "" : "s") due later today\(next ?? "");"
            + " :quiz asks \(dueToday == 1 ? "it" : "them") once due"
            + (fresh > 0 ? ", and introduces \(newCards) now." : "."))
      } else if fresh > 0 {
        shell.note("No reviews due today; :quiz introduces \(newCards).")
      }
      return
    }
    let question =
      "\(dueToday) review\(dueToday == 1 ? " is" : "s are") due today"
      + (dueNow < dueToday ? ", \(dueNow) of them now" : "")
      + (fresh > 0 ? " (and \(newCards) ready)" : "")
      + ". Review now? [Y/n] "
    guard case .line(let answer) = shell.input.readLine(prompt: question) else { return }
    let word = String(decoding: answer, as: UTF8.self).lowercased().filter { !$0.isWhitespace }
    if word.isEmpty || word == "y" || word == "yes" {
      run(QuizSelection(), on: shell)
    } else {
      shell.note("Later, then: :quiz runs them.")
    }
  }

  /// Prints `redis-tutor quiz stats`.
  public func showStats(on shell: Shell) {
    guard let deck = deck(shell) else { return }
    let now = clock.now()
    do {
      write(
        try deck.statsText(
          now: now, startOfTomorrow: StudyClock.startOfNextDay(now),
          unicode: shell.settings.color), on: shell)
    } catch {
      shell.note("The quiz statistics could not be read: \(error)")
    }
  }

  private func write(_ text: String, on shell: Shell) {
    shell.say(text)
    shell.output.flush()
  }

  private func io(_ shell: Shell) -> QuizIO {
    QuizIO(
      readLine: { prompt in
        shell.output.flush()
        guard case .line(let bytes) = shell.input.readLine(prompt: prompt) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        if !shell.input.isInteractive { shell.output.write(prompt + text + "\n") }
        return text
      },
      write: { [weak self] text in self?.write(text, on: shell) },
      runCommand: { line in
        defer { shell.output.flush() }
        guard case .command(let count, let argv) = CommandLineParser.parse(Array(line.utf8))
        else { return true }
        return shell.execute(argv, repeat: count)
      },
      connection: { try? shell.link.connect() },
      formatReply: { reply in
        String(decoding: ReplyFormatter.format(reply, mode: .terminal), as: UTF8.self)
      },
      now: clock.now, calendarDay: StudyClock.calendarDay)
  }
}
