import DeterministicRandom
import Lessons
import Progress
import SelfQuiz
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// `:quiz` in a shell fed scripted lines, with real lessons and a real progress database.
@Suite("Quiz controller in the shell")
struct QuizControllerTests {
  let server: RedisServerFixture
  let library: LessonLibrary

  init() throws {
    server = try RedisServerFixture()
    library = try LessonLibrary()
  }

  /// Runs `lines` through a piped shell with the lesson and quiz controllers attached.
  private func run(_ lines: [String]) -> ScriptedShell {
    let scripted = ScriptedShell(lines, server: server)
    let lessons = library.controller(on: scripted.shell)
    QuizController(
      lessons: lessons, clock: StudyClock(now: library.clock.now),
      generator: { SplitMix64(seed: 1) }
    ).attach(to: scripted.shell)
    _ = scripted.shell.run()
    return scripted
  }

  /// The transcript of answering the lesson's one card right and keeping the rating.
  private func transcript(queue: String, kind: String, nextReview: String) -> String {
    """
    Quiz (today's queue): 1 card, \(queue).

    ── Card 1 of 1 · day 1 · answer · \(kind) ──
    How large can a Redis string be?
    answer (:lesson, q stops) > 512 MB
    ✓ Right.
    rating Easy: Enter keeps it, or 1 Again 2 Hard 3 Good 4 Easy > 
    Rated Easy; next review in \(nextReview).

    Quiz done: 1 card answered, 1 right.

    """
  }

  @Test func quizAsksTheDueCardAndRecordsTheAnswer() throws {
    let first = run([":quiz", "512 MB", ""])
    #expect(
      first.output.text
        == transcript(queue: "0 due for review and 1 new", kind: "new", nextReview: "8 days"))
    let card = try #require(try library.store.quizCard("1/string-max"))
    library.clock.time = card.due

    let second = run([":quiz", "512 MB", ""])
    #expect(
      second.output.text
        == transcript(queue: "1 due for review and 0 new", kind: "review", nextReview: "64 days"))
    #expect(second.errors.text == "")
    let reviews = try library.store.quizReviews()
    #expect(reviews.map(\.cardID) == ["1/string-max", "1/string-max"])
    #expect(reviews.map(\.stateBefore) == ["new", "review"])
    #expect(reviews.map(\.correct) == [true, true])
    #expect(reviews.map(\.reviewedAt) == [1_800_000_000, card.due])
    #expect(try library.store.quizCard("1/string-max").map(\.due) ?? 0 > card.due)
  }

  /// The controllers' lesson with a second card, so a new card is left after the first.
  private static let twoCardLesson =
    controllerLesson + """

      ```card answer string-command
      q: Which command stores a string?
      a: SET
      ```

      """

  @Test func theGreetingCountsTheReviewsDueTodayAsQuizStatsDoes() throws {
    let library = try LessonLibrary(lesson: Self.twoCardLesson)
    // A wrong answer brings the card back within minutes: due later today, not yet now.
    let piped = ScriptedShell([":quiz limit 1", "1 GB", ""], server: server)
    let quiz = QuizController(
      lessons: library.controller(on: piped.shell), clock: StudyClock(now: library.clock.now),
      generator: { SplitMix64(seed: 1) })
    quiz.attach(to: piped.shell)
    _ = piped.shell.run()
    let card = try #require(try library.store.quizCard("1/string-max"))
    let now = library.clock.time
    #expect(card.due > now && card.due < StudyClock.startOfNextDay(now))

    let terminal = ScriptedShell([], server: server, interactive: true)
    let greeter = QuizController(
      lessons: library.controller(on: terminal.shell), clock: StudyClock(now: library.clock.now))
    greeter.greet(terminal.shell)
    #expect(
      terminal.output.text
        == "1 review due later today, the next in \(QuizPractice.describeInterval(card.due - now));"
        + " :quiz asks it once due, and introduces 1 new card now.\n")
    greeter.showStats(on: terminal.shell)
    #expect(terminal.output.text.contains("\nDue today: 1   this week: 1   "))
  }

  /// The controllers' lesson with only a challenge card.
  private static let challengeLesson = """
    \(LessonFixture.frontMatter(day: 1, title: "Shell day"))
    # Concepts {#concepts}

    \(LessonFixture.greetingStep)

    ## Expiry {#expiry}

    ```card challenge session-expire
    q: Make `rt:quiz:session:42` expire in 30 seconds, keeping its value.
    setup: SET rt:quiz:session:42 ada
    check: TTL rt:quiz:session:42 => 1..30 # give the key a TTL of at most 30 seconds
    check: GET rt:quiz:session:42 => "ada" # keep the value
    solution: EXPIRE rt:quiz:session:42 30
    solution: SET rt:quiz:session:42 ada EX 30
    ```

    """

  /// Runs `lines` on the challenge lesson's card in a piped shell; returns the output and
  /// the saved ratings.
  private func challenge(_ lines: [String]) throws -> (String, [Int]) {
    let library = try LessonLibrary(lesson: Self.challengeLesson)
    let piped = ScriptedShell([":quiz"] + lines, server: server)
    QuizController(
      lessons: library.controller(on: piped.shell), clock: StudyClock(now: library.clock.now),
      generator: { SplitMix64(seed: 1) }
    ).attach(to: piped.shell)
    _ = piped.shell.run()
    return (piped.output.text, try library.store.quizReviews().map(\.rating))
  }

  @Test func aCleanChallengeInTheShellIsEasy() throws {
    let (output, ratings) = try challenge(["EXPIRE rt:quiz:session:42 30", ""])
    #expect(output.contains("challenge> EXPIRE rt:quiz:session:42 30\n(integer) 1\n"), "\(output)")
    #expect(output.contains("Easy: first try, no wrong commands, in 0 s\n"), "\(output)")
    #expect(ratings == [4])
  }

  @Test func aWrongAttemptAndARebuildInTheShellAreNotEasy() throws {
    let (output, ratings) = try challenge([
      "EXPIRE rt:quiz:session:42 300", "DEL rt:quiz:session:42",
      "SET rt:quiz:session:42 ada EX 30", "",
    ])
    #expect(output.contains("✓ Done: the server now holds what was asked."), "\(output)")
    #expect(
      output.contains(
        "Hard: 1 failed check and 1 rebuild (DEL rt:quiz:session:42)\nrating Hard: Enter keeps it"),
      "\(output)")
    #expect(ratings == [2])
  }

  @Test func anErrorReplyInTheShellCountsAsAMistake() throws {
    let (output, ratings) = try challenge([
      "EXPIRE rt:quiz:session:42", "EXPIRE rt:quiz:session:42 30", "",
    ])
    #expect(output.contains("(error) ERR wrong number of arguments"), "\(output)")
    #expect(output.contains("Good: 1 error reply\n"), "\(output)")
    #expect(ratings == [3])
  }
}
