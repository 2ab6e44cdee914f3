import Lessons
import Testing

/// A small valid lesson, changed line by line by the tests below.
let sampleLesson = """
  ---
  day: 1
  title: Basics: strings
  goal: Store and expire a string.
  blocks:
    - id: concepts
      kind: concepts
      title: Strings
      minutes: 60-75
      plans: 4h 6h
    - id: go
      kind: hands-on
      title: From Go
      minutes: 60
      plans: 6h
  ---
  The day's introduction.

  # Strings {#concepts}

  What a string is.

  ## Set and get {#set-get}

  Type **SET** then *GET*.

  ```redis
  SET rt:greeting "hello world"
  # a comment line
  GET rt:greeting
  ```

  ```check
  GET rt:greeting => "hello world" # store the greeting
  STRLEN rt:greeting => 11
  ```

  ```hint
  SET takes a key and a value.
  ```

  ```hint
  SET rt:greeting "hello world"
  ```

  ```solution
  SET rt:greeting "hello world"
  ```

  ```facts
  A string value can hold up to 512 MB.
  GET on a missing key replies nil.
  ```

  ## Reading only {#reading}

  Nothing to do here.

  # From Go {#go}

  ## Connect {#connect}

  ```go
  rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
  ```

  ```redis
  SET rt:go:connected 1
  ```

  ```check needs=6.2
  EXISTS rt:go:connected => 1
  ```

  """

@Suite struct LessonParserTests {
  func parse(_ text: String) -> Result<Lesson, LessonProblems> {
    LessonParser.parse(text, file: "day1.md")
  }

  func problems(_ text: String) -> [String] {
    guard case .failure(let found) = parse(text) else { return [] }
    return found.problems.map(\.description)
  }

  @Test func readsFrontMatterBlocksAndPlans() throws {
    let lesson = try parse(sampleLesson).get()
    #expect(lesson.day == 1)
    #expect(lesson.title == "Basics: strings")
    #expect(lesson.goal == "Store and expire a string.")
    #expect(lesson.blocks.map(\.id) == ["concepts", "go"])
    #expect(lesson.blocks[0].minutes == 60...75)
    #expect(lesson.blocks[0].minutesText == "60–75 min")
    #expect(lesson.blocks[1].kind == .handsOn)
    #expect(lesson.blocks(in: .fourHours).map(\.id) == ["concepts"])
    #expect(lesson.blocks(in: .sixHours).map(\.id) == ["concepts", "go"])
    #expect(lesson.steps(in: .fourHours).map(\.id) == ["set-get", "reading"])
    #expect(lesson.introduction == "The day's introduction.")
    #expect(lesson.blocks[0].introduction == "What a string is.")
  }

  @Test func readsStepPartsWithLineNumbers() throws {
    let lesson = try parse(sampleLesson).get()
    let step = lesson.allSteps[0]
    #expect(step.title == "Set and get")
    #expect(step.line == 23)
    #expect(step.example.map(\.text) == ["SET rt:greeting \"hello world\"", "GET rt:greeting"])
    #expect(step.example.map(\.line) == [28, 30])
    let check = try #require(step.check)
    #expect(check.lines.count == 2)
    #expect(check.lines[0].argv == [Array("GET".utf8), Array("rt:greeting".utf8)])
    #expect(check.lines[0].matcher == .text("hello world"))
    #expect(check.lines[0].message == "store the greeting")
    #expect(check.lines[0].source.line == 34)
    #expect(check.lines[1].matcher == .integer(11))
    #expect(step.hints == ["SET takes a key and a value.", "SET rt:greeting \"hello world\""])
    #expect(step.solution == "SET rt:greeting \"hello world\"")
    #expect(step.facts.count == 2)
    #expect(!lesson.allSteps[1].isChecked)
    #expect(lesson.allSteps[2].check?.needs == RedisVersion("6.2"))
  }

