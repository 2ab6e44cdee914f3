import ArgumentParser
import Foundation
import Lessons
import Progress
import SelfQuiz
import TutorApp

/// `redis-tutor quiz [--day N] [--new] [--all] [--limit N]` and `redis-tutor quiz stats`.
struct QuizCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor quiz",
    abstract: "Self-quiz on the week's cards, scheduled with FSRS-6 (spaced repetition).",
    discussion: """
      Without options it asks today's queue: the reviews that are due, then new cards up to \
      the daily cap, from the days you have started. Choice and answer cards are typed; \
      challenge cards are solved with real commands on the sandbox and graded by read-only \
      checks; predict cards run the command and show the real reply. A wrong answer rates \
      Again, right after a hint or slowly Hard, right Good, right and fast Easy; press 1-4 \
      to change the rating. :lesson opens the card's lesson step; q or Ctrl-C stops, keeping \
      every answer so far.

      Options of a session (redis-tutor quiz ask --help): --day N, --new, --all, --limit N, \
      and the kept settings --retention R, --new-per-day N, --scheduler fsrs|sm2.
      """,
    subcommands: [Ask.self, Stats.self],
    defaultSubcommand: Ask.self)

  /// Settings that persist: given once, kept in the progress database.
  struct Settings: ParsableArguments {
    @Option(
      name: .customLong("retention"),
      help: ArgumentHelp(
        "Desired retention, 0.70-0.99 (default 0.9; kept for later sessions).", valueName: "r"))
    var retention: Double?

    @Option(
      name: .customLong("new-per-day"),
      help: ArgumentHelp("New cards introduced per day (default 10; kept).", valueName: "n"))
    var newPerDay: Int?

    @Option(
      name: .customLong("scheduler"),
      help: ArgumentHelp(
        "fsrs (default) or sm2, to compare with the classic SuperMemo-2 intervals (kept).",
        valueName: "name"))
    var scheduler: String?

    func validate() throws {
      if let retention, !(0.7...0.99).contains(retention) {
        throw ValidationError("--retention \(retention): use a value from 0.70 to 0.99")
      }
      if let newPerDay, newPerDay < 0 {
        throw ValidationError("--new-per-day \(newPerDay): use 0 or more")
      }
      if let scheduler, QuizSettings.Scheduler(rawValue: scheduler.lowercased()) == nil {
        throw ValidationError("--scheduler \(scheduler): use fsrs or sm2")
      }
    }

    /// Saves the given settings; says which changed.
    func save(in store: ProgressStore) throws {
      var changed: [String] = []
      if let retention {
        try store.setSetting(QuizSettings.Key.retention, String(retention))
        changed.append("desired retention \(retention)")
      }
      if let newPerDay {
        try store.setSetting(QuizSettings.Key.newPerDay, String(newPerDay))
        changed.append("\(newPerDay) new cards a day")
      }
      if let scheduler {
        try store.setSetting(QuizSettings.Key.scheduler, scheduler.lowercased())
        changed.append("scheduler \(scheduler.lowercased())")
      }
      if !changed.isEmpty {
        printError("Quiz settings saved: \(changed.joined(separator: ", ")).")
      }
    }
  }

  struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ask", abstract: "Run a quiz session (the default).")

    @Option(
      name: .customLong("day"), help: ArgumentHelp("Only day N's cards.", valueName: "N"))
    var day: Int?

    @Flag(name: .customLong("new"), help: "Only new cards (within the daily cap).")
    var newOnly = false

    @Flag(name: .customLong("all"), help: "Every card, due or not: practise ahead.")
    var all = false

    @Option(name: .customLong("limit"), help: ArgumentHelp("At most N cards.", valueName: "N"))
    var limit: Int?

    @OptionGroup var settings: Settings
    @OptionGroup var location: LessonsCommand.Location

    func validate() throws {
      if let day, !(1...7).contains(day) {
        throw ValidationError("--day \(day): days run from 1 to 7")
      }
      if let limit, limit < 1 { throw ValidationError("--limit \(limit): ask at least 1 card") }
    }

    func run() throws {
      try settings.save(in: LessonSetup.openStore())
      let selection = QuizSelection(day: day, newOnly: newOnly, all: all, limit: limit)
      var arguments = ["--quiz", selection.encoded]
      if let directory = location.directory { arguments += ["--lessons", directory] }
      var shell = try ShellCommand.parseAsRoot(arguments)
      try shell.run()
    }
  }

  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stats",
      abstract:
        "Due today and this week, retention achieved against desired, a 30-day forecast and accuracy per day."
    )

    @OptionGroup var location: LessonsCommand.Location

    func run() throws {
      let catalog = try location.catalog()
      let store = try LessonSetup.openStore()
      let now = LessonSetup.clock(ProcessInfo.processInfo.environment).now()
      do {
        let deck = try QuizDeck(catalog: catalog, store: store)
        if let problem = deck.settings.weightsProblem { printError(problem) }
        let unicode = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        print(
          try deck.statsText(
            now: now, startOfTomorrow: StudyClock.startOfNextDay(now), unicode: unicode),
          terminator: "")
      } catch {
        printError("redis-tutor: the quiz statistics could not be read: \(error)")
        throw ExitCode(1)
      }
    }
  }
}
