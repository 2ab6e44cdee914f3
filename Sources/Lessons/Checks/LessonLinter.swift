import Foundation
import RedisCLIFormat
import RedisClient
import RedisSandbox

/// `redis-tutor lessons check`: proves every lesson loads and every check means something.
///
/// Static problems come from the parser (front matter, kinds, ids). Then, per lesson, in a
/// fresh sandbox: every check command must be read-only, every key must be under `rt:`, and
/// for every step in order its check must fail before its example runs and pass after.
public struct LessonLinter {
  /// The catalog to lint (its load problems are part of the report).
  public var catalog: LessonCatalog
  /// The redis-server binary, or nil to find it on PATH.
  public var serverPath: String?

  public init(catalog: LessonCatalog, serverPath: String? = nil) {
    self.catalog = catalog
    self.serverPath = serverPath
  }

  /// One lesson's outcome.
  public struct LessonReport: Sendable {
    public var lesson: Lesson
    public var problems: [LessonProblem]
    public var steps: Int
    public var checkedSteps: Int
    public var facts: Int
    public var cards: Int
  }

  /// Lints every lesson, calling `progress` with a line as each one finishes.
  public func run(progress: (String) -> Void = { _ in }) -> (
    reports: [LessonReport], loadProblems: [LessonProblem]
  ) {
    var reports: [LessonReport] = []
    for lesson in catalog.lessons {
      let problems = lint(lesson)
      let steps = lesson.allSteps
      let report = LessonReport(
        lesson: lesson, problems: problems, steps: steps.count,
        checkedSteps: steps.filter(\.isChecked).count, facts: lesson.facts.count,
        cards: lesson.cards.count)
      reports.append(report)
      let summary =
        "\(report.steps) steps, \(report.checkedSteps) checked, \(report.facts) facts, \(report.cards) cards"
      progress(
        problems.isEmpty
          ? "\(lesson.file): ok (day \(lesson.day): \(summary))"
          : "\(lesson.file): \(problems.count) problem(s)")
    }
    return (reports, catalog.problems)
  }

