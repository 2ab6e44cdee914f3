/// A named drill: what it practises, and how to build a trace or a solve problem from a seed.
///
/// The same seed always builds the same instance, so a session can be replayed or shared.
public struct Drill: Sendable {
  /// The name typed after `:drill`, such as "heap-insert".
  public var name: String
  /// The family the drill belongs to.
  public var family: DrillFamily
  /// One line saying what the drill practises.
  public var summary: String
  /// Builds a step-by-step trace from a seed, if the drill has one.
  public var trace: (@Sendable (UInt64) -> TraceSession)?
  /// Builds a one-answer problem from a seed, if the drill has one.
  public var solve: (@Sendable (UInt64) -> SolveProblem)?

  /// A drill called `name` in `family`.
  public init(
    name: String, family: DrillFamily, summary: String,
    trace: (@Sendable (UInt64) -> TraceSession)?,
    solve: (@Sendable (UInt64) -> SolveProblem)?
  ) {
    self.name = name
    self.family = family
    self.summary = summary
    self.trace = trace
    self.solve = solve
  }
}
