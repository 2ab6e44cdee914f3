import GRDB

// The review day's records: self-interview answers and weekly skill ratings. `resetAll`
// keeps them, because they are the learner's history, not lesson state.
extension ProgressStore {
  /// Saves one self-interview answer.
  public func saveInterviewAnswer(_ answer: InterviewAnswer) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO interview_answer (prompt, notes, seconds, answered_at)
          VALUES (?, ?, ?, ?)
          """,
        arguments: [answer.prompt, answer.notes, answer.seconds, answer.at])
    }
  }

  /// Every saved self-interview answer, newest first.
  public func interviewAnswers() throws -> [InterviewAnswer] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT prompt, notes, seconds, answered_at FROM interview_answer
          ORDER BY answered_at DESC, id DESC
          """
      ).map { row in
        InterviewAnswer(
          prompt: row["prompt"], notes: row["notes"], seconds: row["seconds"],
          at: row["answered_at"])
      }
    }
  }

  /// Saves the ratings (1–5 per topic) for an ISO week like "2026-W48", replacing any
  /// ratings already saved for that week.
  public func saveSkillRatings(week: String, ratings: [String: Int], at time: Double) throws {
    guard Self.isISOWeek(week) else {
      throw ProgressError.invalidValue("\(week.debugDescription) is not an ISO week like 2026-W48")
    }
    for (topic, rating) in ratings.sorted(by: { $0.key < $1.key }) where !(1...5).contains(rating) {
      throw ProgressError.invalidValue(
        "the rating for \(topic.debugDescription) must be 1 to 5, got \(rating)")
    }
    try write { db in
      try db.execute(sql: "DELETE FROM skill_rating WHERE week = ?", arguments: [week])
      for (topic, rating) in ratings {
        try db.execute(
          sql: "INSERT INTO skill_rating (week, topic, rating, rated_at) VALUES (?, ?, ?, ?)",
          arguments: [week, topic, rating, time])
      }
    }
  }

  /// Every week's ratings, oldest week first.
  public func skillHistory() throws -> [SkillWeek] {
    try read { db in
      // "YYYY-Www" sorts chronologically as text.
      let rows = try Row.fetchAll(
        db, sql: "SELECT week, topic, rating FROM skill_rating ORDER BY week, topic")
      var weeks: [SkillWeek] = []
      for row in rows {
        let week: String = row["week"]
        if weeks.last?.week != week { weeks.append(SkillWeek(week: week, ratings: [:])) }
        weeks[weeks.count - 1].ratings[row["topic"]] = row["rating"]
      }
      return weeks
    }
  }

  /// Whether `text` is "YYYY-Www" with a week from 01 to 53.
  private static func isISOWeek(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W") else {
      return false
    }
    let digits = bytes[0..<4] + bytes[6..<8]
    guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
      return false
    }
    let week = Int(bytes[6] - UInt8(ascii: "0")) * 10 + Int(bytes[7] - UInt8(ascii: "0"))
    return (1...53).contains(week)
  }
}
