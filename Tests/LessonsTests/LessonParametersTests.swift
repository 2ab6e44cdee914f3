import Lessons
import Testing
import TutorTestSupport

/// A day whose one step draws a session's user and lifetime per learner.
let parameterisedLesson = """
  \(LessonFixture.frontMatter(day: 2, title: "Numbers", blockID: "hands-on", kind: "hands-on"))
  # Hands-on {#hands-on}

  ## A session of your own {#own-session}

  ```params
  user = 100..999999
  minutes = pick 3 5 7
  seconds = minutes * 60
  lowest = seconds - 10
  ```

  Leave a session for user {{user}} that expires in {{minutes}} minutes.

  ```redis hidden
  SET rt:session:{{user}} on EX {{seconds}}
  ```

  ```check
  TTL rt:session:{{user}} => {{lowest}}..{{seconds}} # {{minutes}} minutes in seconds
  ```

  ```mistake
  # why: {{minutes}} seconds, not minutes
  SET rt:session:{{user}} on EX {{minutes}}
  ```

  ```alternative
  SET rt:session:{{user}} on PX {{seconds}}000
  ```

  ```hint
  {{minutes}} × 60 = {{seconds}}
  ```

  ```solution
  SET rt:session:{{user}} on EX {{seconds}}
  ```

  """

@Suite("Per-learner lesson parameters")
struct LessonParametersTests {
  private func step(_ text: String = parameterisedLesson) throws -> LessonStep {
    try #require(LessonParser.parse(text, file: "day2.md").get().allSteps.first)
  }

  private func problems(_ text: String) -> [String] {
    guard case .failure(let found) = LessonParser.parse(text, file: "day2.md") else { return [] }
    return found.problems.map(\.description)
  }

