import Progress
import Testing

@Suite struct StreakTests {
  private func store(studied days: [String]) throws -> ScratchStore {
    let scratch = try ScratchStore()
    for day in days { try scratch.store.recordStudyDay(day) }
    return scratch
  }

  @Test func noStudyDaysIsNoStreak() throws {
    let scratch = try store(studied: [])
    #expect(try scratch.store.streak(endingOn: "2026-11-30") == 0)
  }

  @Test func consecutiveDaysEndingTodayCount() throws {
    let scratch = try store(studied: ["2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"])
    #expect(try scratch.store.streak(endingOn: "2026-11-30") == 4)
  }

  @Test func aGapEndsTheStreak() throws {
    let scratch = try store(studied: ["2026-11-25", "2026-11-26", "2026-11-28", "2026-11-29"])
    #expect(try scratch.store.streak(endingOn: "2026-11-29") == 2)
    #expect(try scratch.store.streak(endingOn: "2026-11-26") == 2)
    #expect(try scratch.store.streak(endingOn: "2026-11-27") == 2)
  }

  @Test func aStreakIsAliveUntilTheEndOfTheDayAfter() throws {
    let scratch = try store(studied: ["2026-11-28", "2026-11-29"])
    #expect(try scratch.store.streak(endingOn: "2026-11-30") == 2)
    #expect(try scratch.store.streak(endingOn: "2026-12-01") == 0)
  }

  @Test func aStreakCrossesMonthsYearsAndLeapDays() throws {
    let scratch = try store(studied: [
      "2027-12-30", "2027-12-31", "2028-01-01", "2028-02-28", "2028-02-29", "2028-03-01",
    ])
    #expect(try scratch.store.streak(endingOn: "2028-01-01") == 3)
    #expect(try scratch.store.streak(endingOn: "2028-03-01") == 3)
  }

  @Test func daysAfterTodayDoNotCount() throws {
    let scratch = try store(studied: ["2026-11-29", "2026-11-30", "2026-12-01"])
    #expect(try scratch.store.streak(endingOn: "2026-11-30") == 2)
  }

  @Test func recordingADayTwiceKeepsOneAndListsOldestFirst() throws {
    let scratch = try store(studied: ["2026-11-30", "2026-11-29", "2026-11-30"])
    #expect(try scratch.store.studyDays() == ["2026-11-29", "2026-11-30"])
  }

  @Test(arguments: ["2026-02-29", "2026-13-01", "30-11-2026", "2026-1-5", "", "today"])
  func aBadDateIsRefused(text: String) throws {
    let scratch = try store(studied: [])
    #expect(throws: ProgressError.self) { try scratch.store.recordStudyDay(text) }
    #expect(throws: ProgressError.self) { try scratch.store.streak(endingOn: text) }
    #expect(try scratch.store.studyDays().isEmpty)
  }
}