  private func lint(_ lesson: Lesson) -> [LessonProblem] {
    var problems: [LessonProblem] = []
    func problem(_ line: Int, _ message: String) {
      problems.append(LessonProblem(file: lesson.file, line: line, message: message))
    }
    let examples: ExampleRunner
    do {
      examples = try ExampleRunner.throwaway("lint-\(lesson.day)", serverPath: serverPath)
    } catch {
      problem(0, "could not start a sandbox to run the checks: \(error)")
      return problems
    }
    defer { examples.stop() }
    var connection: Connection { examples.connection }
    let safety = CommandSafety()

    func checkKeys(_ argv: [[UInt8]], line: Int) {
      for key in LessonKeys.keys(of: argv, on: connection)
      where !key.starts(with: Array("rt:".utf8)) {
        let name = String(decoding: key, as: UTF8.self)
        problem(line, "key '\(name)' does not start with 'rt:' (lesson keys live under rt:)")
      }
    }

    for step in lesson.allSteps {
      for line in step.example {
        if case .command(let argv) = ExampleAction(line.text) { checkKeys(argv, line: line.line) }
      }
      for line in step.solution?.split(separator: "\n") ?? [] {
        if case .command(let argv) = ExampleAction(String(line)) {
          checkKeys(argv, line: step.line)
        }
      }
      for card in step.cards {
        for argv in card.commands {
          for key in LessonKeys.keys(of: argv, on: connection)
          where !key.starts(with: Array(CardRunner.keyPrefix.utf8)) {
            problem(
              card.line,
              "card '\(card.id)': key '\(String(decoding: key, as: UTF8.self))' does not start with '\(CardRunner.keyPrefix)' (quiz keys live there)"
            )
          }
        }
        if case .challenge(_, let check, _) = card.kind {
          for line in check.lines {
            if let refusal = try? safety.refusal(for: line.argv, on: connection) {
              problem(line.source.line, "check command refused: \(refusal)")
            }
          }
        }
      }
      guard let check = step.check else { continue }
      for line in check.lines {
        checkKeys(line.argv, line: line.source.line)
        if let refusal = try? safety.refusal(for: line.argv, on: connection) {
          problem(line.source.line, "check command refused: \(refusal)")
        }
      }
      if step.isChecked && step.example.isEmpty {
        problem(step.line, "step '\(step.id)' has a check but no ```redis example to prove it")
      }
    }
    if !problems.isEmpty { return problems }

    for step in lesson.allSteps {
      let runner = CheckRunner(connection: connection, safety: safety)
      if let check = step.check {
        switch Result(catching: { try runner.run(check) }) {
        case .success(.passed):
          problem(
            step.line,
            "step '\(step.id)': the check already passes before the example runs, so it proves nothing"
          )
        case .success(.needsNewerRedis):
          continue
        case .failure(let error):
          problem(step.line, "step '\(step.id)': the check could not run: \(error)")
        default: break
        }
      }
      for line in step.example {
        do {
          if case .reply(_, let reply) = try examples.run(line.text), reply.isError {
            problem(
              line.line,
              "example line got an error reply: \(reply.string ?? "") (show an error in a text block instead)"
            )
          }
        } catch {
          problem(line.line, "example line failed: \(error)")
        }
      }
      guard let check = step.check else { continue }
      let after = CheckRunner(connection: connection, safety: safety)
      switch Result(catching: { try after.run(check) }) {
      case .success(.passed), .success(.needsNewerRedis): break
      case .success(.notYet(let failures)):
        for failure in failures {
          problem(
            failure.line.source.line,
            "step '\(step.id)': after its example the check still fails: \(failure.explanation)")
        }
      case .success(.refused(let line, let reason)):
        problem(line.source.line, "check command refused: \(reason)")
      case .failure(let error):
        problem(step.line, "step '\(step.id)': the check could not run: \(error)")
      }
    }
    for card in lesson.cards {
      problems += CardProof(connection: connection, safety: safety, file: lesson.file).problems(
        card)
    }
    return problems
  }
}

/// Proves one card on a fresh sandbox: a challenge's check fails after its setup and passes
/// after each of its solutions; a predict card's real reply is one of its accepted answers.
struct CardProof {
  let connection: Connection
  let safety: CommandSafety
  let file: String

  func problems(_ card: QuizCard) -> [LessonProblem] {
    var problems: [LessonProblem] = []
    func problem(_ line: Int, _ message: String) {
      problems.append(
        LessonProblem(file: file, line: line, message: "card '\(card.id)': " + message))
    }
    let runner = CardRunner(connection: connection, safety: safety)
    do {
      switch card.kind {
      case .choice, .answer:
        break
      case .challenge(_, _, let solutions):
        let keys = try runner.prepare(card)
        if try runner.check(card).isEmpty {
          problem(card.line, "the check already passes after the setup, so it proves nothing")
        }
        for solution in solutions {
          _ = try runner.prepare(card)
          do {
            try runner.runSolution(solution)
          } catch let broken as CardRunner.Broken {
            problem(solution.line, broken.description)
            continue
          }
          for failure in try runner.check(card) {
            problem(
              solution.line,
              "after the solution '\(solution.text)' the check still fails: \(failure.explanation)")
          }
        }
        try runner.clean(keys)
      case .predict(_, let run, let accepted):
        let keys = try runner.prepare(card)
        let reply = try runner.runPredicted(card)
        let text = PredictedReply.text(reply)
        if !AnswerText.matches(text, accepted: accepted) {
          problem(
            run.line,
            "'\(run.text)' really replies '\(text)', which none of the 'a:' answers accepts")
        }
        try runner.clean(keys)
      }
    } catch let broken as CardRunner.Broken {
      problem(card.line, broken.description)
    } catch {
      problem(card.line, "could not run on the sandbox: \(error)")
    }
    return problems
  }
}
