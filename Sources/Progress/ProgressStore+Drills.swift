import GRDB

/// One answered drill: a trace step, a solve problem or a judge run.
public struct DrillAttempt: Sendable, Equatable {
  public var family: String
  public var drill: String
  /// `trace`, `solve` or `judge`.
  public var mode: String
  public var correct: Bool
  public var seconds: Double
  public var at: Double

  public init(
    family: String, drill: String, mode: String, correct: Bool, seconds: Double, at: Double
  ) {
    self.family = family
    self.drill = drill
    self.mode = mode
    self.correct = correct
    self.seconds = seconds
    self.at = at
  }
}

/// Per family: how many answers, how many right, and the time spent.
public struct DrillFamilyStats: Sendable, Equatable {
  public var family: String
  public var attempts: Int
  public var correct: Int
  public var seconds: Double

  public init(family: String, attempts: Int, correct: Int, seconds: Double) {
    self.family = family
    self.attempts = attempts
    self.correct = correct
    self.seconds = seconds
  }

  /// The share of right answers, 0 when there are none.
  public var accuracy: Double { attempts == 0 ? 0 : Double(correct) / Double(attempts) }
}

// DSA drill results, kept across resets like the review data: they are practice history.
extension ProgressStore {
  /// Saves one drill answer.
  public func recordDrill(_ attempt: DrillAttempt) throws {
    guard ["trace", "solve", "judge"].contains(attempt.mode), attempt.seconds >= 0 else {
      throw ProgressError.invalidValue(
        "a drill attempt needs mode trace, solve or judge and seconds ≥ 0")
    }
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO drill_attempt (family, drill, mode, correct, seconds, attempted_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          attempt.family, attempt.drill, attempt.mode, attempt.correct, attempt.seconds, attempt.at,
        ])
    }
  }

  /// Totals per drill family, in family name order.
  public func drillStats() throws -> [DrillFamilyStats] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT family, COUNT(*) AS attempts, SUM(correct) AS correct, SUM(seconds) AS seconds
          FROM drill_attempt GROUP BY family ORDER BY family
          """
      ).map { row in
        DrillFamilyStats(
          family: row["family"], attempts: row["attempts"], correct: row["correct"] ?? 0,
          seconds: row["seconds"] ?? 0)
      }
    }
  }
}
