/// A whole trace: an instance shown first, then the steps the learner answers one by one.
public struct TraceSession: Sendable {
  /// The drill's name, such as "heap-insert".
  public var drill: String
  /// The family the drill belongs to (never `.mixed`: a mixed pick reports its real family).
  public var family: DrillFamily
  /// A heading such as "Binary min-heap: insert (sift-up)".
  public var title: String
  /// The instance with its rules and an ASCII picture, shown before the first step.
  public var instance: String
  /// The questions, in order; each one starts from the correct state after the one before.
  public var steps: [TraceStep]

  /// A trace of `drill` over `instance`.
  public init(
    drill: String, family: DrillFamily, title: String, instance: String, steps: [TraceStep]
  ) {
    self.drill = drill
    self.family = family
    self.title = title
    self.instance = instance
    self.steps = steps
  }
}
