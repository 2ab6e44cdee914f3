import Lessons
import Progress
import RedisClient
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// The lesson meta-commands in a shell fed scripted lines, on a real server and database.
///
/// Output is piped, so lesson prose and notes are on stderr as plain text.
@Suite("Lesson controller in the shell")
struct LessonControllerTests {
  let server: RedisServerFixture
  let library: LessonLibrary

  init() throws {
    server = try RedisServerFixture()
    library = try LessonLibrary()
  }

  /// Day 1's title and plan, shown when the day opens.
  private static let dayHeader = """
    Day 1: Shell day
    ================

    Plan (4h):

    1. Concepts (concepts, 30 min) ← you are here


    """

  /// The first step as the learner reads it.
  private static let firstStep = """
    Store a greeting
    ----------------

    Day 1 · block 1/1 Concepts (30 min) · step 1/2

    Store hello under a key.

      SET rt:greeting hello

    Your turn: each command you type is checked. :hint helps; :run shows the example.

    """

  /// Runs `lines` through a piped shell with the lesson controller attached.
  private func run(_ lines: [String]) -> ScriptedShell {
    let scripted = ScriptedShell(lines, server: server)
    _ = library.controller(on: scripted.shell)
    _ = scripted.shell.run()
    return scripted
  }

  @Test func openingADayShowsItsFirstStep() throws {
    let scripted = run([":lesson 1"])
    #expect(scripted.output.text == "")
    #expect(scripted.errors.text == Self.dayHeader + Self.firstStep)
    #expect(try library.store.position()?.step == "greeting")
  }

  @Test func aCommandThatSatisfiesTheCheckPassesTheStepAndNextMovesOn() throws {
    let scripted = run([":lesson 1", "SET rt:greeting hello", ":next"])
    #expect(scripted.output.text == "OK\n")
    #expect(
      scripted.errors.text == Self.dayHeader + Self.firstStep + """
        ✓ Step passed: Store a greeting. :next moves on; :solution shows a model answer.
        Read it back
        ------------

        Day 1 · block 1/1 Concepts (30 min) · step 2/2

        GET reads a string.

        :next when you are ready.

        """)
    #expect(try server.connect().send("GET", "rt:greeting") == .bulk(Array("hello".utf8)))
    #expect(try library.store.steps(day: 1)["greeting"]?.status == .passed)
    #expect(try library.store.position()?.step == "read-back")
  }

  @Test func hintShowsTheHintsOneLevelAtATime() throws {
    let scripted = run([":lesson 1", ":hint", ":hint"])
    #expect(
      scripted.errors.text == Self.dayHeader + Self.firstStep + """
        Hint 1/2: The command that stores a string is SET.

        Hint 2/2: SET rt:greeting hello


        """)
    #expect(try library.store.steps(day: 1)["greeting"]?.hintsUsed == 2)
  }

  @Test func nextWaitsForThePassAndStepShowsTheStepAgain() throws {
    let scripted = run([":lesson 1", ":next", ":step"])
    #expect(
      scripted.errors.text == Self.dayHeader + Self.firstStep
        + "This step's check has not passed yet: :check to see what is missing, :hint for help,"
        + " or :skip to move on anyway.\n" + Self.firstStep)
    #expect(try library.store.steps(day: 1)["greeting"]?.status != .passed)
    #expect(try library.store.position()?.step == "greeting")
  }

  /// The second step as the learner reads it.
  private static let secondStep = """
    Read it back
    ------------

    Day 1 · block 1/1 Concepts (30 min) · step 2/2

    GET reads a string.

    :next when you are ready.

    """

  @Test func stepGoesToAStepByNumberOrId() throws {
    let scripted = run([":lesson 1", ":step 2", ":step greeting", ":step read-back"])
    #expect(
      scripted.errors.text
        == Self.dayHeader + Self.firstStep + Self.secondStep + Self.firstStep + Self.secondStep)
    #expect(try library.store.position()?.step == "read-back")
  }

  @Test func stepWithAWrongNumberOrIdSaysWhatToType() throws {
    let scripted = run([":lesson 1", ":step 3", ":step 0", ":step nowhere"])
    let usage = "Type :step 1 to :step 2, or a step id of day 1 such as :step greeting.\n"
    #expect(
      scripted.errors.text == Self.dayHeader + Self.firstStep
        + "Day 1 has no step 3 in the 4h plan. " + usage
        + "Day 1 has no step 0 in the 4h plan. " + usage
        + "Day 1 has no step 'nowhere'. " + usage)
    #expect(try library.store.position()?.step == "greeting")
  }

  @Test func stepCommandsWithoutAnOpenLessonSayHowToOpenOne() throws {
    let scripted = run([":next", ":hint", ":step"])
    let advice = "No lesson open: :lesson N opens day N (:lesson resumes where you left off).\n"
    #expect(scripted.errors.text == String(repeating: advice, count: 3))
    #expect(try library.store.position() == nil)
  }
}
