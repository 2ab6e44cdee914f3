import Foundation
import RedisCLIFormat
import RedisClient
import RedisSandbox

/// `redis-tutor lessons check`: proves every lesson loads and every check means something.
///
/// Static problems come from the parser (front matter, kinds, ids). Then, per lesson, in a
/// fresh sandbox: every check command must be read-only, every key must be under `rt:`, and
/// for every step in order (after its `clear` keys are deleted) its check must fail before
/// its example runs and pass after. Each written-down mistake must fail the check and each
/// alternative must pass it, every one tried from the state the step (or the card's setup)
/// starts in. Last, the whole week is walked in one sandbox, so no step is passed by keys an
/// earlier day left behind.
public struct LessonLinter {
  /// The catalog to lint (its load problems are part of the report).
  public var catalog: LessonCatalog
  /// The redis-server binary, or nil to find it on PATH.
  public var serverPath: String?
  /// Runs the `:test` lines of examples and attempts (the stage tester on the stages' own
  /// solutions); without it, a step that has them cannot be proven.
  public var stageTester: ExampleRunner.StageTester?

  public init(
    catalog: LessonCatalog, serverPath: String? = nil,
    stageTester: ExampleRunner.StageTester? = nil
  ) {
    self.catalog = catalog
    self.serverPath = serverPath
    self.stageTester = stageTester
  }

  /// One lesson's outcome.
  public struct LessonReport: Sendable {
    public var lesson: Lesson
    public var problems: [LessonProblem]
    public var steps: Int
    public var checkedSteps: Int
    public var facts: Int
    public var cards: Int
    /// Checks proven: checked steps and challenge cards.
    public var checks: Int
    /// Mistakes the checks were seen to reject, and alternatives they were seen to accept.
    public var proven: ProvenAttempts

    /// `Day N: S steps, C checks, M mistakes proven to fail, A alternatives proven to pass`.
    public var dayLine: String {
      "Day \(lesson.day): " + LessonLinter.tally(steps: steps, checks: checks, proven: proven)
    }
  }

  /// How many written-down attempts a lint proved.
  public struct ProvenAttempts: Sendable, Equatable {
    /// Mistakes whose check failed, as it must.
    public var mistakes = 0
    /// Alternatives whose check passed, as it must.
    public var alternatives = 0

    public init(mistakes: Int = 0, alternatives: Int = 0) {
      self.mistakes = mistakes
      self.alternatives = alternatives
    }
  }

  /// The counts of a day's (or the week's) report line, after its `Day N: `.
  static func tally(steps: Int, checks: Int, proven: ProvenAttempts) -> String {
    "\(steps) steps, \(checks) checks, \(proven.mistakes) mistakes proven to fail, \(proven.alternatives) alternatives proven to pass"
  }

  /// The week's line: every day's counts added up.
  public static func totalLine(_ reports: [LessonReport]) -> String {
    let proven = ProvenAttempts(
      mistakes: reports.map(\.proven.mistakes).reduce(0, +),
      alternatives: reports.map(\.proven.alternatives).reduce(0, +))
    return "Total: "
      + tally(
        steps: reports.map(\.steps).reduce(0, +), checks: reports.map(\.checks).reduce(0, +),
        proven: proven)
  }

  /// Lints every lesson, calling `progress` with lines as each one finishes (its outcome and
  /// its `Day N:` counts) and with the week's `Total:` at the end.
  ///
  /// When every lesson is clean, then walks the whole week in one sandbox (see `walkWeek`),
  /// adds its problems to the lessons they are in, and reports it in one `Week walk:` line.
  public func run(progress: (String) -> Void = { _ in }) -> (
    reports: [LessonReport], loadProblems: [LessonProblem]
  ) {
    var reports: [LessonReport] = []
    for lesson in catalog.lessons {
      var proven = ProvenAttempts()
      let problems = lint(lesson, proven: &proven)
      let steps = lesson.allSteps
      let challenges = lesson.cards.filter {
        if case .challenge = $0.kind { return true }
        return false
      }
      let report = LessonReport(
        lesson: lesson, problems: problems, steps: steps.count,
        checkedSteps: steps.filter(\.isChecked).count, facts: lesson.facts.count,
        cards: lesson.cards.count, checks: steps.filter(\.isChecked).count + challenges.count,
        proven: proven)
      reports.append(report)
      let parameterised = steps.filter { $0.parameters != nil }.count
      let summary =
        "\(report.steps) steps, \(report.checkedSteps) checked, \(report.facts) facts, \(report.cards) cards"
        + (parameterised == 0
          ? ""
          : ", \(parameterised) with per-learner numbers, each proven with \(ParameterChoice.linted.count) sets of values")
      progress(
        problems.isEmpty
          ? "\(lesson.file): ok (day \(lesson.day): \(summary))"
          : "\(lesson.file): \(problems.count) problem(s)")
      progress(report.dayLine)
    }
    if !reports.isEmpty { progress(Self.totalLine(reports)) }
    if !reports.isEmpty && reports.allSatisfy(\.problems.isEmpty) {
      let walk = walkWeek()
      for problem in walk.problems {
        if let index = reports.firstIndex(where: { $0.lesson.file == problem.file }) {
          reports[index].problems.append(problem)
        }
      }
      progress(
        walk.problems.isEmpty
          ? "Week walk: ok (\(walk.checkedSteps) checked steps, \(walk.days) in order in one sandbox, each check failing before its step and passing after)"
          : "Week walk: \(walk.problems.count) problem(s) (\(walk.days) in order in one sandbox)"
      )
    }
    return (reports, catalog.problems)
  }

