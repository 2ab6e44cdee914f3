import GRDB

// Where the learner is, how long each block took, settings, and which days they studied.
extension ProgressStore {
  /// Saves where the learner is, replacing the previous position.
  public func savePosition(_ position: LessonPosition) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO lesson_position (id, day, step, plan, updated_at)
          VALUES (1, ?, ?, ?, ?)
          """,
        arguments: [position.day, position.step, position.plan, position.updatedAt])
    }
  }

  /// Where the learner left off, or nil before the first save (and after `resetAll`).
  public func position() throws -> LessonPosition? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT day, step, plan, updated_at FROM lesson_position")
        .map { row in
          LessonPosition(
            day: row["day"], step: row["step"], plan: row["plan"], updatedAt: row["updated_at"])
        }
    }
  }

  /// Adds `seconds` to the time spent in a block.
  public func addBlockTime(day: Int, block: String, seconds: Double) throws {
    guard seconds.isFinite, seconds >= 0 else {
      throw ProgressError.invalidValue("block time must be 0 seconds or more, got \(seconds)")
    }
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO block_time (day, block, seconds) VALUES (?, ?, ?)
          ON CONFLICT (day, block) DO UPDATE SET seconds = seconds + excluded.seconds
          """,
        arguments: [day, block, seconds])
    }
  }

  /// The seconds spent in each block of `day`, by block id.
  public func blockTimes(day: Int) throws -> [String: Double] {
    try read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT block, seconds FROM block_time WHERE day = ?", arguments: [day])
      return Dictionary(uniqueKeysWithValues: rows.map { ($0["block"], $0["seconds"]) })
    }
  }

  /// The value of a setting, or nil when unset.
  public func setting(_ key: String) throws -> String? {
    try read { db in
      try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }
  }

  /// Every setting whose key starts with `prefix`, by key.
  public func settings(withPrefix prefix: String) throws -> [String: String] {
    try read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT key, value FROM setting WHERE substr(key, 1, ?) = ?",
        arguments: [prefix.count, prefix])
      return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"], $0["value"]) })
    }
  }

  /// Sets a setting; nil removes it.
  public func setSetting(_ key: String, _ value: String?) throws {
    try write { db in
      if let value {
        try db.execute(
          sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
          arguments: [key, value])
      } else {
        try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
      }
    }
  }

  /// Records that the learner studied on `date` ("YYYY-MM-DD"); recording it again is harmless.
  public func recordStudyDay(_ date: String) throws {
    let day = try Self.calendarDay(date)
    try write { db in
      try db.execute(
        sql: "INSERT OR IGNORE INTO study_day (date) VALUES (?)", arguments: [day.description])
    }
  }

  /// Every day the learner studied, oldest first.
  public func studyDays() throws -> [String] {
    try read { db in try String.fetchAll(db, sql: "SELECT date FROM study_day ORDER BY date") }
  }

  /// How many consecutive days the learner has studied, up to `today` ("YYYY-MM-DD").
  ///
  /// A streak is still alive on a day the learner has not studied yet: then it counts the
  /// days up to yesterday. It is 0 when neither today nor yesterday was a study day.
  public func streak(endingOn today: String) throws -> Int {
    let today = try Self.calendarDay(today)
    let studied = Set(try studyDays())
    var day = studied.contains(today.description) ? today : today.adding(days: -1)
    var count = 0
    while studied.contains(day.description) {
      count += 1
      day = day.adding(days: -1)
    }
    return count
  }

  /// The calendar day `text` ("YYYY-MM-DD") names; `ProgressError.invalidValue` otherwise.
  static func calendarDay(_ text: String) throws -> CalendarDay {
    guard let day = CalendarDay(text) else {
      throw ProgressError.invalidValue("\(text.debugDescription) is not a date like 2026-11-30")
    }
    return day
  }
}
