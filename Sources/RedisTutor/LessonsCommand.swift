import ArgumentParser
import Foundation
import Lessons
import Shell

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
        let directory = try LessonLocator.find(
          explicit: directory, environment: ProcessInfo.processInfo.environment
        ).get()
        return try LessonCatalog.load(directory: directory)
      } catch {
        printError("redis-tutor: \(error)")
        throw ExitCode(1)
      }
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
        and pass after it. Exits 1 when anything is wrong.
        """)

    @OptionGroup var location: Location

    func run() throws {
      let catalog = try location.catalog()
      if catalog.lessons.isEmpty && catalog.problems.isEmpty {
        printError("redis-tutor: no lessons in \(catalog.directory)")
        throw ExitCode(1)
      }
      let (reports, loadProblems) = LessonLinter(catalog: catalog).run { line in
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

/// `redis-tutor lesson N`: prints one day's lesson.
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor lesson",
    abstract: "Print one day's lesson, rendered for the terminal.")

  @Argument(help: "The day, 1-7.") var day: Int
  @OptionGroup var location: LessonsCommand.Location

  func run() throws {
    let catalog = try location.catalog()
    guard let lesson = catalog.lesson(day: day) else {
      printError("redis-tutor: there is no lesson for day \(day) in \(catalog.directory)")
      throw ExitCode(1)
    }
    print("Day \(lesson.day): \(lesson.title)")
  }
}

/// `redis-tutor progress`: per-day bars and the streak.
struct ProgressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor progress", abstract: "Show progress per day and the study streak.")

  func run() throws {}
}
