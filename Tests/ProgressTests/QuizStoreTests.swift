import Foundation
import GRDB
import Testing
import TutorTestSupport

@testable import Progress

@Suite struct QuizStoreTests {
  /// A card's state as the scheduler would hand it over after an answer.
  private func card(
    _ cardID: String, day: Int = 1, memory: String = #"{"s":1}"#, due: Double = 1_000,
    introducedAt: Double = 100, introducedDay: String = "2026-12-01"
  ) -> QuizCardRecord {
    QuizCardRecord(
      cardID: cardID, day: day, memory: memory, due: due, introducedAt: introducedAt,
      introducedDay: introducedDay)
  }

  /// An answer to `cardID`.
  private func review(
    _ cardID: String, day: Int = 1, rating: Int = 3, seconds: Double = 4.5,
    at reviewedAt: Double = 100, scheduler: String = "fsrs"
  ) -> QuizReviewRecord {
    QuizReviewRecord(
      cardID: cardID, day: day, rating: rating, correct: rating > 1, usedHint: rating == 2,
      seconds: seconds, reviewedAt: reviewedAt, stateBefore: "new", elapsedDays: 0,
      scheduledDays: 2, stability: 2.3065, difficulty: 2.118, scheduler: scheduler)
  }

  /// Whether `error` is `ProgressError.invalidValue`.
  private func isInvalidValue(_ error: any Error) -> Bool {
    guard case .invalidValue? = error as? ProgressError else { return false }
    return true
  }

  @Test func cardsAndReviewsRoundTrip() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    #expect(try store.quizCards().isEmpty)
    #expect(try store.quizReviews().isEmpty)
    #expect(try store.quizCard("1/type-missing") == nil)

    let first = QuizReviewRecord(
      cardID: "2/list-pop", day: 2, rating: 1, correct: false, usedHint: true, seconds: 12.25,
      reviewedAt: 1_800_000_000.5, stateBefore: "relearning", elapsedDays: 3, scheduledDays: 0,
      stability: 0.75, difficulty: 7.5, scheduler: "sm2",
      attempt: "a list: LPUSH, then LTRIM 0 19")
    let firstCard = card(
      "2/list-pop", day: 2, memory: #"{"ease":2.5,"reps":0}"#, due: 1_800_000_600,
      introducedAt: 1_799_000_000, introducedDay: "2026-12-02")
    let firstID = try store.recordQuizReview(first, card: firstCard)
    let second = review("1/type-missing", rating: 4, at: 1_800_000_100)
    let secondCard = card("1/type-missing")
    let secondID = try store.recordQuizReview(second, card: secondCard)
    #expect(secondID > firstID)

