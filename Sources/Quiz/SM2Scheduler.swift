/// The memory state SM-2 keeps for one card.
public struct SM2Card: Codable, Equatable, Sendable {
  /// The easiness factor, at least 1.3.
  public var easinessFactor: Double
  /// How many successful reviews in a row.
  public var repetitions: Int
  /// The current interval in days (0 before the first review).
  public var intervalDays: Int

  /// Creates an SM-2 card; the defaults describe a new card.
  public init(easinessFactor: Double = 2.5, repetitions: Int = 0, intervalDays: Int = 0) {
    self.easinessFactor = easinessFactor
    self.repetitions = repetitions
    self.intervalDays = intervalDays
  }
}

/// The classic SuperMemo-2 scheduler, offered for comparison with FSRS.
public struct SM2Scheduler: Sendable {
  /// The lowest easiness factor.
  public static let minimumEasinessFactor = 1.3

  /// Creates an SM-2 scheduler.
  public init() {}

  /// The SM-2 quality (0–5) for an FSRS rating: again 1, hard 3, good 4, easy 5.
  public static func quality(for rating: Rating) -> Int {
    switch rating {
    case .again: 1
    case .hard: 3
    case .good: 4
    case .easy: 5
    }
  }

  /// Reviews `card` with an FSRS rating, mapped to an SM-2 quality.
  public func review(_ card: SM2Card, rating: Rating) -> SM2Card {
    review(card, quality: Self.quality(for: rating))
  }

  /// Reviews `card` with SM-2 quality `quality` (0–5) and returns the updated card.
  public func review(_ card: SM2Card, quality: Int) -> SM2Card {
    var next = card
    let q = Double(min(max(quality, 0), 5))
    if quality < 3 {
      next.repetitions = 0
      next.intervalDays = 1
    } else {
      switch card.repetitions {
      case 0: next.intervalDays = 1
      case 1: next.intervalDays = 6
      default:
        next.intervalDays = Int((Double(card.intervalDays) * card.easinessFactor).rounded())
      }
      next.repetitions = card.repetitions + 1
    }
    let change = 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)
    next.easinessFactor = max(card.easinessFactor + change, Self.minimumEasinessFactor)
    return next
  }
}
