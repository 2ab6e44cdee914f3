import Quiz
import Testing

/// The retention achieved over the last 30 days.
@Suite struct RetentionStatsTests {
  let day = 86400.0
  let now = 1_767_254_400.0

  func review(_ rating: Rating, _ state: CardState = .review, daysAgo: Double) -> ReviewSummary {
    ReviewSummary(
      day: 1, rating: rating, correct: rating != .again, stateBefore: state,
      reviewedAt: now - daysAgo * day)
  }

  @Test func noReviewsMeansNoFigure() {
    let stats = RetentionStats.overLast(reviews: [], now: now)
    #expect(stats == RetentionStats(reviews: 0, recalled: 0))
    #expect(stats.achieved == nil)
  }

  @Test func onlyLearningReviewsMeansNoFigure() {
    let reviews = [
      review(.good, .new, daysAgo: 3), review(.again, .learning, daysAgo: 3),
      review(.good, .relearning, daysAgo: 2),
    ]
    #expect(RetentionStats.overLast(reviews: reviews, now: now).achieved == nil)
  }

  @Test func hardOrBetterCountsAsRecalled() {
    let reviews = [
      review(.again, daysAgo: 1), review(.hard, daysAgo: 2), review(.good, daysAgo: 3),
      review(.easy, daysAgo: 4),
    ]
    let stats = RetentionStats.overLast(reviews: reviews, now: now)
    #expect(stats == RetentionStats(reviews: 4, recalled: 3))
    #expect(stats.achieved == 0.75)
  }

  @Test func onlyTheWindowCounts() {
    let reviews = [
      review(.good, daysAgo: 0), review(.good, daysAgo: 30), review(.again, daysAgo: 30.01),
      review(.again, daysAgo: 45), review(.again, daysAgo: -1),
    ]
    #expect(
      RetentionStats.overLast(reviews: reviews, now: now) == RetentionStats(reviews: 2, recalled: 2)
    )
    #expect(
      RetentionStats.overLast(days: 60, reviews: reviews, now: now)
        == RetentionStats(reviews: 4, recalled: 2))
  }
}
