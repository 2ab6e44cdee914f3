import Lessons
import RedisClient
import Testing
import TutorTestSupport

/// A hands-on step whose check asks for a passing stage run.
private func stageLesson(_ checkLines: String) -> String {
  """
  \(LessonFixture.frontMatter(day: 2, title: "Your turn", blockID: "hands-on", kind: "hands-on"))
  # Hands-on {#hands-on}

  ## Test your service {#test-it}

  ```redis hidden
  :test day2-cache --reference good
  ```

  ```check
  \(checkLines)
  ```

  """
}

/// `:stage` check lines: parsed into the check, and passed only by a passing run of that
/// stage since the step opened.
@Suite("Stage check lines")
struct StageRunCheckTests {
  let server: RedisServerFixture
  let connection: Connection

  init() throws {
    server = try RedisServerFixture()
    connection = try server.connect()
  }

  func check(_ lines: String) throws -> Check {
    try #require(
      LessonParser.parse(stageLesson(lines), file: "day2.md").get().allSteps.first?.check)
  }

  /// The explanations of the check's failures after `events`, or [] when it passed.
  func failures(_ lines: String, after events: [LabEventLog.Event]) throws -> [String] {
    let log = LabEventLog()
    for event in events { log.record(event) }
    switch try CheckRunner(connection: connection, labEvents: log).run(check(lines)) {
    case .passed: return []
    case .notYet(let failures): return failures.map(\.explanation)
    case let other:
      Issue.record("unexpected result \(other)")
      return ["?"]
    }
  }

  @Test func aStageLineIsReadIntoTheCheckAndABadOneIsOneProblem() throws {
    let parsed = try check(":stage day2-cache # run it")
    #expect(parsed.lines.isEmpty)
    #expect(parsed.stageRuns.map(\.stage) == ["day2-cache"])
    #expect(parsed.stageRuns.first?.message == "run it")
    guard
      case .failure(let problems) = LessonParser.parse(
        stageLesson(":stage day2-cache extra"), file: "day2.md")
    else {
      Issue.record("two names were accepted")
      return
    }
    #expect(
      problems.problems.map(\.message) == ["a stage line is ':stage NAME', the name of one stage"])
  }

  @Test func onlyAPassingRunOfThatStageSinceTheStepOpenedPasses() throws {
    let line = ":stage day2-cache # run :test day2-cache"
    #expect(
      try failures(line, after: []) == [
        ":stage day2-cache → no run of day2-cache since this step opened: "
          + ":test day2-cache -- YOUR COMMAND, in your project's folder — run :test day2-cache"
      ])
    #expect(
      try failures(line, after: [.stageRun(stage: "day2-cache", passed: false)]).first?
        .contains("your program has not passed day2-cache yet") == true)
    #expect(
      try failures(line, after: [.stageRun(stage: "cache-jitter", passed: true)]).first?
        .contains("since it opened you ran cache-jitter") == true)
    #expect(
      try failures(
        line,
        after: [
          .stageRun(stage: "day2-cache", passed: false), .command([Array("PING".utf8)]),
          .stageRun(stage: "day2-cache", passed: true),
        ]) == [])
  }

  @Test func withoutAnEventLogTheLineFails() throws {
    let result = try CheckRunner(connection: connection).run(check(":stage day2-cache"))
    guard case .notYet(let failures) = result else {
      Issue.record("passed without any run")
      return
    }
    #expect(failures.first?.explanation.contains("recorded in the tutor's shell only") == true)
  }
}
