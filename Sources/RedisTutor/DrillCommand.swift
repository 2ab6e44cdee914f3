import ArgumentParser
import Drills
import Foundation
import Lessons
import Progress
import Shell

/// `redis-tutor drill …`: DSA drills on the command line.
struct DrillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor drill",
    abstract:
      "DSA drills: trace a structure step by step, solve a whole instance, or judge your program.",
    discussion: """
      redis-tutor drill list                      the drills, by family
      redis-tutor drill NAME [--solve]            trace (default) or solve NAME (a drill or a family: heap, lru, window, bfs, mixed)
      redis-tutor drill judge NAME -- CMD ...     run your program on generated tests
      redis-tutor drill judge NAME --template go  write a starter program (go, python, swift)
      """)

  @Argument(help: "list, judge, or a drill or family name.") var name: String
  @Argument(help: "For judge: the problem's name.") var problem: String?
  @Argument(parsing: .postTerminator, help: "For judge: the program to run, after --.")
  var command: [String] = []
  @Flag(help: "Solve a whole instance instead of tracing it step by step.") var solve = false
  @Option(help: "Seed for the instance (default: a new one each time).") var seed: UInt64?
  @Option(help: "For judge: write a starter program in this language instead of judging.")
  var template: String?

  func run() throws {
    switch name {
    case "list":
      print(DrillMenu.list(), terminator: "")
    case "judge":
      try judge()
    default:
      let environment = ProcessInfo.processInfo.environment
      let store = try? ProgressStore(
        path: LessonSetup.progressPath(TutorPaths(environment: environment)))
      let clock = LessonSetup.clock(environment)
      let practice = DrillPractice(
        readLine: { prompt in
          print(prompt, terminator: "")
          fflush(nil)
          return Swift.readLine()
        },
        write: { print($0, terminator: "") },
        now: clock.now,
        record: { result in
          try? store?.recordDrill(
            DrillAttempt(
              family: result.family.rawValue, drill: result.drill, mode: result.mode,
              correct: result.correct, seconds: result.seconds, at: clock.now()))
        })
      let weak = DrillMenu.weakSpots(store)
      guard
        DrillMenu.run(
          name, solve: solve, seed: seed ?? UInt64(clock.now() * 1000), weakSpots: weak,
          practice: practice, note: { printError($0) })
      else { throw ExitCode(64) }
    }
  }

  private func judge() throws {
    guard let problemName = problem else {
      printError("redis-tutor drill judge: which problem? \(DrillMenu.judgeNames())")
      throw ExitCode(64)
    }
    guard let problem = JudgeCatalog.named(problemName) else {
      printError("redis-tutor drill judge: no problem '\(problemName)'. \(DrillMenu.judgeNames())")
      throw ExitCode(64)
    }
    let templateLanguage = template
    if let language = templateLanguage {
      guard let text = problem.templates[language] else {
        printError(
          "redis-tutor drill judge: no \(language) template (have: \(problem.templates.keys.sorted().joined(separator: ", ")))"
        )
        throw ExitCode(64)
      }
      let file =
        JudgeProblem.templateFileName(for: language)
        ?? "\(problem.name.replacingOccurrences(of: "-", with: "_")).\(DrillMenu.fileExtension(language))"
      guard !FileManager.default.fileExists(atPath: file) else {
        printError("redis-tutor drill judge: \(file) already exists; not overwritten")
        throw ExitCode(1)
      }
      try text.write(toFile: file, atomically: true, encoding: .utf8)
      print(
        "Wrote \(file): parsing is done, the TODO is yours. Then: redis-tutor drill judge \(problem.name) -- \(DrillMenu.runCommand(language, file))"
      )
      return
    }
    let words = command
    guard !words.isEmpty else {
      printError(
        "redis-tutor drill judge \(problem.name): give the program after --, e.g. -- python3 solution.py"
      )
      throw ExitCode(64)
    }
    print("\(problem.name): \(problem.statement)\n")
    let cases = problem.cases(seed ?? 1)
    let tests = DrillMenu.tests(cases)
    let report = JudgeRunner(command: words).run(tests, check: problem.check) { done, total in
      FileHandle.standardError.write(Data("\r\u{1B}[Kcase \(done)/\(total)".utf8))
    }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    if let note = report.note { printError(note) }
    let rendered = report.render()
    print(rendered.hasSuffix("\n") ? rendered : rendered + "\n", terminator: "")
    if case .passed = report.verdict { return }
    throw ExitCode(1)
  }
}
