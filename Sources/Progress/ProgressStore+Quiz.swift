import GRDB

/// A quiz card's saved scheduling state.
public struct QuizCardRecord: Sendable, Equatable {
  /// The card, like "1/type-missing".
  public var cardID: String
  /// The lesson day the card belongs to, 1 to 7.
  public var day: Int
  /// The scheduler's state as JSON text; the store keeps it without reading it.
  public var memory: String
  /// When the card is next due, in seconds since the epoch.
  public var due: Double
  /// When the card was first answered, in seconds since the epoch.
  public var introducedAt: Double
  /// The calendar day ("YYYY-MM-DD") the card was first answered.
  public var introducedDay: String

  public init(
    cardID: String, day: Int, memory: String, due: Double, introducedAt: Double,
    introducedDay: String
  ) {
    self.cardID = cardID
    self.day = day
    self.memory = memory
    self.due = due
    self.introducedAt = introducedAt
    self.introducedDay = introducedDay
  }
}

/// One answered card, as the review log keeps it.
public struct QuizReviewRecord: Sendable, Equatable {
  /// The row id in the log; nil until saved.
  public var id: Int64?
  public var cardID: String
  public var day: Int
  /// 1 Again, 2 Hard, 3 Good, 4 Easy.
  public var rating: Int
  public var correct: Bool
  public var usedHint: Bool
  /// How long the learner took to answer.
  public var seconds: Double
  /// When the card was answered, in seconds since the epoch.
  public var reviewedAt: Double
  /// The card's state before this answer: "new", "learning", "review" or "relearning".
  public var stateBefore: String
  /// Days since the card's previous review.
  public var elapsedDays: Int
  /// The interval, in days, the scheduler chose after this answer.
  public var scheduledDays: Int
  /// The memory stability after this answer.
  public var stability: Double
  /// The card difficulty after this answer.
  public var difficulty: Double
  /// The scheduler that graded the answer: "fsrs" or "sm2".
  public var scheduler: String
  /// What the learner wrote before seeing the model answer of an explain card, with any
  /// secret already redacted; nil for the other kinds.
  public var attempt: String?

  public init(
    id: Int64? = nil, cardID: String, day: Int, rating: Int, correct: Bool, usedHint: Bool,
    seconds: Double, reviewedAt: Double, stateBefore: String, elapsedDays: Int,
    scheduledDays: Int, stability: Double, difficulty: Double, scheduler: String,
    attempt: String? = nil
  ) {
    self.id = id
    self.cardID = cardID
    self.day = day
    self.rating = rating
    self.correct = correct
    self.usedHint = usedHint
    self.seconds = seconds
    self.reviewedAt = reviewedAt
    self.stateBefore = stateBefore
    self.elapsedDays = elapsedDays
    self.scheduledDays = scheduledDays
    self.stability = stability
    self.difficulty = difficulty
    self.scheduler = scheduler
    self.attempt = attempt
  }
}

