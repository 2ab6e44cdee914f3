/// The learning phase a card is in.
public enum CardState: String, Codable, Sendable {
  /// Never reviewed.
  case new
  /// Going through the short learning steps after its first review.
  case learning
  /// Scheduled in whole days.
  case review
  /// Going through the short relearning steps after a lapse.
  case relearning
}

/// What the scheduler remembers about one card: its memory state and when it is due.
public struct CardMemory: Codable, Equatable, Sendable {
  /// Days until recall probability falls to 90 %; 0 before the first review.
  public var stability: Double
  /// How hard the card is, from 1 to 10; 0 before the first review.
  public var difficulty: Double
  /// The learning phase.
  public var state: CardState
  /// The index of the current learning or relearning step.
  public var step: Int
  /// When the card is next due, in seconds since the epoch.
  public var due: Double
  /// When the card was last reviewed, in seconds since the epoch.
  public var lastReview: Double?
  /// How many times the card has been reviewed.
  public var reps: Int
  /// How many times the card was forgotten after reaching the review state.
  public var lapses: Int

  /// Creates a card memory; the defaults describe a new card due at `due`.
  public init(
    stability: Double = 0, difficulty: Double = 0, state: CardState = .new, step: Int = 0,
    due: Double = 0, lastReview: Double? = nil, reps: Int = 0, lapses: Int = 0
  ) {
    self.stability = stability
    self.difficulty = difficulty
    self.state = state
    self.step = step
    self.due = due
    self.lastReview = lastReview
    self.reps = reps
    self.lapses = lapses
  }

  /// A card that has never been reviewed, due at `now`.
  public static func new(dueAt now: Double) -> CardMemory {
    CardMemory(due: now)
  }
}
