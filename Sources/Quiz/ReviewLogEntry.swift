/// One review as stored in the review log, enough to optimise the parameters later.
public struct ReviewLogEntry: Codable, Equatable, Sendable {
  /// The rating given.
  public var rating: Rating
  /// When the review happened, in seconds since the epoch.
  public var reviewedAt: Double
  /// Whole days since the previous review; 0 for the first review.
  public var elapsedDays: Int
  /// Days until the card is due again (0 for a learning step shorter than a day).
  public var scheduledDays: Int
  /// Stability after the review.
  public var stability: Double
  /// Difficulty after the review.
  public var difficulty: Double
  /// The card's state before the review.
  public var stateBefore: CardState

  /// Creates a log entry.
  public init(
    rating: Rating, reviewedAt: Double, elapsedDays: Int, scheduledDays: Int,
    stability: Double, difficulty: Double, stateBefore: CardState
  ) {
    self.rating = rating
    self.reviewedAt = reviewedAt
    self.elapsedDays = elapsedDays
    self.scheduledDays = scheduledDays
    self.stability = stability
    self.difficulty = difficulty
    self.stateBefore = stateBefore
  }
}
