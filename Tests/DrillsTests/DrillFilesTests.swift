import Foundation
import Testing
import TutorFiles

@testable import Drills

/// The `drills/` folder: every problem's starters and references, run for real through the
/// judge, and the rule for finding the folder.
@Suite struct DrillFilesTests {
  static let toolchains = JudgeToolchain()

  /// The repository's drills folder, found the way the tutor finds it.
  static func files() throws -> DrillFiles {
    DrillFiles(
      directory: try ContentFolder.find(
        "drills", variable: "REDIS_TUTOR_DRILLS", environment: ProcessInfo.processInfo.environment
      ).get())
  }

  @Test func theFolderIsFoundOrNamedWhereItWasLookedFor() throws {
    #expect(FileManager.default.fileExists(atPath: try Self.files().directory + "/kth-largest"))
    let missing = "/nonexistent-drills-\(UUID().uuidString)"
    guard
      case .failure(let error) = ContentFolder.find(
        "drills", variable: "REDIS_TUTOR_DRILLS", environment: ["REDIS_TUTOR_DRILLS": missing])
    else {
      Issue.record("a missing REDIS_TUTOR_DRILLS folder was accepted")
      return
    }
    #expect(
      error.description
        == "no drills folder found (looked in \(missing)); set REDIS_TUTOR_DRILLS to the drills"
        + " folder of a redis-tutor checkout")
  }

  @Test(arguments: ProblemCatalogTests.names)
  func everyProblemShipsStartersAndReferences(name: String) throws {
    let files = try Self.files()
    #expect(files.starterLanguages(name) == ["go", "python", "swift"])
    for language in ["go", "python", "swift"] {
      let starter = try String(
        contentsOfFile: try #require(files.starter(name, language: language)), encoding: .utf8)
      #expect(starter.contains("TODO"))
      #expect(starter.hasSuffix("\n"))
      let reference = try String(
        contentsOfFile: try #require(files.reference(name, language: language)), encoding: .utf8)
      #expect(!reference.contains("TODO"))
    }
    let go = try String(contentsOfFile: files.starter(name, language: "go")!, encoding: .utf8)
    #expect(go.hasPrefix("package main\n"))
    let python = try String(
      contentsOfFile: files.starter(name, language: "python")!, encoding: .utf8)
    #expect(python.contains("if __name__ == \"__main__\":\n    main()"))
    let swift = try String(contentsOfFile: files.starter(name, language: "swift")!, encoding: .utf8)
    #expect(swift.contains("readLine()"))
  }

  /// Judges `program` on every case of `name` with the tutor's limits for that problem; the
  /// time limit alone is raised so a busy machine cannot change the verdict.
  static func judge(_ name: String, _ program: [String]) throws -> JudgeReport {
    let problem = try #require(JudgeCatalog.named(name))
    let cases = ProblemCaseCache.cases(name)
    var limits = problem.limits(for: cases)
    limits.timePerCase = 60
    return JudgeRunner(command: program, limits: limits).run(
      JudgeCase.tests(cases), check: problem.check)
  }

  @Test(.enabled(if: toolchains.python != nil), arguments: ProblemCatalogTests.names)
  func pythonReferencePassesEveryCase(name: String) throws {
    let reference = try #require(try Self.files().reference(name, language: "python"))
    let report = try Self.judge(name, [Self.toolchains.python!, reference])
    #expect(report.verdict.isPass, "\(name): \(report.render())")
  }

  @Test(.enabled(if: toolchains.swiftc != nil), arguments: ProblemCatalogTests.names)
  func swiftReferencePassesEveryCase(name: String) throws {
    let scratch = try JudgeScratch()
    let reference = try #require(try Self.files().reference(name, language: "swift"))
    let program = try Self.toolchains.buildSwift(reference, optimized: true, in: scratch)
    let report = try Self.judge(name, [program])
    #expect(report.verdict.isPass, "\(name): \(report.render())")
  }

  @Test(.enabled(if: JudgeGo.path != nil), arguments: ProblemCatalogTests.names)
  func goReferencePassesEveryCase(name: String) throws {
    let scratch = try JudgeScratch()
    let reference = try #require(try Self.files().reference(name, language: "go"))
    let program = try JudgeGo.build(
      name, String(contentsOfFile: reference, encoding: .utf8), in: scratch)
    let report = try Self.judge(name, [program])
    #expect(report.verdict.isPass, "\(name): \(report.render())")
  }

  /// A starter run as written reads the input and prints an answer of the right shape; it
  /// is wrong (the TODO is the learner's), but it does not crash.
  static func expectRunsAsWritten(_ name: String, _ program: [String]) throws {
    let report = try judge(name, program)
    guard case .wrongAnswer = report.verdict else {
      Issue.record("\(name): the starter should give a wrong answer, got \(report.render())")
      return
    }
  }

  @Test(.enabled(if: toolchains.python != nil), arguments: ProblemCatalogTests.names)
  func pythonStarterRunsAsWritten(name: String) throws {
    let starter = try #require(try Self.files().starter(name, language: "python"))
    try Self.expectRunsAsWritten(name, [Self.toolchains.python!, starter])
  }

  @Test(.enabled(if: toolchains.swiftc != nil), arguments: ProblemCatalogTests.names)
  func swiftStarterRunsAsWritten(name: String) throws {
    let scratch = try JudgeScratch()
    let starter = try #require(try Self.files().starter(name, language: "swift"))
    try Self.expectRunsAsWritten(
      name, [try Self.toolchains.buildSwift(starter, optimized: false, in: scratch)])
  }

  @Test(.enabled(if: JudgeGo.path != nil), arguments: ProblemCatalogTests.names)
  func goStarterRunsAsWritten(name: String) throws {
    let scratch = try JudgeScratch()
    let starter = try #require(try Self.files().starter(name, language: "go"))
    let program = try JudgeGo.build(
      name, String(contentsOfFile: starter, encoding: .utf8), in: scratch)
    try Self.expectRunsAsWritten(name, [program])
  }

  @Test(.enabled(if: toolchains.gofmt != nil))
  func goProgramsAreGofmtClean() throws {
    let files = try Self.files()
    let programs = ProblemCatalogTests.names.flatMap { name in
      [files.starter(name, language: "go"), files.reference(name, language: "go")].compactMap {
        $0
      }
    }
    // gofmt -l names each file whose layout differs from gofmt's.
    let report = JudgeRunner(
      command: [Self.toolchains.gofmt!, "-l"] + programs, limits: JudgeLimits(timePerCase: 60)
    ).run([JudgeTest(name: "gofmt", input: "", expected: "")], check: judgeSameTokens)
    #expect(report.verdict.isPass, "\(report.render())")
  }
}
