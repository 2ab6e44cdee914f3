import Drills
import Lessons
import Progress
import RedisCLIFormat
import RedisClient
import RedisSandbox
import Shell
import TerminalUI

/// Puts the lesson engine into the shell: the meta-commands, the check after each command,
/// the block in the prompt, and lesson prose rendered for the terminal.
public final class LessonController: ShellPlugin {
  /// The lessons and the progress database, loaded on first use.
  public struct Library {
    /// The lessons that loaded.
    public var catalog: LessonCatalog
    /// The progress database, or nil when it could not be opened (the tutor still runs).
    public var store: ProgressStore?

    public init(catalog: LessonCatalog, store: ProgressStore?) {
      self.catalog = catalog
      self.store = store
    }
  }

  private let loadLibrary: () -> Library?
  private var loadedLibrary: Library??

  /// The library, loaded the first time a lesson feature needs it, so a plain shell or a
  /// piped script never pays for reading the week's Markdown or opening the database.
  private var library: Library? {
    if let loadedLibrary { return loadedLibrary }
    let library = loadLibrary().map(Self.personalised)
    loadedLibrary = .some(library)
    return library
  }

  /// `library` as its learner sees it: each step's per-learner numbers drawn from the seed
  /// kept in the progress database (the lowest values when there is no database).
  static func personalised(_ library: Library) -> Library {
    guard let seed = try? library.store?.learnerSeed() else { return library }
    return Library(catalog: library.catalog.personalised(seed: seed), store: library.store)
  }

  /// The lessons that loaded (empty when none could be found).
  public var catalog: LessonCatalog {
    library?.catalog ?? LessonCatalog(directory: "", lessons: [], problems: [])
  }

  /// The progress database, or nil when it could not be opened.
  public var store: ProgressStore? { library?.store }
  /// The open lesson, once one is started.
  public private(set) var session: LessonSession?

  /// The plan given on the command line (`--plan`), used whenever a lesson starts.
  public var requestedPlan: StudyPlan?
  /// Called when a lesson step is shown: day, step id, title.
  public var onStepShown: ((Int, String, String) -> Void)?

  private let clock: StudyClock
  private weak var shell: Shell?
  /// Rows of lesson text written since the learner last typed, so that the parts of one
  /// command's output (a day's plan, then its step) are paged as one text.
  private var rowsSinceInput = 0

  /// A controller whose lessons and database come from `load`, called on first use; `load`
  /// says what went wrong itself and returns nil when there are no lessons.
  public init(clock: StudyClock, load: @escaping () -> Library?) {
    self.clock = clock
    loadLibrary = load
  }

  /// Installs the lesson meta-commands and hooks on `shell`.
  public func attach(to shell: Shell) {
    self.shell = shell
    shell.install(self)
  }

  /// The lesson's block and its time, before the prompt.
  public func promptSegment(compact: Bool) -> String? {
    compact ? session?.compactPromptPrefix : session?.promptPrefix
  }

  /// Announces a block's end when its time is up.
  public func shellWillPrompt(_ shell: Shell) {
    session?.tick()
    rowsSinceInput = 0
  }

  /// Keeps the time studied when the shell ends.
  public func shellWillExit(_ shell: Shell) { session?.flushTime() }

  /// Starts the daily session: a given day, or where the learner left off.
  ///
  /// The first time, on a terminal, asks for the 4h or 6h plan; later the saved choice is used.
  public func start(day: Int?, plan: StudyPlan?) {
    guard let shell else { return }
    let requested = plan ?? requestedPlan
    guard library != nil else { return }
    guard !catalog.lessons.isEmpty else {
      shell.note("No lessons loaded from \(catalog.directory); the shell works without them.")
      return
    }
    if !catalog.problems.isEmpty {
      shell.note(
        "\(catalog.problems.count) problem(s) in the lesson files; `redis-tutor lessons check` lists them. The other lessons loaded."
      )
    }
    let chosen = requested ?? savedPlan() ?? askPlan(shell) ?? .fourHours
    if requested != nil || savedPlan() == nil { try? store?.setSetting("plan", chosen.rawValue) }
    let display = makeDisplay(shell)
    if let day {
      guard let lesson = catalog.lesson(day: day) else {
        shell.note("There is no lesson for day \(day).")
        return
      }
      session = LessonSession(
        catalog: catalog, lesson: lesson, plan: chosen, store: store, clock: clock, display: display
      )
    } else {
      session = LessonSession.resume(
        catalog: catalog, store: store, defaultPlan: chosen, clock: clock, display: display)
      if let session, session.plan != chosen && requested != nil { session.choose(plan: chosen) }
    }
    session?.clearStep = { [weak self] step in self?.clearLeftovers(of: step) }
    if let connection = try? shell.link.connect() {
      session?.noteServerVersion(try? CheckRunner(connection: connection).serverVersion())
    }
    session?.showDay()
  }