  /// The learner seed the week walk draws every step's parameters from: one learner's week.
  static let weekWalkSeed: UInt64 = 4

  /// Walks every lesson in day order in one sandbox, never flushing, as a learner meets them.
  ///
  /// Each checked step's check must fail when the step opens (after its `clear` block) and
  /// pass after its example, so no step is passed by keys an earlier step left behind. Steps
  /// with parameters get the values of one learner, seed `weekWalkSeed`.
  func walkWeek() -> (problems: [LessonProblem], checkedSteps: Int, days: String) {
    let lessons = catalog.lessons.sorted { $0.day < $1.day }.map {
      $0.instantiated(.seed(Self.weekWalkSeed))
    }
    let (first, last) = (lessons.first?.day ?? 0, lessons.last?.day ?? 0)
    let days = first == last ? "day \(first)" : "days \(first)–\(last)"
    var problems: [LessonProblem] = []
    let examples: ExampleRunner
    do {
      examples = try ExampleRunner.throwaway("lint-week", serverPath: serverPath)
      examples.stageTester = stageTester
    } catch {
      let file = lessons.first?.file ?? ""
      return (
        [
          LessonProblem(
            file: file, line: 0, message: "could not start a sandbox to walk the week: \(error)")
        ], 0, days
      )
    }
    defer { examples.stop() }
    // A lab action (`:sandbox crash`) restarts the server, so always the current connection.
    var connection: Connection { examples.connection }
    var checkedSteps = 0
    for lesson in lessons {
      for step in lesson.allSteps {
        func problem(_ message: String) {
          problems.append(LessonProblem(file: lesson.file, line: step.line, message: message))
        }
        do {
          try StepClearing.delete(
            StepClearing.existingKeys(for: step, on: connection), on: connection)
          examples.labEvents.clear()
          if let check = step.check {
            checkedSteps += 1
            if case .passed = try CheckRunner(connection: connection, labEvents: examples.labEvents)
              .run(check)
            {
              let left = check.lines.flatMap { LessonKeys.keys(of: $0.argv, on: connection) }
                .filter { (try? connection.send([Array("EXISTS".utf8), $0]).integer) == 1 }
              problem(
                "check passes before the step's own commands ran (keys left by an earlier step: \(left.isEmpty ? "none the check names" : StepClearing.names(left))); give the step a ```clear block or make its check need this step's change"
              )
            }
          }
          for line in step.example { _ = try examples.run(line.text) }
          if let check = step.check,
            case .notYet(let failures) = try CheckRunner(
              connection: connection, labEvents: examples.labEvents
            ).run(check)
          {
            for failure in failures {
              problem(
                "in the week walk, after its example the check still fails: \(failure.explanation)"
              )
            }
          }
        } catch {
          problem("step '\(step.id)': the week walk could not run it: \(error)")
        }
      }
    }
    return (problems, checkedSteps, days)
  }

