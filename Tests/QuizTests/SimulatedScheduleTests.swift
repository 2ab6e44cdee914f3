import DeterministicRandom
import Quiz
import Testing

/// Drives the scheduler with a manual clock over simulated months.
@Suite struct SimulatedScheduleTests {
  let day = FSRSScheduler.secondsPerDay
  let start = 1_767_254_400.0

  func intervalDays(_ card: CardMemory, reviewedAt now: Double) -> Int {
    Int(((card.due - now) / day).rounded(.down))
  }

  @Test func goodEveryTimeItIsDueGrowsIntervals() {
    let scheduler = FSRSScheduler(parameters: FSRSParameters(learningSteps: []))
    var card = CardMemory.new(dueAt: start)
    var now = start
    var intervals: [Int] = []
    while now < start + 365 * day {
      card = scheduler.review(card, rating: .good, at: now).card
      intervals.append(intervalDays(card, reviewedAt: now))
      now = card.due
    }
    #expect(intervals.count >= 4)
    #expect(zip(intervals, intervals.dropFirst()).allSatisfy { $0 < $1 })
    #expect(intervals.allSatisfy { (1...36500).contains($0) })
  }

  @Test func againShrinksTheInterval() {
    let scheduler = FSRSScheduler(
      parameters: FSRSParameters(learningSteps: [], relearningSteps: []))
    var card = CardMemory.new(dueAt: start)
    var now = start
    for _ in 0..<5 {
      card = scheduler.review(card, rating: .good, at: now).card
      now = card.due
    }
    let before = intervalDays(card, reviewedAt: card.lastReview ?? start)
    card = scheduler.review(card, rating: .again, at: now).card
    let after = intervalDays(card, reviewedAt: now)
    #expect(after < before)
    #expect(after >= 1)
    #expect(card.lapses == 1)
    #expect(card.state == .review)
  }

  @Test func learningStepsLeadToDayIntervals() {
    let scheduler = FSRSScheduler()
    var card = CardMemory.new(dueAt: start)
    card = scheduler.review(card, rating: .good, at: start).card
    #expect(card.state == .learning)
    #expect(card.step == 1)
    #expect(card.due == start + 600)
    card = scheduler.review(card, rating: .again, at: card.due).card
    #expect(card.step == 0)
    #expect(card.due - (card.lastReview ?? 0) == 60)
    card = scheduler.review(card, rating: .hard, at: card.due).card
    #expect(card.due - (card.lastReview ?? 0) == 330)
    card = scheduler.review(card, rating: .good, at: card.due).card
    card = scheduler.review(card, rating: .good, at: card.due).card
    #expect(card.state == .review)
    #expect(card.due - (card.lastReview ?? 0) >= day)

    let lapsedAt = card.due
    card = scheduler.review(card, rating: .again, at: lapsedAt).card
    #expect(card.state == .relearning)
    #expect(card.due == lapsedAt + 600)
    card = scheduler.review(card, rating: .good, at: card.due).card
    #expect(card.state == .review)
  }

  @Test func mixedRatingsOverMonthsStayWithinLimits() {
    let scheduler = FSRSScheduler(parameters: FSRSParameters(enableFuzzing: true))
    var generator = SplitMix64(seed: 42)
    let ratings: [Rating] = [.good, .good, .hard, .again, .good, .easy, .good, .again, .easy]
    var card = CardMemory.new(dueAt: start)
    var now = start
    for index in 0..<200 {
      let (next, log) = scheduler.review(
        card, rating: ratings[index % ratings.count], at: now, using: &generator)
      card = next
      #expect(card.stability >= 0.001)
      #expect((1...10).contains(card.difficulty))
      if card.state == .review {
        #expect((1...36500).contains(log.scheduledDays))
      }
      #expect(card.due > now)
      now = card.due
    }
    #expect(card.reps == 200)
  }

  @Test func maximumIntervalCapsIntervals() {
    let scheduler = FSRSScheduler(
      parameters: FSRSParameters(maximumInterval: 30, learningSteps: []))
    var card = CardMemory.new(dueAt: start)
    var now = start
    for _ in 0..<10 {
      card = scheduler.review(card, rating: .easy, at: now).card
      #expect(intervalDays(card, reviewedAt: now) <= 30)
      now = card.due
    }
    #expect(scheduler.nextInterval(stability: 1e9) == 30)
    #expect(scheduler.nextInterval(stability: 0.001) == 1)
  }
}
