import GRDB

// The learner's seed: the numbers a lesson step draws per learner come from it.

extension ProgressStore {
  /// The `setting` key the learner's seed is kept under.
  static let learnerSeedKey = "learner-seed"

  /// The learner's seed, created the first time it is asked for and kept from then on.
  ///
  /// Lesson steps with parameters draw their numbers from it (mixed with the day and the step
  /// id), so a learner sees the same numbers on every replay and two learners see different
  /// ones. It is a setting, so `resetAll()` keeps it. Two tutors opening a fresh database at
  /// once agree on one seed: it is read and, when missing, written in one write transaction.
  public func learnerSeed() throws -> UInt64 {
    try write { db in
      if let text = try String.fetchOne(
        db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Self.learnerSeedKey]),
        let seed = UInt64(text)
      {
        return seed
      }
      let seed = UInt64.random(in: 0...UInt64.max)
      try db.execute(
        sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        arguments: [Self.learnerSeedKey, String(seed)])
      return seed
    }
  }
}
