import GRDB

/// One run of a stage tester on the learner's own program.
public struct StageRunRecord: Sendable, Equatable {
  /// The stage's name (`day2-cache`).
  public var stage: String
  /// The lesson day the stage belongs to.
  public var day: Int
  /// Expectations passed, in order, before the first failure (all of them on a pass).
  public var passed: Int
  /// Expectations the stage has.
  public var total: Int
  /// The expectation that failed, or nil when every one passed.
  public var failedExpectation: String?
  /// When the run ended, seconds since 1970.
  public var at: Double

  public init(
    stage: String, day: Int, passed: Int, total: Int, failedExpectation: String?, at: Double
  ) {
    self.stage = stage
    self.day = day
    self.passed = passed
    self.total = total
    self.failedExpectation = failedExpectation
    self.at = at
  }

  /// Whether every expectation passed.
  public var isPass: Bool { failedExpectation == nil && passed == total }
}

/// Where one stage stands: its latest run, and whether any run ever passed it.
public struct StageStanding: Sendable, Equatable {
  public var latest: StageRunRecord
  /// Whether some run passed every expectation (a later failing run does not undo it).
  public var everPassed: Bool
  /// Runs recorded.
  public var runs: Int

  public init(latest: StageRunRecord, everPassed: Bool, runs: Int) {
    self.latest = latest
    self.everPassed = everPassed
    self.runs = runs
  }
}

// Stage tester results: practice history, kept across a reset of the lessons like drills.
extension ProgressStore {
  /// Saves one run of a stage.
  public func recordStageRun(_ run: StageRunRecord) throws {
    guard !run.stage.isEmpty, run.total > 0, (0...run.total).contains(run.passed),
      (run.failedExpectation == nil) == (run.passed == run.total)
    else {
      throw ProgressError.invalidValue(
        "a stage run needs a name, at least one expectation, and a failed expectation "
          + "exactly when fewer than all passed")
    }
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO stage_run (stage, day, passed, total, failed_expectation, finished_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          run.stage, run.day, run.passed, run.total, run.failedExpectation, run.at,
        ])
    }
  }

  /// Each stage ever run, by day then name: its latest run and whether it ever passed.
  public func stageStandings() throws -> [StageStanding] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT stage, day, passed, total, failed_expectation, finished_at,
            (SELECT COUNT(*) FROM stage_run AS each WHERE each.stage = latest.stage) AS runs,
            (SELECT COUNT(*) FROM stage_run AS each
              WHERE each.stage = latest.stage AND each.failed_expectation IS NULL) AS passes
          FROM stage_run AS latest
          WHERE id = (SELECT MAX(id) FROM stage_run AS each WHERE each.stage = latest.stage)
          ORDER BY day, stage
          """)
      return rows.map { row in
        StageStanding(
          latest: StageRunRecord(
            stage: row["stage"], day: row["day"], passed: row["passed"], total: row["total"],
            failedExpectation: row["failed_expectation"], at: row["finished_at"]),
          everPassed: (row["passes"] as Int) > 0, runs: row["runs"])
      }
    }
  }
}
