import Foundation
import Lessons
import Progress
import Quiz

/// What the quiz remembers about one card: its FSRS memory, and SM-2's view for comparison.
public struct SavedMemory: Codable, Sendable, Equatable {
  /// The FSRS state.
  public var fsrs: CardMemory
  /// The SM-2 state, updated by the same answers.
  public var sm2: SM2Card
  /// When SM-2 would ask the card again.
  public var sm2Due: Double

  public init(fsrs: CardMemory, sm2: SM2Card, sm2Due: Double) {
    self.fsrs = fsrs
    self.sm2 = sm2
    self.sm2Due = sm2Due
  }
}

/// One graded answer, ready to be scheduled.
public struct GradedAnswer: Sendable, Equatable {
  public var rating: Rating
  public var correct: Bool
  public var usedHint: Bool
  public var seconds: Double
  /// What the learner wrote for an explain card before seeing the model answer; the deck
  /// stores it with secrets redacted (`ExplainAnswer.stored`).
  public var attempt: String?

  public init(
    rating: Rating, correct: Bool, usedHint: Bool, seconds: Double, attempt: String? = nil
  ) {
    self.rating = rating
    self.correct = correct
    self.usedHint = usedHint
    self.seconds = seconds
    self.attempt = attempt
  }
}

/// The week's cards with their saved memories: builds the queue, schedules answers and
/// keeps the review log in the progress database.
public final class QuizDeck {
  /// Every card of every lesson, by day and then file order.
  public let cards: [QuizCard]
  /// The learner's settings (retention, daily cap, scheduler).
  public let settings: QuizSettings
  private let store: ProgressStore
  private let titles: [Int: String]
  private var saved: [String: SavedMemory] = [:]

  /// Loads the cards of `catalog` and their memories from `store`.
  public init(catalog: LessonCatalog, store: ProgressStore) throws {
    cards = catalog.lessons.sorted { $0.day < $1.day }.flatMap(\.cards)
    titles = Dictionary(catalog.lessons.map { ($0.day, $0.title) }, uniquingKeysWith: { a, _ in a })
    self.store = store
    settings = QuizSettings { key in (try? store.setting(key)) ?? nil }
    let decoder = JSONDecoder()
    for record in try store.quizCards() {
      if let memory = try? decoder.decode(SavedMemory.self, from: Data(record.memory.utf8)) {
        saved[record.cardID] = memory
      }
    }
  }

  /// The card with `key` (`day/id`).
  public func card(_ key: String) -> QuizCard? { cards.first { $0.key == key } }

  /// The saved memory of a card, nil for a card never answered.
  public func memory(of card: QuizCard) -> SavedMemory? { saved[card.key] }

  /// When the active scheduler wants the card again; nil for a new card.
  public func due(_ card: QuizCard) -> Double? {
    guard let memory = saved[card.key] else { return nil }
    return settings.scheduler == .fsrs ? memory.fsrs.due : memory.sm2Due
  }

  /// When the card joins the queue: a card scheduled in whole days is due from the start of
  /// its day (as in Anki), so a review set for "tomorrow" is there whatever time the learner
  /// sits down; a card in its short learning steps is due to the minute.
  public func availableFrom(_ card: QuizCard) -> Double? {
    guard let due = due(card), let memory = saved[card.key] else { return nil }
    let inDays =
      settings.scheduler == .sm2 || memory.fsrs.state == .review
    return inDays ? StudyClock.startOfDay(due) : due
  }

  private func queueCards() -> [QueueCard] {
    cards.enumerated().map { index, card in
      QueueCard(id: card.key, day: card.day, order: index, due: availableFrom(card))
    }
  }

  /// The days whose lessons the learner has started (new cards come from these), or the
  /// first day when none has been started.
  private func openDays() -> Set<Int> {
    let days = Set(cards.map(\.day))
    let started = days.filter { !(((try? store.steps(day: $0)) ?? [:]).isEmpty) }
    return started.isEmpty ? Set(days.min().map { [$0] } ?? []) : started
  }

  private func options(_ selection: QuizSelection, today: String) -> QueueOptions {
    QueueOptions(
      day: selection.day, newOnly: selection.newOnly, all: selection.all, limit: selection.limit,
      newPerDay: settings.newPerDay,
      newIntroducedToday: (try? store.quizCardsIntroduced(on: today)) ?? 0,
      openDays: openDays())
  }