  private func lint(_ lesson: Lesson, proven: inout ProvenAttempts) -> [LessonProblem] {
    var problems: [LessonProblem] = []
    func problem(_ line: Int, _ message: String) {
      problems.append(LessonProblem(file: lesson.file, line: line, message: message))
    }
    let examples: ExampleRunner
    do {
      examples = try ExampleRunner.throwaway("lint-\(lesson.day)", serverPath: serverPath)
      examples.stageTester = stageTester
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
      for line in step.example + (step.mistakes + step.alternatives).flatMap(\.commands) {
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
      for lab in check.labEvents {
        for key in lab.keys where !key.starts(with: Array("rt:".utf8)) {
          let name = String(decoding: key, as: UTF8.self)
          problem(
            lab.source.line, "key '\(name)' does not start with 'rt:' (lesson keys live under rt:)")
        }
      }
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
      guard let parameters = step.parameters else {
        problems += prove(step, in: lesson.file, on: examples, safety: safety, proven: &proven)
        continue
      }
      // Each set of values from the state the step starts in; the lesson's own (the lowest)
      // last and counted, so later steps start from what the week walk sees.
      do {
        let snapshot = try SandboxSnapshot(of: connection)
        for choice in ParameterChoice.linted where choice != .lowest {
          var uncounted = ProvenAttempts()
          switch variant(of: step, parameters, choice: choice, day: lesson.day) {
          case .success(let (drawn, values)):
            problems += prove(
              drawn, in: lesson.file, on: examples, safety: safety, proven: &uncounted
            )
            .map { found in
              var withValues = found
              withValues.message = "with \(values): " + found.message
              return withValues
            }
          case .failure(let message):
            problem(step.line, "step '\(step.id)' with \(choice): \(message)")
          }
          try snapshot.restore(on: connection)
        }
      } catch {
        problem(step.line, "step '\(step.id)': its other values could not be tried: \(error)")
      }
      problems += prove(step, in: lesson.file, on: examples, safety: safety, proven: &proven)
    }
    for card in lesson.cards {
      problems += CardProof(connection: connection, safety: safety, file: lesson.file).problems(
        card, proven: &proven)
    }
    return problems
  }

  /// Proves one step from the state the sandbox is in: its `clear` block runs, its check
  /// fails, its mistakes fail and alternatives pass it, its example runs without an error
  /// reply, and then its check passes.
  private func prove(
    _ step: LessonStep, in file: String, on examples: ExampleRunner, safety: CommandSafety,
    proven: inout ProvenAttempts
  ) -> [LessonProblem] {
    var problems: [LessonProblem] = []
    func problem(_ line: Int, _ message: String) {
      problems.append(LessonProblem(file: file, line: line, message: message))
    }
    var connection: Connection { examples.connection }
    examples.labEvents.clear()
    let runner = CheckRunner(
      connection: connection, safety: safety, labEvents: examples.labEvents)
    do {
      try StepClearing.delete(
        StepClearing.existingKeys(for: step, on: connection), on: connection)
    } catch {
      problem(step.line, "step '\(step.id)': its clear block could not run: \(error)")
    }
    if let check = step.check {
      switch Result(catching: { try runner.run(check) }) {
      case .success(.passed):
        problem(
          step.line,
          "step '\(step.id)': the check already passes before the example runs, so it proves nothing"
        )
      case .success(.needsNewerRedis):
        return problems
      case .failure(let error):
        problem(step.line, "step '\(step.id)': the check could not run: \(error)")
      default: break
      }
    }
    if let check = step.check {
      problems += proveAttempts(
        of: step, in: file, check: check, on: examples, proven: &proven)
    }
    examples.labEvents.clear()
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
    guard let check = step.check else { return problems }
    let after = CheckRunner(connection: connection, safety: safety, labEvents: examples.labEvents)
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
    return problems
  }

  /// `step` with the values of `choice`, and those values as `name=value, …` for messages;
  /// or what went wrong working them out.
  private func variant(
    of step: LessonStep, _ parameters: StepParameters, choice: ParameterChoice, day: Int
  ) -> Result<(LessonStep, String), VariantFailure> {
    let values: [String: Int]
    do {
      values = try parameters.values(choice, day: day, stepID: step.id)
    } catch {
      return .failure(VariantFailure(message: "the parameters cannot be worked out: \(error)"))
    }
    let shown = parameters.declared.map { "\($0.name)=\(values[$0.name] ?? 0)" }
      .joined(separator: ", ")
    guard let drawn = step.filled(with: values) else {
      return .failure(VariantFailure(message: "with \(shown) a check line does not parse"))
    }
    return .success((drawn, shown))
  }

  /// Why a step's values for one choice could not be tried.
  private struct VariantFailure: Error {
    var message: String
  }

  /// Runs each of the step's mistakes and alternatives from the state the step starts in,
  /// and puts that state back for the step's example.
  private func proveAttempts(
    of step: LessonStep, in file: String, check: Check, on examples: ExampleRunner,
    proven: inout ProvenAttempts
  ) -> [LessonProblem] {
    let attempts = step.mistakes + step.alternatives
    guard !attempts.isEmpty else { return [] }
    var problems: [LessonProblem] = []
    func problem(_ line: Int, _ message: String) {
      problems.append(LessonProblem(file: file, line: line, message: message))
    }
    // An attempt that crashes or restarts the server reads its data files back and may
    // leave it in another mode: put the files and the mode back too, not only the keys.
    let labActions = attempts.contains { attempt in
      attempt.commands.contains {
        switch ExampleAction($0.text) {
        case .crashSandbox, .restartSandbox: return true
        default: return false
        }
      }
    }
    let disk =
      labActions
      ? NSTemporaryDirectory() + "redis-tutor-lint-disk-\(getpid())-\(UUID().uuidString.prefix(8))"
      : nil
    defer { if let disk { try? FileManager.default.removeItem(atPath: disk) } }
    let mode = examples.persistence
    func restore(_ snapshot: SandboxSnapshot) throws {
      if let disk { try examples.restart(in: mode, withFilesFrom: disk) }
      try snapshot.restore(on: examples.connection)
      // The AOF logged the keys put back; a snapshot file must be the step's own again.
      if let disk, !mode.usesAppendOnlyFile { try examples.putBackSnapshotFile(from: disk) }
      examples.labEvents.clear()
    }
    do {
      let snapshot = try SandboxSnapshot(of: examples.connection)
      if let disk { try examples.copyDataFiles(to: disk) }
      for attempt in attempts {
        try restore(snapshot)
        var errorReply: String?
        for line in attempt.commands {
          if case .reply(_, let reply) = try examples.run(line.text), reply.isError,
            errorReply == nil
          {
            errorReply = "'\(line.text)' got an error reply: \(reply.string ?? "")"
          }
        }
        let result = try CheckRunner(
          connection: examples.connection, safety: CommandSafety(), labEvents: examples.labEvents
        ).run(check)
        problems += Self.judge(attempt, result: result, errorReply: errorReply, proven: &proven)
          .map { LessonProblem(file: file, line: attempt.line, message: $0) }
      }
      try restore(snapshot)
    } catch {
      problem(step.line, "step '\(step.id)': its mistakes and alternatives could not run: \(error)")
    }
    return problems
  }

  /// What is wrong with one attempt, given the check's result after it (nothing when the
  /// check went the way the attempt's kind says, which `proven` counts).
  static func judge(
    _ attempt: Attempt, result: CheckResult, errorReply: String?, proven: inout ProvenAttempts
  ) -> [String] {
    switch (attempt.kind, result) {
    case (.mistake, .passed):
      return ["mistake passes the check: \(attempt.summary)"]
    case (.mistake, .notYet):
      proven.mistakes += 1
    case (.alternative, .passed):
      if let errorReply { return ["alternative \(errorReply)"] }
      proven.alternatives += 1
    case (.alternative, .notYet(let failures)):
      return failures.map {
        "alternative fails the check: \(attempt.summary): \($0.explanation)"
      }
    case (_, .refused(let line, let reason)):
      return ["check command refused: '\(line.commandText)': \(reason)"]
    case (_, .needsNewerRedis):
      break
    }
    return []
  }
}

/// Proves one card on a fresh sandbox: a challenge's check fails after its setup and passes
/// after each of its solutions; a predict card's real reply is one of its accepted answers.
struct CardProof {
  let connection: Connection
  let safety: CommandSafety
  let file: String

  func problems(_ card: QuizCard, proven: inout LessonLinter.ProvenAttempts) -> [LessonProblem] {
    var problems: [LessonProblem] = []
    func problem(_ line: Int, _ message: String) {
      problems.append(
        LessonProblem(file: file, line: line, message: "card '\(card.id)': " + message))
    }
    let runner = CardRunner(connection: connection, safety: safety)
    do {
      switch card.kind {
      case .choice, .answer, .explain:
        break
      case .challenge(_, let check, let solutions):
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
        for attempt in card.mistakes + card.alternatives {
          _ = try runner.prepare(card)
          let errorReply = try runner.runAttempt(attempt)
          let result = try CheckRunner(connection: connection, safety: safety).run(check)
          for message in LessonLinter.judge(
            attempt, result: result, errorReply: errorReply, proven: &proven)
          {
            problem(attempt.line, message)
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