  /// Opens `day` at step `stepID`, starting the lesson session first if none is open.
  public func open(day: Int, stepID: String) {
    if session == nil { start(day: day, plan: nil) }
    session?.open(day: day, stepID: stepID)
  }

  private func savedPlan() -> StudyPlan? {
    ((try? store?.setting("plan")) ?? nil).flatMap(StudyPlan.init(rawValue:))
  }

  private func askPlan(_ shell: Shell) -> StudyPlan? {
    guard shell.input.isInteractive else { return nil }
    while true {
      guard
        case .line(let answer) = shell.input.readLine(
          prompt: "Which plan today: 4h (four blocks) or 6h (with the extras)? [4h] ")
      else { return nil }
      let word = String(decoding: answer, as: UTF8.self).lowercased().filter { !$0.isWhitespace }
      if word.isEmpty || word == "4" || word == "4h" { return .fourHours }
      if word == "6" || word == "6h" { return .sixHours }
      shell.note("Type 4h or 6h (Enter picks 4h). :plan changes it later.")
    }
  }

  // MARK: - Display

  private func makeDisplay(_ shell: Shell) -> LessonDisplay {
    LessonDisplay(
      markdown: { [weak self, weak shell] text in
        guard let self, let shell else { return }
        rowsSinceInput = LessonController.showMarkdown(text, on: shell, shownRows: rowsSinceInput)
      },
      note: { [weak shell] text in shell?.note(text) },
      success: { [weak shell] text in
        guard let shell else { return }
        shell.note(
          shell.settings.color && shell.input.isInteractive ? "\u{1B}[32m\(text)\u{1B}[0m" : text)
      },
      problem: { [weak shell] text in
        guard let shell else { return }
        shell.note(
          shell.settings.color && shell.input.isInteractive ? "\u{1B}[33m\(text)\u{1B}[0m" : text)
      },
      stepShown: { [weak self] day, step, title in self?.onStepShown?(day, step, title) })
  }

  /// Renders lesson Markdown: wrapped, coloured and paged on a terminal; plain text on
  /// stderr when output is piped, so stdout stays byte-identical to redis-cli.
  ///
  /// `shownRows` rows were written since the learner last typed; returns the count after
  /// this text, for the pager to go on from.
  @discardableResult
  static func showMarkdown(_ text: String, on shell: Shell, shownRows: Int = 0) -> Int {
    if shell.input.isInteractive {
      let size = shell.terminalSize() ?? TerminalSize.fallback
      let width = min(size.columns, 100)
      let rendered = TerminalMarkdown(width: width, color: shell.settings.color).render(text) + "\n"
      shell.output.flush()
      return Pager(height: size.rows, width: size.columns, color: shell.settings.color).page(
        rendered, shownRows: shownRows,
        write: { shell.output.write($0) },
        readKey: {
          shell.output.flush()
          return RawKeyReader.readKey(fd: 0)
        })
    } else {
      shell.errors.write(TerminalMarkdown(width: 80, color: false).render(text) + "\n")
      shell.errors.flush()
      return 0
    }
  }

  // MARK: - Checks after commands

  /// Runs the open step's check after each command.
  public func shellDidRunCommands(_ shell: Shell) {
    guard let session, shell.link.isConnected, let connection = shell.link.connection else {
      return
    }
    session.check(on: connection, automatic: true)
  }

  // MARK: - Lab events

  /// Notes a `:test` run's verdict for the open step's `:stage` lines, then checks the step.
  func recordStageRun(_ stage: String, passed: Bool, shell: Shell) {
    guard let session else { return }
    session.recordLabEvent(.stageRun(stage: stage, passed: passed))
    shellDidRunCommands(shell)
  }

  /// Notes each command the sandbox accepted, for the `:lab` lines of the open step.
  public func shellDidReceive(_ event: CommandEvent) {
    guard let session, shell?.link.onSandbox == true, !event.reply.isError else { return }
    session.recordLabEvent(.command(event.argv))
  }

