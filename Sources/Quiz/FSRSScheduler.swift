#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Schedules cards with FSRS-6, step for step as py-fsrs 6.3.2 does.
///
/// Every function is pure: the current time is passed in as seconds since the epoch.
public struct FSRSScheduler: Sendable {
  /// Seconds in one day.
  public static let secondsPerDay: Double = 86400
  /// The lowest stability a card can have.
  public static let minimumStability = 0.001

  /// The weights and options this scheduler uses.
  public let parameters: FSRSParameters

  /// Creates a scheduler with the given parameters.
  public init(parameters: FSRSParameters = .fsrs6Defaults) {
    self.parameters = parameters
  }

  private var w: [Double] { parameters.weights }
  private var decay: Double { -w[20] }
  private var factor: Double { pow(0.9, 1 / decay) - 1 }

  // MARK: Formulas

  /// The probability of recalling a card of `stability` after `elapsedDays` days.
  public func retrievability(elapsedDays: Double, stability: Double) -> Double {
    pow(1 + factor * max(0, elapsedDays) / stability, decay)
  }

  /// The interval in whole days at which recall probability drops to the desired retention.
  public func nextInterval(stability: Double) -> Int {
    let days = stability / factor * (pow(parameters.desiredRetention, 1 / decay) - 1)
    let rounded = Int(days.rounded(.toNearestOrEven))
    return min(max(rounded, 1), parameters.maximumInterval)
  }

  /// The stability after the very first review.
  public func initialStability(rating: Rating) -> Double {
    max(w[rating.rawValue - 1], Self.minimumStability)
  }

  /// The difficulty after the very first review, optionally clamped to [1, 10].
  public func initialDifficulty(rating: Rating, clamped: Bool = true) -> Double {
    let difficulty = w[4] - exp(w[5] * Double(rating.rawValue - 1)) + 1
    return clamped ? clampDifficulty(difficulty) : difficulty
  }

  /// The difficulty after a review: linear damping, then mean reversion towards D0(easy).
  public func nextDifficulty(difficulty: Double, rating: Rating) -> Double {
    let delta = -w[6] * Double(rating.rawValue - 3)
    let damped = difficulty + delta * (10 - difficulty) / 9
    let reverted = w[7] * initialDifficulty(rating: .easy, clamped: false) + (1 - w[7]) * damped
    return clampDifficulty(reverted)
  }

  /// The stability after a review on a later day, given the recall probability at review time.
  public func nextStability(
    difficulty: Double, stability: Double, retrievability: Double, rating: Rating
  ) -> Double {
    let next: Double
    if rating == .again {
      let longTerm =
        w[11] * pow(difficulty, -w[12]) * (pow(stability + 1, w[13]) - 1)
        * exp((1 - retrievability) * w[14])
      let shortTerm = stability / exp(w[17] * w[18])
      next = min(longTerm, shortTerm)
    } else {
      let hardPenalty = rating == .hard ? w[15] : 1
      let easyBonus = rating == .easy ? w[16] : 1
      next =
        stability
        * (1 + exp(w[8]) * (11 - difficulty) * pow(stability, -w[9])
          * (exp((1 - retrievability) * w[10]) - 1) * hardPenalty * easyBonus)
    }
    return max(next, Self.minimumStability)
  }

  /// The stability after a second review on the same day.
  public func shortTermStability(stability: Double, rating: Rating) -> Double {
    var increase = exp(w[17] * (Double(rating.rawValue) - 3 + w[18])) * pow(stability, -w[19])
    if rating != .again {
      increase = max(increase, 1)
    }
    return max(stability * increase, Self.minimumStability)
  }

  private func clampDifficulty(_ difficulty: Double) -> Double {
    min(max(difficulty, 1), 10)
  }

  // MARK: Reviewing

  /// Whole days between the card's last review and `now` (0 if never reviewed).
  public func elapsedDays(_ card: CardMemory, at now: Double) -> Int {
    guard let lastReview = card.lastReview else { return 0 }
    return max(0, Int(((now - lastReview) / Self.secondsPerDay).rounded(.down)))
  }

  /// The probability of recalling `card` at `now` (0 if never reviewed).
  public func retrievability(of card: CardMemory, at now: Double) -> Double {
    guard card.lastReview != nil, card.stability > 0 else { return 0 }
    return retrievability(
      elapsedDays: Double(elapsedDays(card, at: now)), stability: card.stability)
  }

  /// Reviews `card` at `now`, fuzzing (if enabled) with the system random source.
  public func review(_ card: CardMemory, rating: Rating, at now: Double) -> (
    card: CardMemory, log: ReviewLogEntry
  ) {
    var generator = SystemRandomNumberGenerator()
    return review(card, rating: rating, at: now, using: &generator)
  }