  /// The cards to ask now, in order.
  public func queue(_ selection: QuizSelection, now: Double, today: String) -> [QuizCard] {
    let byKey = Dictionary(cards.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    return ReviewQueue.build(
      cards: queueCards(), now: now, options: options(selection, today: today)
    )
    .compactMap { byKey[$0] }
  }

  /// Reviews due now and new cards that could be introduced today.
  public func counts(now: Double, today: String) -> (due: Int, new: Int) {
    ReviewQueue.counts(
      cards: queueCards(), now: now, options: options(QuizSelection(), today: today))
  }

  /// Reviews due before `startOfTomorrow`, overdue ones included: the count `quiz stats`
  /// shows as due today, by the queue's own rule.
  public func dueToday(startOfTomorrow: Double, today: String) -> Int {
    ReviewQueue.dueToday(
      cards: queueCards(), startOfTomorrow: startOfTomorrow,
      options: options(QuizSelection(), today: today))
  }

  /// When the next review that is not yet due joins the queue; nil when none is waiting.
  public func nextReview(after now: Double) -> Double? {
    cards.compactMap(availableFrom).filter { $0 > now }.min()
  }

  /// Schedules `answer` with both schedulers, saves the card and logs the review in one
  /// transaction, and returns when the active scheduler asks the card again.
  @discardableResult
  public func record<Generator: RandomNumberGenerator>(
    _ card: QuizCard, answer: GradedAnswer, at now: Double, today: String,
    using generator: inout Generator
  ) throws -> Double {
    let before =
      saved[card.key] ?? SavedMemory(fsrs: .new(dueAt: now), sm2: SM2Card(), sm2Due: now)
    let fsrs = FSRSScheduler(parameters: settings.parameters)
    let (next, log) = fsrs.review(before.fsrs, rating: answer.rating, at: now, using: &generator)
    let sm2 = SM2Scheduler().review(before.sm2, rating: answer.rating)
    let after = SavedMemory(
      fsrs: next, sm2: sm2, sm2Due: now + Double(sm2.intervalDays) * FSRSScheduler.secondsPerDay)
    let json = String(decoding: try JSONEncoder().encode(after), as: UTF8.self)
    let review = QuizReviewRecord(
      cardID: card.key, day: card.day, rating: answer.rating.rawValue, correct: answer.correct,
      usedHint: answer.usedHint, seconds: answer.seconds, reviewedAt: now,
      stateBefore: log.stateBefore.rawValue, elapsedDays: log.elapsedDays,
      scheduledDays: log.scheduledDays, stability: next.stability, difficulty: next.difficulty,
      scheduler: settings.scheduler.rawValue, attempt: answer.attempt.map(ExplainAnswer.stored))
    try store.recordQuizReview(
      review,
      card: QuizCardRecord(
        cardID: card.key, day: card.day, memory: json, due: next.due, introducedAt: now,
        introducedDay: today))
    saved[card.key] = after
    return settings.scheduler == .fsrs ? next.due : after.sm2Due
  }

  /// The text of `redis-tutor quiz stats`.
  public func statsText(now: Double, startOfTomorrow: Double, unicode: Bool) throws -> String {
    let summaries = cards.map { card in
      CardSummary(
        id: card.key, day: card.day, memory: saved[card.key]?.fsrs,
        sm2Due: saved[card.key]?.sm2Due, queueDue: availableFrom(card))
    }
    let reviews = try store.quizReviews().map { review in
      ReviewSummary(
        day: review.day, rating: Rating(rawValue: review.rating) ?? .again,
        correct: review.correct, stateBefore: CardState(rawValue: review.stateBefore) ?? .new,
        reviewedAt: review.reviewedAt)
    }
    var text = "Scheduler: \(settings.scheduler == .fsrs ? "FSRS-6" : "SM-2 (comparison mode)"), "
    text += "desired retention \(Int((settings.desiredRetention * 100).rounded()))%, "
    text += "\(settings.newPerDay) new cards a day\n\n"
    return text
      + QuizStatsReport.text(
        cards: summaries, reviews: reviews, now: now, startOfTomorrow: startOfTomorrow,
        desiredRetention: settings.desiredRetention, dayTitles: titles, unicode: unicode)
  }
}