  /// Notes the lab actions (`:sandbox crash`, `:sandbox restart`), each with the mode the
  /// server really had: a crash reads it from the server just before the kill.
  public func shellDidRunMetaCommand(_ shell: Shell, words: [String]) {
    guard let session, let sandbox = shell.link.sandbox, words.first == "sandbox",
      words.count >= 2
    else { return }
    switch words[1].lowercased() {
    case "crash": session.recordLabEvent(.crashed(sandbox.persistence))
    case "restart" where sandbox.serverProcessExists:
      session.recordLabEvent(.restarted(sandbox.persistence))
    default: break
    }
  }

  // MARK: - Meta-commands

  private func withSession(_ shell: Shell, _ body: (LessonSession) -> Void) {
    if let session {
      body(session)
    } else if library == nil {
      return
    } else if catalog.lessons.isEmpty {
      shell.note("No lessons loaded from \(catalog.directory).")
    } else {
      shell.note("No lesson open: :lesson N opens day N (:lesson resumes where you left off).")
    }
  }

  public var metaCommands: [MetaCommand] {
    [
      MetaCommand(
        name: "lesson", usage: ":lesson [N]",
        summary: "resume the lesson where you left off, or open day N"
      ) { [self] shell, words in
        if let word = words.first {
          guard let day = Int(word) else {
            shell.note("Usage: :lesson [N], with N a day from 1 to 7.")
            return
          }
          if let session { session.open(day: day) } else { start(day: day, plan: nil) }
        } else if let session {
          session.showDay()
        } else {
          start(day: nil, plan: nil)
        }
      },
      MetaCommand(name: "next", usage: ":next", summary: "go to the next step") {
        [self] shell, _ in withSession(shell) { $0.next() }
      },
      MetaCommand(name: "back", usage: ":back", summary: "go back one step") {
        [self] shell, _ in withSession(shell) { $0.back() }
      },
      MetaCommand(
        name: "step", usage: ":step [N|ID]",
        summary: "show the current step again, or go to step N (or the step with that id)"
      ) { [self] shell, words in
        withSession(shell) { session in
          if let word = words.first { session.goToStep(word) } else { session.showStep() }
        }
      },
      MetaCommand(
        name: "check", usage: ":check",
        summary: "check the current step on the server and say what is missing"
      ) { [self] shell, _ in
        withSession(shell) { session in
          guard let connection = try? shell.link.connect() else {
            shell.note("Not connected: the check needs the server.")
            return
          }
          session.check(on: connection, automatic: false)
        }
      },
      MetaCommand(name: "hint", usage: ":hint", summary: "show the next hint for this step") {
        [self] shell, _ in withSession(shell) { $0.hint() }
      },
      MetaCommand(
        name: "solution", usage: ":solution",
        summary: "show a model answer (asks first if the step has not passed)"
      ) { [self] shell, _ in
        withSession(shell) { session in
          session.solution { confirm(shell, "Show the solution before the step has passed?") }
        }
      },
      MetaCommand(
        name: "run", usage: ":run", summary: "type the step's example commands for you"
      ) { [self] shell, _ in
        withSession(shell) { session in runExample(session.exampleLines, on: shell) }
      },
      MetaCommand(
        name: "plan", usage: ":plan [4h|6h]", summary: "show today's plan, or switch plans"
      ) { [self] shell, words in
        withSession(shell) { session in
          guard let word = words.first else {
            session.showPlan()
            return
          }
          guard let plan = StudyPlan(rawValue: word.lowercased()) else {
            shell.note("Usage: :plan 4h or :plan 6h")
            return
          }
          session.choose(plan: plan)
        }
      },
      MetaCommand(
        name: "progress", usage: ":progress", summary: "steps passed per day, and your streak"
      ) { [self] shell, _ in
        if let session {
          LessonController.showText(session.progressReport(), on: shell)
        } else {
          let plan = savedPlan() ?? .fourHours
          let today = StudyClock.calendarDay(clock.now())
          LessonController.showText(
            ProgressReport(catalog: catalog, store: store, plan: plan, today: today).text(),
            on: shell)
        }
      },
      MetaCommand(
        name: "reset", usage: ":reset step|day|all",
        summary: "clear progress and the lesson's rt: keys (asks first)"
      ) { [self] shell, words in
        withSession(shell) { session in
          guard let word = words.first, let scope = LessonSession.ResetScope(rawValue: word) else {
            shell.note("Usage: :reset step|day|all")
            return
          }
          let what: String
          switch scope {
          case .step: what = "this step's progress and its rt: keys"
          case .day: what = "day \(session.lesson.day)'s progress and its rt: keys"
          case .all: what = "all lesson progress and every lesson key"
          }
          guard confirm(shell, "Reset \(what)?") else {
            shell.note("Nothing reset.")
            return
          }
          let connection = try? shell.link.connect()
          session.reset(
            scope, connection: connection, onSandbox: shell.link.onSandbox,
            keys: { step in connection.map { LessonKeys.named(by: step, on: $0) } ?? [] })
        }
      },
      MetaCommand(name: "skip", usage: ":skip", summary: "move on without passing this step") {
        [self] shell, _ in withSession(shell) { $0.skip() }
      },
      MetaCommand(
        name: "interview", usage: ":interview [SECONDS]",
        summary: "Day 7 self-interview: explain each design out loud against a timer, keep notes"
      ) { [self] shell, words in
        let prompts = catalog.lessons.flatMap(\.allSteps).flatMap(\.interviewPrompts)
        guard let store, !prompts.isEmpty else {
          shell.note(
            store == nil
              ? "The self-interview needs the progress database."
              : "No interview prompts in the lessons.")
          return
        }
        let seconds = words.first.flatMap(Double.init) ?? 120
        let interview = SelfInterview(
          prompts: prompts, secondsPerPrompt: seconds, clock: clock.now,
          readLine: { LessonController.readText(shell, prompt: $0) },
          write: { LessonController.showText($0, on: shell) }, store: store)
        do {
          _ = try interview.run()
        } catch {
          shell.note("Interview notes not saved: \(error)")
        }
      },
      MetaCommand(
        name: "assess", usage: ":assess",
        summary: "Day 7 skill-gap self-assessment: rate each topic 1-5, saved per week, charted"
      ) { [self] shell, _ in
        let topics = catalog.lessons.flatMap(\.allSteps).flatMap(\.skillTopics)
        guard let store, !topics.isEmpty else {
          shell.note(
            store == nil
              ? "The self-assessment needs the progress database."
              : "No skill topics in the lessons.")
          return
        }
        let now = clock.now()
        guard let today = CalendarDay(StudyClock.calendarDay(now)) else { return }
        let assessment = SkillAssessment(
          topics: topics, date: today, time: now,
          readLine: { LessonController.readText(shell, prompt: $0) },
          write: { LessonController.showText($0, on: shell) }, store: store,
          unicode: shell.settings.color)
        do {
          _ = try assessment.run()
        } catch {
          shell.note("Ratings not saved: \(error)")
        }
      },
      MetaCommand(
        name: "replay", usage: ":replay [N] [SPEED]",
        summary:
          "watch the lesson play itself on a throwaway sandbox (space pauses, q stops)"
      ) { [self] shell, words in
        guard library != nil else { return }
        let day = words.first.flatMap(Int.init) ?? session?.lesson.day ?? 1
        let speed = words.dropFirst().first.flatMap(Double.init) ?? 1
        guard let lesson = catalog.lesson(day: day) else {
          shell.note("There is no lesson for day \(day).")
          return
        }
        replay(lesson, speed: speed, on: shell)
      },
      MetaCommand(
        name: "drill", usage: ":drill [NAME] [solve|redis]",
        summary:
          "DSA drills: heap, lru, window, bfs, mixed; trace, solve, or the Redis version; :drill lists them"
      ) { [self] shell, words in
        guard let name = words.first else {
          LessonController.showText(DrillMenu.list(), on: shell)
          return
        }
        if words.dropFirst().contains("redis") {
          guard let connection = try? shell.link.connect() else {
            shell.note("The Redis tie-in needs a server, and there is no connection.")
            return
          }
          do {
            try DrillTieIn(
              connection: connection, onSandbox: shell.link.onSandbox,
              write: { LessonController.showText($0, on: shell) }
            ).run(name.lowercased())
          } catch {
            shell.report(error)
          }
          return
        }
        let store = self.store
        let clock = self.clock
        let practice = DrillPractice(
          readLine: { LessonController.readText(shell, prompt: $0) },
          write: { LessonController.showText($0, on: shell) }, now: clock.now,
          record: { result in
            try? store?.recordDrill(
              DrillAttempt(
                family: result.family.rawValue, drill: result.drill, mode: result.mode,
                correct: result.correct, seconds: result.seconds, at: clock.now()))
          })
        DrillMenu.run(
          name, solve: words.dropFirst().contains("solve"), seed: UInt64(clock.now() * 1000),
          weakSpots: DrillMenu.weakSpots(store), practice: practice, note: { shell.note($0) })
      },
    ]
  }

