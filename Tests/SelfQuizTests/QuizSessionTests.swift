import DeterministicRandom
import Foundation
import Lessons
import Progress
import Quiz
import RedisClient
import SelfQuiz
import Testing
import TutorTestSupport

/// A lesson with one card of each kind, for driving whole quiz sessions.
let quizLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Quiz day"))
  # Concepts {#concepts}

  ## Types {#types}

  ```card choice type-missing
  q: What does TYPE reply for a key that does not exist?
  * none
  - nil
  - string
  hint: It names a type that is not a type.
  ```

  ```card answer string-max
  q: How large can a Redis string be?
  a: 512 MB | 512 megabytes
  hint: A power of two, in megabytes.
  ```

  ## Expiry {#expiry}

  ```card challenge session-expire
  q: Make `rt:quiz:session:42` expire in 30 seconds, keeping its value.
  setup: SET rt:quiz:session:42 ada
  check: TTL rt:quiz:session:42 => 1..30 # give the key a TTL of at most 30 seconds
  check: GET rt:quiz:session:42 => "ada" # keep the value
  solution: EXPIRE rt:quiz:session:42 30
  solution: SET rt:quiz:session:42 ada EX 30
  solution: PEXPIRE rt:quiz:session:42 30000
  ```

  ```card predict incr-not-integer
  q: `rt:quiz:k` holds "abc". What does `INCR rt:quiz:k` reply?
  setup: SET rt:quiz:k abc
  run: INCR rt:quiz:k
  a: ERR value is not an integer or out of range | error
  explain: INCR only works on integers.
  ```

  """

/// One quiz setup: a real redis-server, a real progress database, a manual clock.
final class QuizBench {
  let server: RedisServerFixture
  let connection: Connection
  let directory: URL
  let store: ProgressStore
  let catalog: LessonCatalog
  let time = ManualClock()
  var transcript = ""
  var lines: [String] = []
  /// Seconds each answer takes on the manual clock.
  var secondsPerAnswer: Double = 5

  init(lesson text: String = quizLesson) throws {
    server = try RedisServerFixture()
    connection = try server.connect()
    directory = try TemporaryDirectory.make(prefix: "quiz")
    store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
    let lesson = try LessonParser.parse(text, file: "quiz.md").get()
    catalog = LessonCatalog(directory: "", lessons: [lesson], problems: [])
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  func deck() throws -> QuizDeck { try QuizDeck(catalog: catalog, store: store) }

  /// Runs a session over `cards` (today's queue when nil) answering with `answers`.
  @discardableResult
  func run(_ answers: [String], cards: [QuizCard]? = nil, seed: UInt64 = 1) throws -> (
    QuizOutcome, QuizPractice
  ) {
    lines = answers
    let deck = try deck()
    let asked = cards ?? deck.queue(QuizSelection(), now: time.time, today: today)
    let io = QuizIO(
      readLine: { [self] prompt in
        transcript += prompt
        guard !lines.isEmpty else {
          transcript += "^C\n"
          return nil
        }
        time.advance(secondsPerAnswer)
        let line = lines.removeFirst()
        transcript += line + "\n"
        return line
      },
      write: { [self] text in transcript += text },
      runCommand: { [self] line in
        let reply = (try? connection.send(CardCommands.argv(line) ?? [])) ?? .null
        transcript += (reply.string ?? "") + "\n"
        return !reply.isError
      },
      connection: { [self] in connection },
      formatReply: { reply in (reply.string ?? "(nil)") + "\n" },
      now: time.now,
      calendarDay: { CalendarDay(secondsSinceEpoch: $0).description })
    let practice = QuizPractice(deck: deck, io: io, generator: SplitMix64(seed: seed))
    return (practice.run(asked), practice)
  }

  var today: String { CalendarDay(secondsSinceEpoch: time.time).description }

  func card(_ id: String) throws -> QuizCard {
    try #require(try deck().card("1/\(id)"))
  }

  /// The option number the session showed for `option` in the transcript.
  func shownNumber(of option: String) -> String? {
    transcript.split(separator: "\n").last { $0.hasSuffix(") \(option)") }
      .map { String($0.trimmingCharacters(in: .whitespaces).prefix(1)) }
  }
}

@Suite("Quiz sessions", .serialized)
struct QuizSessionTests {
  @Test func rightFastAnswerIsEasyAndIsSaved() throws {
    let bench = try QuizBench()
    bench.secondsPerAnswer = 3
    try bench.run(["512 megabytes", ""], cards: [try bench.card("string-max")])
    #expect(bench.transcript.contains("✓ Right."))
    #expect(bench.transcript.contains("rating Easy: Enter keeps it"))
    let reviews = try bench.store.quizReviews()
    #expect(reviews.count == 1)
    #expect(reviews.first?.rating == 4)
    #expect(reviews.first?.correct == true)
    #expect(reviews.first?.stateBefore == "new")
    #expect(reviews.first?.scheduler == "fsrs")
    #expect(try bench.store.quizCard("1/string-max") != nil)
  }

  @Test func wrongIsAgainAndHintOrSlowIsHardAndTheLearnerCanOverride() throws {
    let bench = try QuizBench()
    try bench.run(["513 MB", ""], cards: [try bench.card("string-max")])
    #expect(bench.transcript.contains("✗ The answer is 512 MB."))
    try bench.run(["?", "512 MB", ""], cards: [try bench.card("string-max")])
    #expect(bench.transcript.contains("Hint: A power of two, in megabytes."))
    bench.secondsPerAnswer = 50
    try bench.run(["512 MB", ""], cards: [try bench.card("string-max")])
    bench.secondsPerAnswer = 5
    try bench.run(["512 MB", "7", "1"], cards: [try bench.card("string-max")])
    #expect(bench.transcript.contains("Press Enter, or type 1, 2, 3 or 4."))
    bench.secondsPerAnswer = 20
    try bench.run(["512 MB", ""], cards: [try bench.card("string-max")])
    bench.secondsPerAnswer = 3
    try bench.run(["512 MB", ""], cards: [try bench.card("string-max")])
    #expect(try bench.store.quizReviews().map(\.rating) == [1, 2, 2, 1, 3, 4])
  }

  @Test func theHintKeyIsOfferedOnlyForCardsWithAHint() throws {
    let bench = try QuizBench()
    try bench.run(["q"], cards: [try bench.card("string-max")])
    #expect(bench.transcript.contains("answer (? hint, :lesson, q stops) > "))
    bench.transcript = ""
    try bench.run(["q"], cards: [try bench.card("incr-not-integer")])
    #expect(bench.transcript.contains("your prediction (:lesson, q stops) > "))
    #expect(!bench.transcript.contains("? hint"))
    bench.transcript = ""
    try bench.run(["q"], cards: [try bench.card("session-expire")])
    #expect(
      bench.transcript.contains(
        "Type Redis commands until it is done; :check says what is missing, :give-up the answer, q stops.\n"
      ))
    #expect(!bench.transcript.contains("? a hint"))
  }

  @Test func choiceNumbersFollowTheShuffledOrderAndBadInputIsAskedAgain() throws {
    let bench = try QuizBench()
    let card = try bench.card("type-missing")
    // Find the number "none" is shown at with this seed, then answer it.
    try bench.run(["q"], cards: [card], seed: 7)
    let number = try #require(bench.shownNumber(of: "none"))
    bench.transcript = ""
    try bench.run(["", "9", "banana", number, ""], cards: [card], seed: 7)
    #expect(bench.transcript.contains("Type the number of your answer (or q to stop)."))
    #expect(bench.transcript.contains("Choose a number from 1 to 3.\n"))
    #expect(bench.transcript.contains("Choose a number from 1 to 3, or type an option as shown."))
    #expect(bench.transcript.contains("✓ Right."))
    #expect(try bench.store.quizReviews().count == 1)
  }

  @Test func theOptionsAreShuffled() throws {
    let bench = try QuizBench()
    let card = try bench.card("type-missing")
    var firstOptions: Set<String> = []
    for seed in 1...12 {
      bench.transcript = ""
      try bench.run(["q"], cards: [card], seed: UInt64(seed))
      if let line = bench.transcript.split(separator: "\n").first(where: { $0.hasPrefix("  1) ") })
      {
        firstOptions.insert(String(line))
      }
    }
    #expect(firstOptions.count > 1, "the first option was always \(firstOptions)")
  }

  @Test func challengePassesWithEachAlternativeAndFailsOtherwise() throws {
    let bench = try QuizBench()
    let card = try bench.card("session-expire")
    for command in [
      "EXPIRE rt:quiz:session:42 30", "SET rt:quiz:session:42 ada EX 30",
      "PEXPIRE rt:quiz:session:42 30000",
    ] {
      bench.transcript = ""
      let (outcome, practice) = try bench.run([command, ""], cards: [card])
      #expect(outcome == .finished)
      #expect(practice.right == 1, "\(command): \(bench.transcript)")
      #expect(bench.transcript.contains("✓ Done: the server now holds what was asked."))
      #expect(try bench.connection.send("EXISTS", "rt:quiz:session:42").integer == 0)
    }
    bench.transcript = ""
    let (_, practice) = try bench.run(
      [
        "EXPIRE rt:quiz:session:42 300", ":check", "SET rt:quiz:session:42 bob EX 30", ":check",
        ":give-up", "",
      ], cards: [card])
    #expect(practice.right == 0)
    #expect(bench.transcript.contains("Not yet: TTL rt:quiz:session:42"), "\(bench.transcript)")
    #expect(bench.transcript.contains("Not yet: GET rt:quiz:session:42"))
    #expect(bench.transcript.contains("✗ One way: EXPIRE rt:quiz:session:42 30"))
    #expect(try bench.store.quizReviews().map(\.correct) == [true, true, true, false])
    #expect(try bench.store.quizReviews().last?.rating == 1)
    #expect(try bench.connection.send("EXISTS", "rt:quiz:session:42").integer == 0)
  }

  @Test func challengeKeysAreSetUpFresh() throws {
    let bench = try QuizBench()
    _ = try bench.connection.send("SET", "rt:quiz:session:42", "stale", "EX", "20")
    bench.transcript = ""
    let (_, practice) = try bench.run([":check", "q"], cards: [try bench.card("session-expire")])
    #expect(practice.answered == 0)
    #expect(bench.transcript.contains("Not yet: TTL rt:quiz:session:42"), "\(bench.transcript)")
    #expect(try bench.connection.send("EXISTS", "rt:quiz:session:42").integer == 0)
  }

  @Test func predictRunsTheCommandAndShowsTheRealReply() throws {
    let bench = try QuizBench()
    let card = try bench.card("incr-not-integer")
    try bench.run(["1", ""], cards: [card])
    #expect(
      bench.transcript.contains(
        "The server says, for INCR rt:quiz:k:\nERR value is not an integer or out of range\n"))
    #expect(bench.transcript.contains("✗ Not what you predicted."))
    #expect(bench.transcript.contains("INCR only works on integers."))
    try bench.run(["(error) ERR value is not an integer or out of range", ""], cards: [card])
    #expect(try bench.store.quizReviews().map(\.correct) == [false, true])
    #expect(try bench.connection.send("EXISTS", "rt:quiz:k").integer == 0)
  }

  @Test func stoppingMidQuizKeepsTheAnsweredCards() throws {
    let bench = try QuizBench()
    let (outcome, practice) = try bench.run(
      ["512 MB", ""],
      cards: [
        try bench.card("string-max"), try bench.card("type-missing"),
        try bench.card("incr-not-integer"),
      ])
    #expect(outcome == .stopped)
    #expect(practice.answered == 1)
    #expect(
      bench.transcript.contains(
        "Quiz stopped: 1 card answered, 1 right; answers so far are saved (2 left)."))
    #expect(try bench.store.quizReviews().count == 1)
    // A second tutor opening the same database sees the answer.
    let again = try ProgressStore(path: bench.store.path)
    #expect(try again.quizCards().map(\.cardID) == ["1/string-max"])
  }

  @Test func stoppingAtTheRatingPromptKeepsTheSuggestedRating() throws {
    let bench = try QuizBench()
    let (outcome, _) = try bench.run(["513 MB"], cards: [try bench.card("string-max")])
    #expect(outcome == .stopped)
    #expect(try bench.store.quizReviews().map(\.rating) == [1])
  }

  @Test func lessonJumpsToTheCardsStep() throws {
    let bench = try QuizBench()
    let (outcome, _) = try bench.run([":lesson"], cards: [try bench.card("session-expire")])
    #expect(outcome == .openLesson(day: 1, stepID: "expiry"))
    #expect(try bench.store.quizReviews().isEmpty)
  }

  @Test func aBrokenCardIsReportedAndNotCounted() throws {
    let bench = try QuizBench(
      lesson: quizLesson.replacingOccurrences(
        of: "setup: SET rt:quiz:k abc", with: "setup: LPUSH rt:quiz:k"))
    let (outcome, practice) = try bench.run(["1"], cards: [try bench.card("incr-not-integer")])
    #expect(outcome == .finished)
    #expect(practice.broken == 1)
    #expect(
      bench.transcript.contains(
        "⚠ This card is broken: its setup line 'LPUSH rt:quiz:k' got an error: ERR wrong number of arguments for 'lpush' command. It is not counted against you"
      ), "\(bench.transcript)")
    #expect(try bench.store.quizReviews().isEmpty)
  }

  @Test func aServerThatIsGoneMakesTheCardBrokenNotWrong() throws {
    let bench = try QuizBench()
    bench.server.stop()
    let (_, practice) = try bench.run(["1"], cards: [try bench.card("session-expire")])
    #expect(practice.broken == 1)
    #expect(bench.transcript.contains("⚠ This card is broken:"))
    #expect(try bench.store.quizReviews().isEmpty)
  }
}