  @Test func proseKeepsShownBlocksAndDropsHiddenOnes() throws {
    let step = try parse(sampleLesson).get().allSteps[0]
    #expect(step.prose.contains("Type **SET** then *GET*."))
    #expect(step.prose.contains("```redis\nSET rt:greeting \"hello world\""))
    #expect(step.prose.contains("```facts"))
    #expect(!step.prose.contains("```check"))
    #expect(!step.prose.contains("```hint"))
    #expect(!step.prose.contains("```solution"))
  }

  @Test func malformedFrontMatterIsReportedWithItsLine() {
    let broken = sampleLesson.replacingFirst("day: 1", with: "day: eight")
      .replacingFirst("kind: concepts", with: "kind: lecture")
      .replacingFirst("minutes: 60-75", with: "minutes: soon")
    #expect(
      problems(broken) == [
        "day1.md:2: 'day' must be a number from 1 to 7, not 'eight'",
        "day1.md:7: unknown block kind 'lecture' (one of concepts, hands-on, dsa, review, design)",
        "day1.md:9: 'minutes' must be a number or a range like 60-75, not 'soon'",
      ])
  }

  @Test func missingClosingFrontMatterAndMissingStartAreReported() {
    #expect(
      problems("day: 1\n") == [
        "day1.md:1: a lesson starts with front matter: a '---' line, 'day:', 'title:', 'blocks:', then '---'"
      ])
    #expect(
      problems("---\nday: 1\ntitle: x\n") == [
        "day1.md:1: the front matter has no closing '---' line"
      ])
  }

  @Test func duplicateIdsAndUnknownBlocksAreReported() {
    let duplicate = sampleLesson.replacingFirst("{#reading}", with: "{#set-get}")
      .replacingFirst("# From Go {#go}", with: "# From Go {#golang}")
    #expect(
      problems(duplicate) == [
        "day1.md:11: block 'go' has no section ('# From Go {#go}')",
        "day1.md:55: duplicate step id 'set-get' (first used on line 23)",
        "day1.md:59: '# From Go {#golang}' names no block declared in the front matter",
      ])
  }

  @Test func handsOnStepsNeedChecksAndChecksNeedArrows() {
    let noCheck = sampleLesson.replacingFirst(
      "```check needs=6.2\nEXISTS rt:go:connected => 1\n```", with: "")
    #expect(
      problems(noCheck) == ["day1.md:61: step 'connect' is in a hands-on block but has no check"])
    let noArrow = sampleLesson.replacingFirst(
      "STRLEN rt:greeting => 11", with: "STRLEN rt:greeting 11")
    #expect(
      problems(noArrow) == [
        "day1.md:35: a check line is 'COMMAND args => matcher', but this line has no '=>'"
      ])
  }

  @Test func windowsLineEndingsReadTheSame() throws {
    let lesson = try parse(sampleLesson.replacingOccurrences(of: "\n", with: "\r\n")).get()
    #expect(lesson.allSteps.map(\.id) == ["set-get", "reading", "connect"])
    #expect(lesson.allSteps[0].check?.lines.first?.source.line == 34)
  }

  @Test func everyPlanNeedsABlockAndEveryBlockASteps() {
    let fourOnly = sampleLesson.replacingFirst("plans: 4h 6h", with: "plans: 4h")
      .replacingFirst("plans: 6h", with: "plans: 4h")
    #expect(
      problems(fourOnly) == [
        "day1.md:1: no block belongs to the 6h plan (every day has a 4h and a 6h plan)"
      ])
    let empty = sampleLesson.replacingFirst(
      "## Reading only {#reading}\n\nNothing to do here.\n", with: ""
    )
    .replacingFirst("## Set and get {#set-get}", with: "Set and get.")
    #expect(
      problems(empty).contains("day1.md:6: block 'concepts' has no steps ('## Title {#step-id}')"))
  }

  @Test func headingsWithoutIdsAreReported() {
    let text = sampleLesson.replacingFirst("## Reading only {#reading}", with: "## Reading only")
    #expect(
      problems(text) == [
        "day1.md:55: a level-2 heading needs an id: '## Reading only {#some-id}'"
      ])
  }
}

extension String {
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = self.firstRange(of: target) else {
      Issue.record("'\(target)' not found in the sample")
      return self
    }
    return self.replacingCharacters(in: range, with: replacement)
  }
}
