// Interim signatures so the lesson engine compiles before the store lands; deleted on merge.
extension ProgressStore {
  public convenience init(path: String) throws { self.init() }
  public var path: String { "" }
  public func recordAttempt(day: Int, step: String, passed: Bool, at time: Double) throws {}
  public func recordHint(day: Int, step: String, level: Int, at time: Double) throws {}
  public func markSkipped(day: Int, step: String, at time: Double) throws {}
  public func markRead(day: Int, step: String, at time: Double) throws {}
  public func recordSolutionViewed(day: Int, step: String, at time: Double) throws {}
  public func steps(day: Int) throws -> [String: StepProgress] { [:] }
  public func savePosition(_ position: LessonPosition) throws {}
  public func position() throws -> LessonPosition? { nil }
  public func addBlockTime(day: Int, block: String, seconds: Double) throws {}
  public func blockTimes(day: Int) throws -> [String: Double] { [:] }
  public func setting(_ key: String) throws -> String? { nil }
  public func setSetting(_ key: String, _ value: String?) throws {}
  public func recordStudyDay(_ date: String) throws {}
  public func streak(endingOn today: String) throws -> Int { 0 }
  public func studyDays() throws -> [String] { [] }
  public func reset(day: Int, step: String) throws {}
  public func reset(day: Int) throws {}
  public func resetAll() throws {}
}
public struct StepProgress: Sendable, Equatable {
  public enum Status: String, Sendable { case passed, skipped, started }
  public var status: Status
  public var attempts: Int
  public var hintsUsed: Int
  public var solutionViewed: Bool
  public var passedAt: Double?
}
public struct LessonPosition: Sendable, Equatable {
  public var day: Int
  public var step: String
  public var plan: String
  public var updatedAt: Double
  public init(day: Int, step: String, plan: String, updatedAt: Double) {
    self.day = day
    self.step = step
    self.plan = plan
    self.updatedAt = updatedAt
  }
}
