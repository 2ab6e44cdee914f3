import GRDB

// Step progress. Each change is a single upsert, so two tutors recording on the same step
// never lose each other's update.
extension ProgressStore {
  /// Records that the learner's work on a step was checked.
  ///
  /// Counts the attempt; the first passing attempt marks the step passed at `time`. A later
  /// failing attempt never un-passes it.
  public func recordAttempt(day: Int, step: String, passed: Bool, at time: Double) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO step_progress (day, step, status, attempts, passed_at, updated_at)
          VALUES (?, ?, ?, 1, ?, ?)
          ON CONFLICT (day, step) DO UPDATE SET
            attempts = attempts + 1,
            passed_at = CASE WHEN excluded.status = 'passed' AND status != 'passed'
              THEN excluded.passed_at ELSE passed_at END,
            status = CASE WHEN excluded.status = 'passed' THEN 'passed' ELSE status END,
            updated_at = excluded.updated_at
          """,
        arguments: [day, step, passed ? "passed" : "started", passed ? time : nil, time])
    }
  }

  /// Records that hint `level` (1 for the first) was revealed; keeps the highest level seen.
  public func recordHint(day: Int, step: String, level: Int, at time: Double) throws {
    guard level >= 0 else {
      throw ProgressError.invalidValue("hint level must be 0 or more, got \(level)")
    }
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO step_progress (day, step, status, hints_used, updated_at)
          VALUES (?, ?, 'started', ?, ?)
          ON CONFLICT (day, step) DO UPDATE SET
            hints_used = max(hints_used, excluded.hints_used),
            updated_at = excluded.updated_at
          """,
        arguments: [day, step, level, time])
    }
  }

  /// Marks a step skipped, unless it has already passed.
  public func markSkipped(day: Int, step: String, at time: Double) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO step_progress (day, step, status, updated_at)
          VALUES (?, ?, 'skipped', ?)
          ON CONFLICT (day, step) DO UPDATE SET
            status = CASE WHEN status = 'passed' THEN 'passed' ELSE 'skipped' END,
            updated_at = excluded.updated_at
          """,
        arguments: [day, step, time])
    }
  }

  /// Marks a reading step done: passed at `time`, unless it passed earlier.
  public func markRead(day: Int, step: String, at time: Double) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO step_progress (day, step, status, passed_at, updated_at)
          VALUES (?, ?, 'passed', ?, ?)
          ON CONFLICT (day, step) DO UPDATE SET
            passed_at = CASE WHEN status = 'passed' THEN passed_at ELSE excluded.passed_at END,
            status = 'passed',
            updated_at = excluded.updated_at
          """,
        arguments: [day, step, time, time])
    }
  }

  /// Records that the learner looked at the step's solution.
  public func recordSolutionViewed(day: Int, step: String, at time: Double) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO step_progress (day, step, status, solution_viewed, updated_at)
          VALUES (?, ?, 'started', 1, ?)
          ON CONFLICT (day, step) DO UPDATE SET
            solution_viewed = 1,
            updated_at = excluded.updated_at
          """,
        arguments: [day, step, time])
    }
  }

  /// The progress of every step of `day` the learner has touched, by step id.
  public func steps(day: Int) throws -> [String: StepProgress] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT step, status, attempts, hints_used, solution_viewed, passed_at
          FROM step_progress WHERE day = ?
          """,
        arguments: [day])
      var steps: [String: StepProgress] = [:]
      for row in rows {
        let status: String = row["status"]
        steps[row["step"]] = StepProgress(
          status: StepProgress.Status(rawValue: status) ?? .started,
          attempts: row["attempts"], hintsUsed: row["hints_used"],
          solutionViewed: row["solution_viewed"], passedAt: row["passed_at"])
      }
      return steps
    }
  }

  /// Forgets one step's progress.
  public func reset(day: Int, step: String) throws {
    try write { db in
      try db.execute(
        sql: "DELETE FROM step_progress WHERE day = ? AND step = ?", arguments: [day, step])
    }
  }

  /// Forgets a day's step progress and block times.
  public func reset(day: Int) throws {
    try write { db in
      try db.execute(sql: "DELETE FROM step_progress WHERE day = ?", arguments: [day])
      try db.execute(sql: "DELETE FROM block_time WHERE day = ?", arguments: [day])
    }
  }

  /// Starts the course over: forgets all step progress, the saved position and block times.
  ///
  /// Keeps what the learner would not want to lose by redoing the lessons: settings, study
  /// days (the streak), self-interview notes and skill ratings.
  public func resetAll() throws {
    try write { db in
      try db.execute(sql: "DELETE FROM step_progress")
      try db.execute(sql: "DELETE FROM lesson_position")
      try db.execute(sql: "DELETE FROM block_time")
    }
  }
}