    #expect(try store.quizCards() == [secondCard, firstCard])
    #expect(try store.quizCard("2/list-pop") == firstCard)
    #expect(try store.quizCard("1/type-missing") == secondCard)
    var savedFirst = first
    savedFirst.id = firstID
    var savedSecond = second
    savedSecond.id = secondID
    #expect(try store.quizReviews() == [savedFirst, savedSecond])
    #expect(try store.quizReviews().map(\.attempt) == ["a list: LPUSH, then LTRIM 0 19", nil])
  }

  @Test func aCardAnsweredAgainKeepsWhenItWasIntroduced() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    try store.recordQuizReview(
      review("3/zset-rank", day: 3, at: 100),
      card: card("3/zset-rank", day: 3, memory: "{}", due: 200, introducedDay: "2026-12-01"))
    try store.recordQuizReview(
      review("3/zset-rank", day: 3, rating: 2, at: 90_000),
      card: card(
        "3/zset-rank", day: 3, memory: #"{"s":9}"#, due: 400_000, introducedAt: 90_000,
        introducedDay: "2026-12-02"))
    #expect(
      try store.quizCard("3/zset-rank")
        == card(
          "3/zset-rank", day: 3, memory: #"{"s":9}"#, due: 400_000, introducedAt: 100,
          introducedDay: "2026-12-01"))
    #expect(try store.quizCards().count == 1)
    #expect(try store.quizReviews().map(\.rating) == [3, 2])
    #expect(try store.quizCardsIntroduced(on: "2026-12-01") == 1)
    #expect(try store.quizCardsIntroduced(on: "2026-12-02") == 0)
  }

  @Test func invalidAnswersAreRejectedAndWriteNothing() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    let savedCard = card("1/a", memory: "saved", due: 500)
    try store.recordQuizReview(review("1/a"), card: savedCard)

    let changedCard = card("1/a", memory: "changed", due: 900)
    var otherCardsReview = review("1/a")
    otherCardsReview.cardID = "1/b"
    let invalid: [(String, QuizReviewRecord, QuizCardRecord)] = [
      ("rating 0", review("1/a", rating: 0), changedCard),
      ("rating 5", review("1/a", rating: 5), changedCard),
      ("negative seconds", review("1/a", seconds: -0.5), changedCard),
      ("NaN seconds", review("1/a", seconds: .nan), changedCard),
      ("infinite seconds", review("1/a", seconds: .infinity), changedCard),
      ("unknown scheduler", review("1/a", scheduler: "anki"), changedCard),
      ("upper-case scheduler", review("1/a", scheduler: "FSRS"), changedCard),
      ("review of another card", otherCardsReview, changedCard),
      ("new card for another id", review("1/a"), card("1/c")),
      ("bad introduced day", review("1/c"), card("1/c", introducedDay: "2026-12-1")),
      ("impossible introduced day", review("1/c"), card("1/c", introducedDay: "2026-02-30")),
    ]
    for (name, badReview, badCard) in invalid {
      let error = #expect(throws: ProgressError.self, "\(name)") {
        try store.recordQuizReview(badReview, card: badCard)
      }
      #expect(error.map(isInvalidValue) == true, "\(name): \(String(describing: error))")
    }
    #expect(try store.quizCards() == [savedCard])
    #expect(try store.quizReviews().count == 1)

    #expect(
      throws: ProgressError.invalidValue("a quiz rating must be 1 to 4, got 7")
    ) {
      try store.recordQuizReview(review("1/a", rating: 7), card: changedCard)
    }
    #expect(
      throws: ProgressError.invalidValue("a quiz scheduler must be fsrs or sm2, got \"anki\"")
    ) {
      try store.recordQuizReview(review("1/a", scheduler: "anki"), card: changedCard)
    }
  }

  @Test func theDatabaseItselfRefusesOutOfRangeRows() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let queue = try DatabaseQueue(path: scratch.path)
    defer { try? queue.close() }
    for (rating, seconds, scheduler) in [(0, 1.0, "fsrs"), (3, -1.0, "fsrs"), (3, 1.0, "anki")] {
      #expect(throws: DatabaseError.self, "\(rating) \(seconds) \(scheduler)") {
        try queue.write { db in
          try db.execute(
            sql: """
              INSERT INTO quiz_review (
                card_id, day, rating, correct, used_hint, seconds, reviewed_at, state_before,
                elapsed_days, scheduled_days, stability, difficulty, scheduler)
              VALUES ('1/a', 1, ?, 1, 0, ?, 10, 'new', 0, 1, 1, 5, ?)
              """,
            arguments: [rating, seconds, scheduler])
        }
      }
    }
    #expect(try scratch.store.quizReviews().isEmpty)
  }

  @Test func reviewsSinceATimeComeInTheOrderAnswered() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    // Saved out of order; two share a time, so the id breaks the tie.
    for (cardID, time) in [("1/d", 300.0), ("1/a", 100), ("1/c", 200), ("1/b", 200)] {
      try store.recordQuizReview(review(cardID, at: time), card: card(cardID))
    }
    #expect(try store.quizReviews().map(\.cardID) == ["1/a", "1/c", "1/b", "1/d"])
    #expect(try store.quizReviews(since: 200).map(\.cardID) == ["1/c", "1/b", "1/d"])
    #expect(try store.quizReviews(since: 200.5).map(\.cardID) == ["1/d"])
    #expect(try store.quizReviews(since: 301).isEmpty)
    #expect(try store.quizReviews(since: 0).count == 4)
    let ids = try store.quizReviews().compactMap(\.id)
    // Saved in the order d, a, c, b: the ids follow that order, not the answer times.
    #expect(ids.count == 4)
    #expect(ids[3] < ids[0] && ids[0] < ids[1] && ids[1] < ids[2])
  }

  @Test func newCardsAreCountedOnTheDayTheyWereIntroduced() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    for (cardID, introducedDay) in [
      ("1/a", "2026-12-01"), ("1/b", "2026-12-02"), ("1/c", "2026-12-02"), ("2/a", "2026-12-02"),
    ] {
      try store.recordQuizReview(review(cardID), card: card(cardID, introducedDay: introducedDay))
    }
    // Answering an older card again today does not make it a new card today.
    try store.recordQuizReview(
      review("1/a", at: 500), card: card("1/a", introducedDay: "2026-12-03"))
    #expect(try store.quizCardsIntroduced(on: "2026-12-01") == 1)
    #expect(try store.quizCardsIntroduced(on: "2026-12-02") == 3)
    #expect(try store.quizCardsIntroduced(on: "2026-12-03") == 0)
    #expect(throws: ProgressError.invalidValue("\"12/02/2026\" is not a date like 2026-11-30")) {
      try store.quizCardsIntroduced(on: "12/02/2026")
    }
  }

  @Test func resettingTheQuizKeepsLessonsAndDrills() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    try store.recordAttempt(day: 1, step: "set-get", passed: true, at: 10)
    try store.recordDrill(
      DrillAttempt(family: "heap", drill: "h1", mode: "trace", correct: true, seconds: 2, at: 20))
    try store.recordQuizReview(review("1/a"), card: card("1/a"))
    try store.recordQuizReview(review("1/b", at: 200), card: card("1/b"))

    try store.resetQuiz()
    #expect(try store.quizCards().isEmpty)
    #expect(try store.quizReviews().isEmpty)
    #expect(try store.quizCardsIntroduced(on: "2026-12-01") == 0)
    #expect(
      try store.steps(day: 1)["set-get"] == StepProgress(status: .passed, attempts: 1, passedAt: 10)
    )
    #expect(
      try store.drillStats() == [
        DrillFamilyStats(family: "heap", attempts: 1, correct: 1, seconds: 2)
      ])

    // A card answered after the reset is new again, with today's introduction.
    let fresh = card("1/a", introducedAt: 900, introducedDay: "2026-12-05")
    try store.recordQuizReview(review("1/a", at: 900), card: fresh)
    #expect(try store.quizCard("1/a") == fresh)
    try store.resetQuiz()
    try store.resetQuiz()
    #expect(try store.quizCards().isEmpty)
  }

  @Test func theQuizIsKeptByAResetOfTheLessons() throws {
    let scratch = try ScratchStore(prefix: "progress-quiz")
    let store = scratch.store
    try store.recordQuizReview(review("1/a"), card: card("1/a"))
    try store.resetAll()
    #expect(try store.quizCards() == [card("1/a")])
    #expect(try store.quizReviews().count == 1)
  }

  @Test func quizDataSurvivesClosingAndReopening() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-quiz-reopen")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("progress.sqlite").path
    let savedCard = card("4/stream-ack", day: 4, memory: #"{"d":5.1,"s":3.2}"#, due: 86_400)
    var savedReview = review("4/stream-ack", day: 4, rating: 2, seconds: 0, at: 42)
    do {
      let store = try ProgressStore(path: path)
      savedReview.id = try store.recordQuizReview(savedReview, card: savedCard)
    }
    let reopened = try ProgressStore(path: path)
    #expect(try reopened.quizCards() == [savedCard])
    #expect(try reopened.quizReviews() == [savedReview])
    #expect(try reopened.quizCardsIntroduced(on: "2026-12-01") == 1)
    #expect(try reopened.integrityCheck())
  }

  @Test func aVersion2DatabaseUpgradesAndKeepsItsData() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-quiz-upgrade")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("progress.sqlite").path
    do {
      let queue = try DatabaseQueue(path: path)
      try ProgressSchema.migrator.migrate(queue, upTo: "v2")
      try queue.write { db in
        try db.execute(
          sql: """
            INSERT INTO step_progress (day, step, status, attempts, passed_at, updated_at)
            VALUES (2, 'lpush', 'passed', 3, 50, 60);
            INSERT INTO setting (key, value) VALUES ('plan', '4h');
            INSERT INTO drill_attempt (family, drill, mode, correct, seconds, attempted_at)
            VALUES ('lru', 'lru-1', 'solve', 1, 30, 70);
            """)
      }
      #expect(
        try queue.read { db in try ProgressSchema.migrator.appliedMigrations(db) } == ["v1", "v2"])
      #expect(try queue.read { db in try db.tableExists("quiz_card") } == false)
      try queue.close()
    }

    let store = try ProgressStore(path: path)
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
    #expect(
      try store.steps(day: 2)["lpush"] == StepProgress(status: .passed, attempts: 3, passedAt: 50))
    #expect(try store.setting("plan") == "4h")
    #expect(
      try store.drillStats() == [
        DrillFamilyStats(family: "lru", attempts: 1, correct: 1, seconds: 30)
      ])
    #expect(try store.quizCards().isEmpty)
    try store.recordQuizReview(review("1/a"), card: card("1/a"))
    #expect(try ProgressStore(path: path).quizCards() == [card("1/a")])
    #expect(try store.integrityCheck())
  }
}
