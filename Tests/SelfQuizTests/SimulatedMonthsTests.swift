import DeterministicRandom
import Foundation
import Lessons
import Progress
import Quiz
import SelfQuiz
import Testing
import TutorTestSupport

/// A lesson of `count` answer cards in two days' files, to schedule over simulated months.
func manyCardLessons(_ count: Int) -> [String] {
  (1...2).map { day in
    var text = """
      \(LessonFixture.frontMatter(day: day, title: "Day \(day)"))
      # Concepts {#concepts}

      ## Facts {#facts}


      """
    for index in 0..<(count / 2) {
      text += "```card answer fact-\(index)\nq: Fact \(index)?\na: \(index)\n```\n\n"
    }
    return text
  }
}

@Suite("Quiz scheduling over simulated months", .serialized)
struct SimulatedMonthsTests {
  let directory: URL
  let store: ProgressStore
  let catalog: LessonCatalog

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "quiz-months-\(UUID().uuidString)")
    store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
    let lessons = try manyCardLessons(40).enumerated().map { index, text in
      try LessonParser.parse(text, file: "day\(index + 1).md").get()
    }
    catalog = LessonCatalog(directory: "", lessons: lessons, problems: [])
  }

  private func day(_ time: Double) -> String { CalendarDay(secondsSinceEpoch: time).description }

  /// Studies every day for `days` days at 9:00 UTC, answering the queue with `answer`, and
  /// returns each day's asked card ids.
  private func simulate(
    days: Int, from start: Double, openDayTwoOn: Int = 3, answer: (QuizCard, Int) -> Rating
  ) throws -> [[String]] {
    var generator = SplitMix64(seed: 42)
    var asked: [[String]] = []
    for offset in 0..<days {
      var now = start + Double(offset) * 86400
      if offset == openDayTwoOn {
        // The learner starts day 2's lesson: its cards join the new ones.
        try store.markRead(day: 2, step: "facts", at: now)
      }
      let deck = try QuizDeck(catalog: catalog, store: store)
      let queue = deck.queue(QuizSelection(), now: now, today: day(now))
      asked.append(queue.map(\.key))
      for card in queue {
        now += 20
        let rating = answer(card, offset)
        try deck.record(
          card,
          answer: GradedAnswer(
            rating: rating, correct: rating != .again, usedHint: false, seconds: 20),
          at: now, today: day(now), using: &generator)
      }
    }
    return asked
  }

  @Test func newCardsArriveAtTheDailyCapAfterTheDueOnes() throws {
    let start = 1_800_000_000.0 - 1_800_000_000.0.truncatingRemainder(dividingBy: 86400) + 9 * 3600
    let asked = try simulate(days: 120, from: start) { _, _ in .good }
    let deck = try QuizDeck(catalog: catalog, store: store)
    var seen: Set<String> = []
    for (offset, keys) in asked.enumerated() {
      let fresh = keys.filter { !seen.contains($0) }
      #expect(fresh.count <= 10, "day \(offset) introduced \(fresh.count)")
      // Reviews come first, then the new cards.
      if let firstNew = keys.firstIndex(where: { !seen.contains($0) }) {
        #expect(keys[firstNew...].allSatisfy { !seen.contains($0) }, "day \(offset): \(keys)")
      }
      seen.formUnion(keys)
    }
    #expect(seen.count == 40)
    #expect(asked[0].count == 10)
    // Day 2's cards only once the learner has started day 2's lesson.
    #expect(asked[0...2].joined().allSatisfy { $0.hasPrefix("1/") })
    #expect(asked[3].contains { $0.hasPrefix("2/") })
    // Always right: the gaps between a card's reviews grow, and after 4 months reach weeks.
    let reviews = try store.quizReviews().filter { $0.cardID == "1/fact-0" }
    let gaps = zip(reviews.dropFirst(), reviews).map { ($0.reviewedAt - $1.reviewedAt) / 86400 }
    let dailyGaps = gaps.filter { $0 >= 1 }
    #expect(dailyGaps == dailyGaps.sorted(), "\(gaps)")
    #expect((dailyGaps.last ?? 0) >= 20, "\(gaps)")
    // A second session the same day introduces nothing more.
    let now = start + 119 * 86400 + 3600
    #expect(deck.counts(now: now, today: day(now)).new == 0)
    // The report counts what the queue will ask.
    let stats = try deck.statsText(
      now: now, startOfTomorrow: start - 9 * 3600 + 120 * 86400, unicode: false)
    #expect(stats.contains("new (never reviewed): 0 of 40 cards"), "\(stats)")
    #expect(stats.contains("Scheduler: FSRS-6, desired retention 90%, 10 new cards a day"))
    #expect(stats.contains("Reviews due per day over the next 30 days:"))
  }

  @Test func forgottenCardsComeBackSoonAndRetentionIsMeasured() throws {
    let start = 1_800_000_000.0
    // Card fact-3 is forgotten at every review; the rest are remembered.
    _ = try simulate(days: 60, from: start) { card, _ in card.id == "fact-3" ? .again : .good }
    let reviews = try store.quizReviews()
    let forgotten = reviews.filter { $0.cardID == "1/fact-3" }
    let remembered = reviews.filter { $0.cardID == "1/fact-4" }
    #expect(forgotten.count > remembered.count * 3, "\(forgotten.count) vs \(remembered.count)")
    let deck = try QuizDeck(catalog: catalog, store: store)
    let now = start + 60 * 86400
    let stats = try deck.statsText(now: now, startOfTomorrow: now + 3600, unicode: false)
    #expect(stats.contains("Retention over the last 30 days: achieved"), "\(stats)")
  }

  @Test func sm2ModeSchedulesOneSixThenTimesEase() throws {
    try store.setSetting(QuizSettings.Key.scheduler, "sm2")
    try store.setSetting(QuizSettings.Key.newPerDay, "1")
    let start = 1_800_000_000.0
    let asked = try simulate(days: 30, from: start) { _, _ in .good }
    let firstCard = asked.enumerated().filter { $0.element.contains("1/fact-0") }.map(\.offset)
    // SM-2 intervals with quality 4 (ease stays 2.5): 1, 6, 15 days.
    #expect(Array(firstCard.prefix(4)) == [0, 1, 7, 22], "\(firstCard)")
    #expect(try store.quizReviews().allSatisfy { $0.scheduler == "sm2" })
    let deck = try QuizDeck(catalog: catalog, store: store)
    let stats = try deck.statsText(now: start, startOfTomorrow: start + 3600, unicode: false)
    #expect(
      stats.hasPrefix("Scheduler: SM-2 (comparison mode), desired retention 90%, 1 new cards a day")
    )
  }
}
