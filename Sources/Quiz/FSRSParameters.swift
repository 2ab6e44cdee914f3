/// The tunable settings of the FSRS-6 scheduler, kept as data so they can be optimised later.
public struct FSRSParameters: Codable, Equatable, Sendable {
  /// The 21 model weights w0…w20.
  public var weights: [Double]
  /// The probability of recall the scheduler aims for when a card falls due.
  public var desiredRetention: Double
  /// The longest interval, in days, a review card can be scheduled.
  public var maximumInterval: Int
  /// Short steps, in seconds, a new card goes through before its first day interval.
  ///
  /// Empty means a new card goes straight to day intervals.
  public var learningSteps: [Double]
  /// Short steps, in seconds, a forgotten card goes through before day intervals resume.
  public var relearningSteps: [Double]
  /// Whether day intervals get a little random spread, like py-fsrs does.
  public var enableFuzzing: Bool

  /// The FSRS-6 default weights, as published with py-fsrs 6.
  public static let fsrs6DefaultWeights: [Double] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ]

  /// The range py-fsrs 6 allows each weight, w0…w20 (its LOWER_ and UPPER_BOUNDS_PARAMETERS).
  ///
  /// Outside them the formulas break down: w20 = 0, for one, makes the forgetting curve's
  /// factor infinite and every interval NaN.
  public static let weightBounds: [ClosedRange<Double>] = [
    0.001...100, 0.001...100, 0.001...100, 0.001...100, 1...10, 0.001...4, 0.001...4,
    0.001...0.75, 0...4.5, 0...0.8, 0.001...3.5, 0.001...5, 0.001...0.25, 0.001...0.9, 0...4,
    0...1, 1...6, 0...2, 0...2, 0...0.8, 0.1...0.8,
  ]

  /// One line saying why `weights` cannot be used (their count, or the first weight outside
  /// its range, with the range), or nil when they can.
  public static func problem(weights: [Double]) -> String? {
    guard weights.count == weightBounds.count else {
      return "FSRS-6 needs \(weightBounds.count) weights, w0 to w20 (got \(weights.count))"
    }
    for (index, (weight, bounds)) in zip(weights, weightBounds).enumerated()
    where !bounds.contains(weight) {
      return "w\(index) is \(text(weight)), outside its allowed range "
        + "\(text(bounds.lowerBound)) to \(text(bounds.upperBound))"
    }
    return nil
  }

  /// A weight as a person would write it: 0, 0.1542, 100.
  private static func text(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  /// FSRS-6 defaults: retention 0.9, learning steps of 1 and 10 minutes, no fuzzing.
  public static let fsrs6Defaults = FSRSParameters()

  /// Creates parameters; every argument defaults to the FSRS-6 defaults.
  public init(
    weights: [Double] = FSRSParameters.fsrs6DefaultWeights,
    desiredRetention: Double = 0.9,
    maximumInterval: Int = 36500,
    learningSteps: [Double] = [60, 600],
    relearningSteps: [Double] = [600],
    enableFuzzing: Bool = false
  ) {
    precondition(weights.count == 21, "FSRS-6 needs exactly 21 weights")
    self.weights = weights
    self.desiredRetention = desiredRetention
    self.maximumInterval = maximumInterval
    self.learningSteps = learningSteps
    self.relearningSteps = relearningSteps
    self.enableFuzzing = enableFuzzing
  }
}
