/// One logged review, as the statistics need it.
public struct ReviewSummary: Sendable, Equatable {
  /// The lesson day of the reviewed card.
  public var day: Int
  /// The rating given.
  public var rating: Rating
  /// Whether the answer was right.
  public var correct: Bool
  /// The card's state before the review.
  public var stateBefore: CardState
  /// When the review happened, in seconds since the epoch.
  public var reviewedAt: Double

  /// Creates a review summary.
  public init(day: Int, rating: Rating, correct: Bool, stateBefore: CardState, reviewedAt: Double) {
    self.day = day
    self.rating = rating
    self.correct = correct
    self.stateBefore = stateBefore
    self.reviewedAt = reviewedAt
  }
}

/// The retention actually achieved: how many reviews of cards in review were recalled.
///
/// A review counts when the card was in the review state before it, so learning steps do not
/// blur the figure; it is recalled when rated hard or better.
public struct RetentionStats: Sendable, Equatable {
  /// Reviews of cards in the review state within the window.
  public var reviews: Int
  /// Those reviews rated hard or better.
  public var recalled: Int

  /// Creates retention counts.
  public init(reviews: Int, recalled: Int) {
    self.reviews = reviews
    self.recalled = recalled
  }

  /// The share of reviews recalled, from 0 to 1; nil when there were none.
  public var achieved: Double? {
    reviews > 0 ? Double(recalled) / Double(reviews) : nil
  }

  /// The retention over the `days` days up to and including `now`.
  ///
  /// Reviews after `now` are left out.
  public static func overLast(
    days: Int = 30, reviews: [ReviewSummary], now: Double,
    secondsPerDay: Double = FSRSScheduler.secondsPerDay
  ) -> RetentionStats {
    let windowStart = now - Double(days) * secondsPerDay
    var stats = RetentionStats(reviews: 0, recalled: 0)
    for review in reviews
    where review.stateBefore == .review && review.reviewedAt >= windowStart
      && review.reviewedAt <= now
    {
      stats.reviews += 1
      if review.rating >= .hard {
        stats.recalled += 1
      }
    }
    return stats
  }
}
