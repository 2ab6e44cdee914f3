import ArgumentParser
import Drills
import Foundation
import Lessons
import Progress
import TutorApp
import TutorFiles

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
      redis-tutor drill judge NAME --template go  write a starter program into ./NAME/ (go, python, swift)
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
    if let language = template {
      try writeStarter(problem, language: language)
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
    let tests = JudgeCase.tests(cases)
    let report = JudgeRunner(command: words, limits: problem.limits(for: cases)).run(
      tests, check: problem.check
    ) { done, total in
      FileHandle.standardError.write(Data("\r\u{1B}[Kcase \(done)/\(total)".utf8))
    }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    if let note = report.note { printError(note) }
    let rendered = report.render()
    print(rendered.hasSuffix("\n") ? rendered : rendered + "\n", terminator: "")
    if case .passed = report.verdict { return }
    throw ExitCode(1)
  }

  /// Writes the starter for `language` into a new folder named after the problem, so a
  /// starter never lands loose among the learner's files and never replaces their work.
  private func writeStarter(_ problem: JudgeProblem, language: String) throws {
    let files: DrillFiles
    switch ContentFolder.find(
      "drills", variable: "REDIS_TUTOR_DRILLS", environment: ProcessInfo.processInfo.environment)
    {
    case .success(let found): files = DrillFiles(directory: found)
    case .failure(let missing):
      printError("redis-tutor drill judge: \(missing)")
      throw ExitCode(1)
    }
    guard let starter = files.starter(problem.name, language: language),
      let fileName = JudgeProblem.templateFileName(for: language)
    else {
      let have = files.starterLanguages(problem.name).joined(separator: ", ")
      printError(
        "redis-tutor drill judge: no \(language) starter for \(problem.name) (have: \(have))")
      throw ExitCode(64)
    }
    let folder = problem.name
    let manager = FileManager.default
    if manager.fileExists(atPath: folder),
      (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty != true
    {
      printError(
        "redis-tutor drill judge: ./\(folder) already exists and is not empty; nothing was written"
          + " (move it aside or run this in another folder)")
      throw ExitCode(1)
    }
    let file = folder + "/" + fileName
    do {
      try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try Data(contentsOf: URL(fileURLWithPath: starter)).write(
        to: URL(fileURLWithPath: file), options: .withoutOverwriting)
    } catch {
      printError("redis-tutor drill judge: cannot write \(file): \(error.localizedDescription)")
      throw ExitCode(1)
    }
    print(
      "Wrote \(file): parsing is done, the TODO is yours. Then: redis-tutor drill judge \(problem.name) -- \(DrillMenu.runCommand(language, file))"
    )
  }
}