  private func lineNumber(of needle: String, in text: String) throws -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return try #require(lines.firstIndex { $0.contains(needle) }) + 1
  }

  @Test func theParsedStepHoldsTheLowestValuesEverywhere() throws {
    let step = try step()
    #expect(step.prose.contains("Leave a session for user 100 that expires in 3 minutes."))
    #expect(!step.prose.contains("SET rt:session"), "a hidden redis block is not shown")
    #expect(step.example.map(\.text) == ["SET rt:session:100 on EX 180"])
    #expect(
      step.check?.lines.map(\.source.text) == [
        "TTL rt:session:100 => 170..180 # 3 minutes in seconds"
      ])
    #expect(step.check?.lines.first?.commandText == "TTL rt:session:100")
    #expect(step.check?.lines.first?.message == "3 minutes in seconds")
    #expect(step.mistakes.first?.why == "3 seconds, not minutes")
    #expect(step.mistakes.first?.commands.map(\.text) == ["SET rt:session:100 on EX 3"])
    #expect(step.alternatives.first?.commands.map(\.text) == ["SET rt:session:100 on PX 180000"])
    #expect(step.hints == ["3 × 60 = 180"])
    #expect(step.solution == "SET rt:session:100 on EX 180")
  }

  @Test func aLearnersSeedFillsInTheirOwnNumbers() throws {
    let step = try step()
    let values = try #require(step.parameters).values(.seed(42), day: 2, stepID: "own-session")
    let user = try #require(values["user"])
    let minutes = try #require(values["minutes"])
    #expect((100...999_999).contains(user))
    #expect([3, 5, 7].contains(minutes))
    #expect(values["seconds"] == minutes * 60)
    #expect(values["lowest"] == minutes * 60 - 10)
    let mine = step.instantiated(.seed(42), day: 2)
    #expect(mine.prose.contains("user \(user) that expires in \(minutes) minutes"))
    #expect(mine.example.map(\.text) == ["SET rt:session:\(user) on EX \(minutes * 60)"])
    #expect(mine.check?.lines.first?.commandText == "TTL rt:session:\(user)")
    #expect(mine.solution == "SET rt:session:\(user) on EX \(minutes * 60)")
  }

  @Test func theSameSeedGivesTheSameValuesAndOtherSeedsOrStepsDiffer() throws {
    let parameters = try #require(try step().parameters)
    let first = try parameters.values(.seed(7), day: 2, stepID: "own-session")
    #expect(try parameters.values(.seed(7), day: 2, stepID: "own-session") == first)
    let users = try (1...20).map {
      try parameters.values(.seed($0), day: 2, stepID: "own-session")["user"]
    }
    #expect(Set(users).count > 15, "\(users)")
    #expect(try parameters.values(.seed(7), day: 3, stepID: "own-session") != first)
    #expect(try parameters.values(.seed(7), day: 2, stepID: "other-step") != first)
  }

  @Test func theEndsOfEachRangeAndPickAreTheLowestAndHighestChoices() throws {
    let parameters = try #require(try step().parameters)
    #expect(
      try parameters.values(.lowest, day: 2, stepID: "own-session")
        == ["user": 100, "minutes": 3, "seconds": 180, "lowest": 170])
    #expect(
      try parameters.values(.highest, day: 2, stepID: "own-session")
        == ["user": 999_999, "minutes": 7, "seconds": 420, "lowest": 410])
  }

  @Test func aPersonalisedCatalogDrawsEveryLessonsValuesFromTheSeed() throws {
    let lesson = try LessonParser.parse(parameterisedLesson, file: "day2.md").get()
    let catalog = LessonCatalog(directory: "", lessons: [lesson], problems: [])
    let mine = catalog.personalised(seed: 42).lessons[0].allSteps[0]
    #expect(mine.example == lesson.allSteps[0].instantiated(.seed(42), day: 2).example)
  }

  @Test func anUnknownNameIsRejectedWithItsFileAndLine() throws {
    let text = parameterisedLesson.replacingOccurrences(
      of: "```hint\n{{minutes}}", with: "```hint\n{{minute}}")
    let line = try lineNumber(of: "{{minute}} × 60", in: text)
    #expect(
      problems(text) == [
        "day2.md:\(line): unknown parameter '{{minute}}': this step's ```params block declares user, minutes, seconds, lowest"
      ])
  }

  @Test func aNameInAStepWithoutParametersIsRejected() throws {
    let text = """
      \(LessonFixture.frontMatter(day: 2, title: "Numbers"))
      # Concepts {#concepts}

      ## Plain {#plain}

      Nothing is drawn here, so {{user}} is a typo.
      """
    let line = try lineNumber(of: "{{user}} is a typo", in: text)
    #expect(
      problems(text) == [
        "day2.md:\(line): unknown parameter '{{user}}': declare it in a ```params block at the start of the step"
      ])
  }

  @Test func otherBracesAreNotParameters() throws {
    let text = """
      \(LessonFixture.frontMatter(day: 2, title: "Numbers"))
      # Concepts {#concepts}

      ## Go {#go}

      ```go
      dirs := []point{{1, 0}, {-1, 0}}
      t := "{{.Name}}"
      ```
      """
    #expect(problems(text) == [])
  }

  @Test func aNameInAFactsBlockIsNotFilledInSoItIsRejected() throws {
    let text = parameterisedLesson.replacingOccurrences(
      of: "```solution", with: "```facts\nSessions last {{minutes}} minutes.\n```\n\n```solution")
    let line = try lineNumber(of: "Sessions last {{minutes}}", in: text)
    #expect(
      problems(text) == [
        "day2.md:\(line): '{{minutes}}' is not filled in inside a 'facts' block (prose and redis, check, hint, solution, mistake, alternative and clear blocks are)"
      ])
  }

  @Test func malformedDeclarationsAreReportedWithTheirLines() throws {
    let text = """
      \(LessonFixture.frontMatter(day: 2, title: "Numbers"))
      # Concepts {#concepts}

      ## Declarations {#declarations}

      ```params
      minutes = 1..2
      lowest = seconds - later
      empty = 9..3
      bad name = 1..2
      minutes = 1..2
      odd = pick 3 x
      ```
      """
    let base = try lineNumber(of: "lowest = seconds - later", in: text)
    #expect(
      problems(text) == [
        "day2.md:\(base): parameter 'lowest': 'seconds' is not declared above it (derived values use earlier parameters)",
        "day2.md:\(base + 1): parameter 'empty': the range 9..3 is empty (write the low end first)",
        "day2.md:\(base + 2): parameter name 'bad name' must start with a-z and use only a-z, 0-9 and '_'",
        "day2.md:\(base + 3): parameter 'minutes' is declared twice",
        "day2.md:\(base + 4): parameter 'odd': 'pick' takes one or more whole numbers: pick 30 60 90",
      ])
  }

  @Test func aValueThatCannotBeWorkedOutIsRejected() throws {
    let text = parameterisedLesson.replacingOccurrences(
      of: "lowest = seconds - 10", with: "lowest = seconds / (minutes - 3)")
    let line = try lineNumber(of: "```params", in: text)
    #expect(
      problems(text) == [
        "day2.md:\(line): with the lowest values the parameters cannot be worked out: division by zero"
      ])
  }

  @Test func theParamsBlockComesBeforeTheBlocksThatUseIt() throws {
    let text = parameterisedLesson.replacingOccurrences(
      of: "```params\nuser", with: "```redis\nGET rt:x\n```\n\n```params\nuser")
    let line = try lineNumber(of: "```params", in: text)
    #expect(
      problems(text) == [
        "day2.md:\(line): put the ```params block before the step's other blocks, so they can use its names"
      ])
  }

  @Test func aRedisBlockTakesOnlyTheHiddenAttribute() throws {
    let text = parameterisedLesson.replacingOccurrences(
      of: "```redis hidden", with: "```redis secret")
    let line = try lineNumber(of: "```redis secret", in: text)
    #expect(
      problems(text) == ["day2.md:\(line): unknown redis block attribute 'secret' (only 'hidden')"])
  }

  @Test func expressionsFloorDivideAndPowerRightToLeft() throws {
    func value(_ expression: String) throws -> Int? {
      let text = """
        \(LessonFixture.frontMatter(day: 2, title: "Numbers"))
        # Concepts {#concepts}

        ## Sums {#sums}

        ```params
        now = 1700000123..1700000123
        value = \(expression)
        ```

        {{value}}
        """
      let step = try #require(LessonParser.parse(text, file: "day2.md").get().allSteps.first)
      return try step.parameters?.values(.lowest, day: 2, stepID: "sums")["value"]
    }
    #expect(try value("now / 60") == 28_333_335)
    #expect(try value("-7 / 2") == -4)
    #expect(try value("-7 % 2") == 1)
    #expect(try value("2 ^ 3 ^ 2") == 512)
    #expect(try value("3 * 10 ^ 13 + now") == 30_001_700_000_123)
    #expect(try value("900 * 2 ^ (3 - 1)") == 3600)
    #expect(try value("(now - 23) % 100 + 1_000") == 1000)
  }
}
