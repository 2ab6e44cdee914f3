import Lessons
import Progress
import Testing
import TutorApp
import TutorTestSupport

/// A day whose step draws a fixed-window number per learner.
private let windowLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Numbers", blockID: "hands-on", kind: "hands-on"))
  # Hands-on {#hands-on}

  ## Your own window {#own-window}

  ```params
  now = 1700000000..1799999999
  window = pick 30 90 120
  number = now / window
  ```

  A request arrives at Unix time {{now}}: count it in `rt:rl:N`, where N is the number of its
  {{window}}-second window.

  ```redis hidden
  INCR rt:rl:{{number}}
  ```

  ```check
  GET rt:rl:{{number}} => "1" # the key is rt:rl: and the window number
  ```

  """

/// A learner's step in the shell shows their numbers, and the check wants their answer.
@Suite("A learner's own numbers in the shell")
struct LearnerNumbersTests {
  let server: RedisServerFixture
  let library: LessonLibrary
  /// The learner's values, and those of the lesson as written (the lowest).
  let mine: [String: Int]
  let lowest: [String: Int]

  init() throws {
    server = try RedisServerFixture()
    library = try LessonLibrary(lesson: windowLesson)
    try library.store.setSetting("learner-seed", "2026")
    let parameters = try #require(library.catalog.lessons.first?.allSteps.first?.parameters)
    mine = try parameters.values(.seed(2026), day: 1, stepID: "own-window")
    lowest = try parameters.values(.lowest, day: 1, stepID: "own-window")
  }

  private func run(_ lines: [String]) -> ScriptedShell {
    let scripted = ScriptedShell(lines, server: server)
    _ = library.controller(on: scripted.shell)
    _ = scripted.shell.run()
    return scripted
  }

  /// The learner's window number, worked out here as the learner would.
  private var myNumber: Int { mine["now"]! / mine["window"]! }

  @Test func theStepShowsTheLearnersOwnNumbers() throws {
    #expect(try library.store.learnerSeed() == 2026)
    try #require(mine["now"] != lowest["now"])
    let scripted = run([":lesson 1"])
    // The prose is wrapped to the width of the output; the words are what matter.
    let shown = scripted.errors.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(
      shown.contains(
        "A request arrives at Unix time \(mine["now"]!): count it in `rt:rl:N`, where N is the number of its \(mine["window"]!)-second window."
      ), "\(scripted.errors.text)")
    #expect(!scripted.errors.text.contains(String(lowest["now"]!)))
  }

  @Test func theLearnersOwnAnswerPassesTheCheck() throws {
    let scripted = run([":lesson 1", "INCR rt:rl:\(myNumber)"])
    #expect(scripted.output.text == "(integer) 1\n")
    #expect(scripted.errors.text.contains("✓ Step passed: Your own window."))
    #expect(try library.store.steps(day: 1)["own-window"]?.status == .passed)
  }

  @Test func theLessonsDefaultNumbersAreRejected() throws {
    let defaultNumber = lowest["now"]! / lowest["window"]!
    try #require(defaultNumber != myNumber)
    let scripted = run([":lesson 1", "INCR rt:rl:\(defaultNumber)", ":check"])
    #expect(scripted.output.text == "(integer) 1\n")
    #expect(!scripted.errors.text.contains("✓ Step passed"))
    #expect(scripted.errors.text.contains("the key is rt:rl: and the window number"))
    #expect(try library.store.steps(day: 1)["own-window"]?.status != .passed)
  }
}