  /// Reviews `card` at `now` and returns the updated card and the review log entry.
  ///
  /// `generator` is only used when fuzzing is enabled and the card ends in the review state.
  public func review<Generator: RandomNumberGenerator>(
    _ card: CardMemory, rating: Rating, at now: Double, using generator: inout Generator
  ) -> (card: CardMemory, log: ReviewLogEntry) {
    var next = card
    let elapsed = elapsedDays(card, at: now)
    let sameDay = card.lastReview != nil && elapsed < 1

    if card.state == .new || card.lastReview == nil {
      next.stability = initialStability(rating: rating)
      next.difficulty = initialDifficulty(rating: rating)
    } else {
      if sameDay {
        next.stability = shortTermStability(stability: card.stability, rating: rating)
      } else {
        next.stability = nextStability(
          difficulty: card.difficulty, stability: card.stability,
          retrievability: retrievability(of: card, at: now), rating: rating)
      }
      next.difficulty = nextDifficulty(difficulty: card.difficulty, rating: rating)
    }

    let intervalSeconds: Double
    switch card.state {
    case .new, .learning:
      let step = card.state == .new ? 0 : card.step
      intervalSeconds = advanceSteps(
        &next, from: step, steps: parameters.learningSteps, stepState: .learning,
        rating: rating)
    case .relearning:
      intervalSeconds = advanceSteps(
        &next, from: card.step, steps: parameters.relearningSteps, stepState: .relearning,
        rating: rating)
    case .review:
      if rating == .again {
        next.lapses += 1
      }
      if rating == .again && !parameters.relearningSteps.isEmpty {
        next.state = .relearning
        next.step = 0
        intervalSeconds = parameters.relearningSteps[0]
      } else {
        intervalSeconds = dayInterval(for: next.stability)
      }
    }

    var finalInterval = intervalSeconds
    if parameters.enableFuzzing && next.state == .review {
      finalInterval = fuzzedInterval(seconds: intervalSeconds, using: &generator)
    }
    next.due = now + finalInterval
    next.lastReview = now
    next.reps += 1

    let log = ReviewLogEntry(
      rating: rating, reviewedAt: now, elapsedDays: card.lastReview == nil ? 0 : elapsed,
      scheduledDays: Int((finalInterval / Self.secondsPerDay).rounded(.down)),
      stability: next.stability, difficulty: next.difficulty, stateBefore: card.state)
    return (next, log)
  }

  /// Moves `card` through learning or relearning steps; returns the interval in seconds.
  private func advanceSteps(
    _ card: inout CardMemory, from step: Int, steps: [Double], stepState: CardState,
    rating: Rating
  ) -> Double {
    if steps.isEmpty || (step >= steps.count && rating != .again) {
      return graduate(&card)
    }
    card.state = stepState
    switch rating {
    case .again:
      card.step = 0
      return steps[0]
    case .hard:
      card.step = step
      if step == 0 && steps.count == 1 {
        return steps[0] * 1.5
      } else if step == 0 {
        return (steps[0] + steps[1]) / 2
      } else {
        return steps[min(step, steps.count - 1)]
      }
    case .good:
      if step + 1 == steps.count {
        return graduate(&card)
      }
      card.step = step + 1
      return steps[card.step]
    case .easy:
      return graduate(&card)
    }
  }

  private func graduate(_ card: inout CardMemory) -> Double {
    card.state = .review
    card.step = 0
    return dayInterval(for: card.stability)
  }

  private func dayInterval(for stability: Double) -> Double {
    Double(nextInterval(stability: stability)) * Self.secondsPerDay
  }

  /// Spreads a day interval of 3 days or more over a small range, like py-fsrs.
  private func fuzzedInterval<Generator: RandomNumberGenerator>(
    seconds: Double, using generator: inout Generator
  ) -> Double {
    let days = Int((seconds / Self.secondsPerDay).rounded(.down))
    guard Double(days) >= 2.5 else { return seconds }
    let ranges: [(start: Double, end: Double, factor: Double)] = [
      (2.5, 7, 0.15), (7, 20, 0.1), (20, .infinity, 0.05),
    ]
    var delta = 1.0
    for range in ranges {
      delta += range.factor * max(min(Double(days), range.end) - range.start, 0)
    }
    var lowest = max(2, Int((Double(days) - delta).rounded(.toNearestOrEven)))
    let highest = min(
      Int((Double(days) + delta).rounded(.toNearestOrEven)), parameters.maximumInterval)
    lowest = min(lowest, highest)
    let random = Double.random(in: 0..<1, using: &generator)
    let fuzzed = random * Double(highest - lowest + 1) + Double(lowest)
    let fuzzedDays = min(Int(fuzzed.rounded(.toNearestOrEven)), parameters.maximumInterval)
    return Double(fuzzedDays) * Self.secondsPerDay
  }
}
