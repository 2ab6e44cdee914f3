import DeterministicRandom
import Lessons
import Progress
import SelfQuiz
import Shell
import Testing
import TutorApp
import TutorTestSupport

/// `:answers` on a "Check yourself" step, in a shell fed scripted lines, with a real progress
/// database: the learner's attempt comes first, then the model answer.
@Suite("Answering a step's questions in the shell")
struct AnswersCommandTests {
  let server: RedisServerFixture

  init() throws {
    server = try RedisServerFixture()
  }

  /// A day with a checked step, then a "Check yourself" step of two explain cards.
  private static let selfCheckLesson = """
    \(LessonFixture.frontMatter(day: 1, title: "Shell day"))
    # Concepts {#concepts}

    \(LessonFixture.greetingStep)

    ## Check yourself {#self-check}

    1. What do `TTL` replies `-1` and `-2` mean?
    2. Why is `INCR` safe under concurrency?

    ```card explain ttl-replies
    q: What do `TTL` replies `-1` and `-2` mean?
    model: -1: the key exists but has no expiry.
    model: -2: the key does not exist.
    points: -1: no expiry [1 no/without expir*/ttl] | -2: the key does not exist [2 not/missing]
    ```

    ```card explain incr-atomic
    q: Why is `INCR` safe under concurrency when `GET` then `SET` is not?
    model: INCR is one atomic command; GET then SET can lose an update.
    points: one atomic command [atomic*] | GET then SET loses an update [lost/lose*]
    ```

    """

  /// Opens the step and runs `lines` after `:answers`; returns the shell and the library.
  private func answer(_ lines: [String]) throws -> (ScriptedShell, LessonLibrary) {
    let library = try LessonLibrary(lesson: Self.selfCheckLesson)
    let piped = ScriptedShell(
      [":lesson 1", ":step self-check", ":answers"] + lines, server: server)
    QuizController(
      lessons: library.controller(on: piped.shell), clock: StudyClock(now: library.clock.now),
      generator: { SplitMix64(seed: 1) }
    ).attach(to: piped.shell)
    _ = piped.shell.run()
    return (piped, library)
  }

  @Test func theModelAnswerComesOnlyAfterTheAttemptAndTheRatingIsSaved() throws {
    let (piped, library) = try answer(["", "-1 means no TTL at all", "", "?", "3"])
    #expect(
      piped.errors.text.contains(
        ":answers asks these 2 questions one at a time: your answer first, then the model answer."),
      "\(piped.errors.text)")
    let prompt = "your answer, in your own words (? shows the model answer, :lesson, q stops) > "
    let rating = "rating %@: Enter keeps it, or 1 Again 2 Hard 3 Good 4 Easy > "
    #expect(
      piped.output.text == """
        Answers for "Check yourself": 2 questions. Write your answer to each before its model answer is shown; your rating schedules it in the quiz.

        ── Card 1 of 2 · day 1 · explain · new ──
        What do `TTL` replies `-1` and `-2` mean?
        \(prompt)
        Write your answer first, even a rough one: the model answer comes after it (? shows it without one).
        \(prompt)-1 means no TTL at all
        Model answer:
          -1: the key exists but has no expiry.
          -2: the key does not exist.
        Key points (your answer names 1 of 2):
          ✓ -1: no expiry
          ✗ -2: the key does not exist
        Suggested Hard from the key points your words name; this is a plain word match, so rate what you meant.
        \(rating.replacingOccurrences(of: "%@", with: "Hard"))
        Rated Hard; next review in 6 minutes.

        ── Card 2 of 2 · day 1 · explain · new ──
        Why is `INCR` safe under concurrency when `GET` then `SET` is not?
        \(prompt)?
        Model answer:
          INCR is one atomic command; GET then SET can lose an update.
        No answer of your own this time, so Again is suggested.
        \(rating.replacingOccurrences(of: "%@", with: "Again"))3
        Rated Good; next review in 10 minutes.

        Quiz done: 2 cards answered, 2 right.

        """)
    let reviews = try library.store.quizReviews()
    #expect(reviews.map(\.cardID) == ["1/ttl-replies", "1/incr-atomic"])
    #expect(reviews.map(\.rating) == [2, 3])
    #expect(reviews.map(\.attempt) == ["-1 means no TTL at all", nil])
  }

  @Test func everyKeyPointNamedSuggestsGoodAndAPasswordIsNeverStored() throws {
    let (piped, library) = try answer([
      "-1 has no expiry, -2 means the key does not exist", "",
      "atomic, and GET then SET lose updates; AUTH default hunter2 would not help", "4",
    ])
    #expect(
      piped.output.text.contains("Key points (your answer names 2 of 2):\n  ✓ -1: no expiry\n"))
    #expect(piped.output.text.contains("Suggested Good from the key points"))
    let reviews = try library.store.quizReviews()
    #expect(reviews.map(\.rating) == [3, 4])
    #expect(
      reviews.map(\.attempt) == [
        "-1 has no expiry, -2 means the key does not exist",
        "atomic, and GET then SET lose updates; AUTH (redacted) (redacted) (redacted) (redacted) (redacted)",
      ])
  }

  @Test func aStepWithoutQuestionsSaysSo() throws {
    let library = try LessonLibrary(lesson: Self.selfCheckLesson)
    let piped = ScriptedShell([":answers", ":lesson 1", ":answers"], server: server)
    QuizController(
      lessons: library.controller(on: piped.shell), clock: StudyClock(now: library.clock.now)
    ).attach(to: piped.shell)
    _ = piped.shell.run()
    #expect(
      piped.errors.text.contains(
        "No lesson open: :lesson N opens day N, and :answers works on its question steps."))
    #expect(
      piped.errors.text.contains(
        "This step has no questions to answer in your own words; :quiz asks the day's cards."))
    #expect(try library.store.quizReviews().isEmpty)
  }
}