// The spaced-repetition quiz: each card's scheduler state and the log of every answer. The
// log is practice history (FSRS parameters are fitted to it), so `resetAll` keeps both;
// only `resetQuiz` forgets them.
extension ProgressStore {
  /// Every saved card, ordered by card id.
  public func quizCards() throws -> [QuizCardRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT card_id, day, memory, due, introduced_at, introduced_day FROM quiz_card
          ORDER BY card_id
          """
      ).map(Self.quizCard(from:))
    }
  }

  /// One card, or nil when it was never reviewed.
  public func quizCard(_ cardID: String) throws -> QuizCardRecord? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT card_id, day, memory, due, introduced_at, introduced_day FROM quiz_card
          WHERE card_id = ?
          """,
        arguments: [cardID]
      ).map(Self.quizCard(from:))
    }
  }

  /// Saves an answer: adds `review` to the log and saves `card`'s new state, in one
  /// transaction; returns the review's id.
  ///
  /// A card saved before keeps its first `introducedAt` and `introducedDay`. Throws
  /// `ProgressError.invalidValue`, writing nothing, for a rating outside 1 to 4, seconds below
  /// 0, a scheduler other than fsrs or sm2, a card that is not the reviewed one, or an
  /// introduced day that is not a date like 2026-11-30.
  @discardableResult
  public func recordQuizReview(_ review: QuizReviewRecord, card: QuizCardRecord) throws -> Int64 {
    guard (1...4).contains(review.rating) else {
      throw ProgressError.invalidValue("a quiz rating must be 1 to 4, got \(review.rating)")
    }
    guard review.seconds.isFinite, review.seconds >= 0 else {
      throw ProgressError.invalidValue(
        "a quiz answer must take 0 seconds or more, got \(review.seconds)")
    }
    guard ["fsrs", "sm2"].contains(review.scheduler) else {
      throw ProgressError.invalidValue(
        "a quiz scheduler must be fsrs or sm2, got \(review.scheduler.debugDescription)")
    }
    guard review.cardID == card.cardID else {
      throw ProgressError.invalidValue(
        "the review is of \(review.cardID.debugDescription) but the card saved with it is "
          + card.cardID.debugDescription)
    }
    let introducedDay = try Self.calendarDay(card.introducedDay)
    return try write { db in
      try db.execute(
        sql: """
          INSERT INTO quiz_review (
            card_id, day, rating, correct, used_hint, seconds, reviewed_at, state_before,
            elapsed_days, scheduled_days, stability, difficulty, scheduler, attempt)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          review.cardID, review.day, review.rating, review.correct, review.usedHint,
          review.seconds, review.reviewedAt, review.stateBefore, review.elapsedDays,
          review.scheduledDays, review.stability, review.difficulty, review.scheduler,
          review.attempt,
        ])
      let id = db.lastInsertedRowID
      try db.execute(
        sql: """
          INSERT INTO quiz_card (card_id, day, memory, due, introduced_at, introduced_day)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (card_id) DO UPDATE SET
            day = excluded.day,
            memory = excluded.memory,
            due = excluded.due
          """,
        arguments: [
          card.cardID, card.day, card.memory, card.due, card.introducedAt,
          introducedDay.description,
        ])
      return id
    }
  }

  /// The review log in the order answered (reviewed_at, then id); only reviews at or after
  /// `since` when given.
  public func quizReviews(since: Double? = nil) throws -> [QuizReviewRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT id, card_id, day, rating, correct, used_hint, seconds, reviewed_at,
            state_before, elapsed_days, scheduled_days, stability, difficulty, scheduler, attempt
          FROM quiz_review
          WHERE ? IS NULL OR reviewed_at >= ?
          ORDER BY reviewed_at, id
          """,
        arguments: [since, since]
      ).map { row in
        QuizReviewRecord(
          id: row["id"], cardID: row["card_id"], day: row["day"], rating: row["rating"],
          correct: row["correct"], usedHint: row["used_hint"], seconds: row["seconds"],
          reviewedAt: row["reviewed_at"], stateBefore: row["state_before"],
          elapsedDays: row["elapsed_days"], scheduledDays: row["scheduled_days"],
          stability: row["stability"], difficulty: row["difficulty"],
          scheduler: row["scheduler"], attempt: row["attempt"])
      }
    }
  }

  /// How many cards were first introduced on `day` ("YYYY-MM-DD"): the daily cap on new cards
  /// counts these.
  public func quizCardsIntroduced(on day: String) throws -> Int {
    let day = try Self.calendarDay(day)
    return try read { db in
      try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM quiz_card WHERE introduced_day = ?",
        arguments: [day.description]) ?? 0
    }
  }

  /// Forgets every quiz card and the review log.
  public func resetQuiz() throws {
    try write { db in
      try db.execute(sql: "DELETE FROM quiz_review")
      try db.execute(sql: "DELETE FROM quiz_card")
    }
  }

  /// The card a `quiz_card` row holds.
  private static func quizCard(from row: Row) -> QuizCardRecord {
    QuizCardRecord(
      cardID: row["card_id"], day: row["day"], memory: row["memory"], due: row["due"],
      introducedAt: row["introduced_at"], introducedDay: row["introduced_day"])
  }
}