  /// Plays `lesson`'s walk-through on a sandbox of its own, so the learner's keys stay put.
  private func replay(_ lesson: Lesson, speed: Double, on shell: Shell) {
    let runner: ExampleRunner
    do {
      runner = try ExampleRunner.throwaway("replay")
    } catch {
      shell.note("The walk-through needs a sandbox of its own and could not start one: \(error)")
      return
    }
    defer { runner.stop() }
    shell.note("Day \(lesson.day) plays itself on a throwaway sandbox; space pauses, q stops.")
    let color = shell.settings.color && shell.input.isInteractive
    let columns = (shell.terminalSize() ?? TerminalSize.fallback).columns
    let width = shell.input.isInteractive ? min(columns, 100) : 80
    let result = LessonWalkthrough(
      lesson: lesson, plan: session?.plan ?? savedPlan() ?? .fourHours, runner: runner,
      pace: .readable(speed: shell.input.isInteractive ? speed : 0), color: color,
      markdown: { TerminalMarkdown(width: width, color: color).render($0) + "\n" },
      write: { text in
        shell.output.write(text)
        shell.output.flush()
      },
      wait: shell.input.isInteractive ? LessonWalkthrough.keyboardWait() : { _ in true }
    ).play()
    if result.stopped { shell.note("Walk-through stopped. Your own sandbox is as you left it.") }
  }

