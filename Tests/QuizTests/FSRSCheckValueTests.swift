import Quiz
import Testing

/// The check values from the FSRS spec, with learning steps and fuzzing off.
@Suite struct FSRSCheckValueTests {
  let scheduler = FSRSScheduler(
    parameters: FSRSParameters(learningSteps: [], relearningSteps: [], enableFuzzing: false))
  let day = FSRSScheduler.secondsPerDay
  let start = 1_767_254_400.0

  @Test func firstGoodReview() {
    let (card, log) = scheduler.review(.new(dueAt: start), rating: .good, at: start)
    #expect(abs(card.stability - 2.3065) < 1e-6)
    #expect(abs(card.difficulty - 2.118104) < 1e-6)
    #expect(scheduler.nextInterval(stability: card.stability) == 2)
    #expect(card.due == start + 2 * day)
    #expect(card.state == .review)
    #expect(log.scheduledDays == 2)
    #expect(log.stateBefore == .new)
  }

  @Test func goodThenGoodThenAgain() {
    var card = scheduler.review(.new(dueAt: start), rating: .good, at: start).card
    let secondAt = start + 2 * day
    #expect(abs(scheduler.retrievability(of: card, at: secondAt) - 0.909493) < 1e-6)
    #expect(abs(scheduler.retrievability(elapsedDays: 2, stability: 2.3065) - 0.909493) < 1e-6)
    card = scheduler.review(card, rating: .good, at: secondAt).card
    #expect(abs(card.stability - 10.964332) < 1e-6)
    #expect(abs(card.difficulty - 2.111214) < 1e-6)
    #expect(card.due == secondAt + 11 * day)

    let thirdAt = secondAt + 11 * day
    let (lapsed, log) = scheduler.review(card, rating: .again, at: thirdAt)
    #expect(abs(lapsed.stability - 1.538337) < 1e-6)
    #expect(abs(lapsed.difficulty - 7.392238) < 1e-6)
    #expect(lapsed.due == thirdAt + 2 * day)
    #expect(lapsed.lapses == 1)
    #expect(lapsed.reps == 3)
    #expect(log.elapsedDays == 11)
    #expect(log.scheduledDays == 2)
  }

  @Test func retrievabilityIsNinetyPercentAfterStabilityDays() {
    for stability in [0.5, 2.3065, 10, 365] {
      #expect(
        abs(scheduler.retrievability(elapsedDays: stability, stability: stability) - 0.9) < 1e-12)
    }
  }

  @Test func defaultsMatchTheSpec() {
    let defaults = FSRSParameters.fsrs6Defaults
    #expect(defaults.weights.count == 21)
    #expect(defaults.weights[20] == 0.1542)
    #expect(defaults.desiredRetention == 0.9)
    #expect(defaults.maximumInterval == 36500)
    #expect(defaults.learningSteps == [60, 600])
    #expect(defaults.relearningSteps == [600])
  }
}
