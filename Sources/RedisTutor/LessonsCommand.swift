import ArgumentParser
import Foundation
import Lessons
import Progress
import TerminalUI
import TutorApp
import TutorFiles

/// `redis-tutor lessons list|check`.
struct LessonsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor lessons",
    abstract: "List the week's lessons or lint them.",
    subcommands: [List.self, Lint.self],
    defaultSubcommand: List.self)

  /// Where the lessons are; shared by every lesson subcommand.
  struct Location: ParsableArguments {
    @Option(
      name: .customLong("lessons"),
      help: ArgumentHelp(
        "The lessons directory (default: $REDIS_TUTOR_LESSONS, ./lessons, or beside the program).",
        valueName: "dir"))
    var directory: String?

    /// Loads the catalog or exits with one line saying where it looked.
    func catalog() throws -> LessonCatalog {
      do {
        let directory = try LessonSetup.findLessons(
          explicit: directory, environment: ProcessInfo.processInfo.environment
        ).get()
        return try LessonCatalog.load(directory: directory)
      } catch {
        printError("redis-tutor: \(error)")
        throw ExitCode(1)
      }
    }

    /// The catalog with the learner's own per-learner numbers, as the shell shows them (the
    /// lowest values when the progress database cannot be opened).
    func learnerCatalog() throws -> LessonCatalog {
      let catalog = try catalog()
      let paths = TutorPaths(environment: ProcessInfo.processInfo.environment)
      guard let store = try? ProgressStore(path: LessonSetup.progressPath(paths)),
        let seed = try? store.learnerSeed()
      else { return catalog }
      return catalog.personalised(seed: seed)
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the lessons with their plans and step counts.")

    @OptionGroup var location: Location

    func run() throws {
      let catalog = try location.catalog()
      for lesson in catalog.lessons {
        let steps = lesson.allSteps
        let four = lesson.blocks(in: .fourHours).count
        let six = lesson.blocks(in: .sixHours).count
        print(
          "Day \(lesson.day)  \(lesson.title)\n       \(steps.count) steps (\(steps.filter(\.isChecked).count) checked), 4h plan: \(four) blocks, 6h plan: \(six) blocks"
        )
      }
      for problem in catalog.problems { printError("warning: \(problem)") }
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Lint every lesson and prove each check in a fresh sandbox.",
      discussion: """
        Reports file:line for malformed front matter, unknown block kinds, duplicate ids, \
        check commands that could write and keys outside rt:. Then, in a fresh sandbox per \
        lesson, runs every step in order and requires its check to fail before its example \
        and pass after it, to fail after each of its ```mistake blocks and pass after each \
        ```alternative. Prints each day's counts and the week's total. Exits 1 when anything \
        is wrong.
        """)

    @OptionGroup var location: Location

    func run() throws {
      let catalog = try location.catalog()
      if catalog.lessons.isEmpty && catalog.problems.isEmpty {
        printError("redis-tutor: no lessons in \(catalog.directory)")
        throw ExitCode(1)
      }
      let linter = LessonLinter(catalog: catalog, stageTester: StageTesterLines.run)
      let (reports, loadProblems) = linter.run { line in
        print(line)
        fflush(nil)
      }
      var count = loadProblems.count
      for problem in loadProblems { print(problem) }
      for report in reports {
        for problem in report.problems { print(problem) }
        count += report.problems.count
      }
      if count > 0 {
        print("\(count) problem(s)")
        throw ExitCode(1)
      }
      print("ok: \(reports.count) lessons")
    }
  }
}

/// `redis-tutor lesson N --print`: one day's lesson as text (without --print, `lesson N`
/// opens the tutor on that day; `Main` hands those words to the shell).
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor lesson",
    abstract: "Open the tutor on day N, or print that day's lesson with --print.",
    discussion: """
      Without --print this is `redis-tutor --lesson N`, and takes the shell's options too \
      (such as --plan 6h or -h host). With --print it writes the whole day, every block and \
      step, rendered for the terminal (plain when piped or under NO_COLOR).
      """)

  @Argument(help: "The day, 1-7.") var day: Int
  @Flag(name: .customLong("print"), help: "Print the lesson instead of opening the tutor.")
  var printOnly = false
  @Option(
    name: .customLong("plan"),
    help: ArgumentHelp("Which plan to print: 4h or 6h.", valueName: "plan"))
  var plan = "6h"
  @OptionGroup var location: LessonsCommand.Location

  func run() throws {
    let catalog = try location.learnerCatalog()
    guard let lesson = catalog.lesson(day: day) else {
      printError("redis-tutor: there is no lesson for day \(day) in \(catalog.directory)")
      throw ExitCode(1)
    }
    guard let studyPlan = StudyPlan(rawValue: plan.lowercased()) else {
      printError("redis-tutor: --plan \(plan): use 4h or 6h")
      throw ExitCode(1)
    }
    let environment = ProcessInfo.processInfo.environment
    let terminal = isatty(1) == 1
    let color = terminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    let width = terminal ? min(TerminalSize.current(fd: 1).columns, 100) : 80
    let text = LessonText.markdown(of: lesson, plan: studyPlan)
    print(TerminalMarkdown(width: width, color: color).render(text), terminator: "")
  }

  /// Whether `lesson …` words ask for printing (otherwise they open the shell).
  static func wantsPrint(_ arguments: [String]) -> Bool {
    arguments.contains("--print") || arguments.contains("--help")
  }
}

/// `redis-tutor progress`: per-day bars and the streak.
struct ProgressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor progress",
    abstract: "Show steps passed per day, time studied and the study streak.")

  @OptionGroup var location: LessonsCommand.Location

  func run() throws {
    let catalog = try location.catalog()
    let environment = ProcessInfo.processInfo.environment
    let store = try LessonSetup.openStore()
    let plan =
      ((try? store.setting("plan")) ?? nil).flatMap(StudyPlan.init(rawValue:)) ?? .fourHours
    let position = try? store.position()
    let today = StudyClock.calendarDay(LessonSetup.clock(environment).now())
    print(
      ProgressReport(catalog: catalog, store: store, plan: plan, today: today)
        .text(current: position.map { ($0.day, $0.step) }), terminator: "")
  }
}

/// Runs an example's `:test STAGE …` line with the stage tester, on the linter's or the
/// walk-through's sandbox.
enum StageTesterLines {
  static func run(_ arguments: [String], redisURL: String) throws -> Int32 {
    let (status, output) = try CompanionProgram.stageTester.run(
      [arguments[0], "--redis-url", redisURL, "--yes"] + arguments.dropFirst())
    guard status == 0 || status == 1 else {
      let last = output.split(separator: "\n").suffix(3).joined(separator: " / ")
      throw ExampleError("redis-tutor test exited \(status): \(last)")
    }
    return status
  }
}