  /// Deletes the keys `step` declares in its `clear` block that an earlier step left, so its
  /// check cannot pass before the learner acts; on a server other than the sandbox, asks first.
  private func clearLeftovers(of step: LessonStep) {
    guard let shell, let connection = try? shell.link.connect(),
      let keys = try? StepClearing.existingKeys(for: step, on: connection), !keys.isEmpty
    else { return }
    let names = StepClearing.names(keys)
    let origin = leftBy(keys, before: step).map { "left from day \($0)" } ?? "left from earlier"
    if !shell.link.onSandbox
      && !confirm(shell, "Delete \(names), \(origin), so this step starts fresh?")
    {
      shell.note("Kept \(names); this step's check may pass before you change anything.")
      return
    }
    do {
      try StepClearing.delete(keys, on: connection)
      shell.note("Cleared \(names), \(origin), so this step starts fresh.")
    } catch {
      shell.note("Could not clear \(names) (\(error)); this step's check may pass early.")
    }
  }

  /// The first day whose examples (other than `step`'s own) name one of `keys`.
  private func leftBy(_ keys: [[UInt8]], before step: LessonStep) -> Int? {
    let names = Set(keys.map { String(decoding: $0, as: UTF8.self) })
    let openDay = session?.lesson.day
    return catalog.lessons.sorted { $0.day < $1.day }.first { lesson in
      lesson.allSteps.contains { other in
        !(lesson.day == openDay && other.id == step.id)
          && other.example.contains { line in
            line.text.split(separator: " ").contains { names.contains(String($0)) }
          }
      }
    }?.day
  }

  private func confirm(_ shell: Shell, _ question: String) -> Bool {
    guard shell.input.isInteractive else { return shell.settings.assumeYes }
    guard case .line(let answer) = shell.input.readLine(prompt: question + " [y/N] ") else {
      return false
    }
    let word = String(decoding: answer, as: UTF8.self).lowercased()
    return word == "y" || word == "yes"
  }

  private func runExample(_ lines: [String], on shell: Shell) {
    guard !lines.isEmpty else {
      shell.note("This step has no example to run.")
      return
    }
    for line in lines {
      if shell.input.isInteractive {
        let shown = shell.settings.color ? RedisSyntaxColor.colorize(line) : line
        shell.output.line(shell.prompt.text + shown)
      }
      switch CommandLineParser.parse(Array(line.utf8)) {
      case .command(let count, let argv): shell.execute(argv, repeat: count)
      default: continue
      }
    }
  }

  /// Reads one line for a Day 7 exercise; nil at end of input or on Ctrl-C.
  static func readText(_ shell: Shell, prompt: String) -> String? {
    shell.output.flush()
    guard case .line(let bytes) = shell.input.readLine(prompt: prompt) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func showText(_ text: String, on shell: Shell) {
    if shell.input.isInteractive {
      shell.say(text)
    } else {
      shell.errors.write(text)
      shell.errors.flush()
    }
  }
}
