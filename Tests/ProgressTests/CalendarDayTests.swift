import Progress
import Testing

@Suite struct CalendarDayTests {
  @Test func parsesAndPrintsISODates() {
    let day = CalendarDay("2026-11-30")
    #expect(day?.year == 2026)
    #expect(day?.month == 11)
    #expect(day?.day == 30)
    #expect(day?.description == "2026-11-30")
    #expect(CalendarDay(year: 5, month: 1, day: 2)?.description == "0005-01-02")
    #expect(CalendarDay("2024-02-29") != nil)
    #expect(CalendarDay("2100-02-29") == nil)
    #expect(CalendarDay("2000-02-29") != nil)
    #expect(CalendarDay("2026-04-31") == nil)
    #expect(CalendarDay("2026-11-3x") == nil)
  }

  @Test func countsDaysFromTheEpoch() {
    #expect(CalendarDay("1970-01-01")?.daysSinceEpoch == 0)
    #expect(CalendarDay("1969-12-31")?.daysSinceEpoch == -1)
    #expect(CalendarDay("2000-03-01")?.daysSinceEpoch == 11_017)
    #expect(CalendarDay(daysSinceEpoch: 11_017).description == "2000-03-01")
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      #expect(CalendarDay(daysSinceEpoch: days).daysSinceEpoch == days)
    }
  }

  @Test func knowsWeekdaysAndDaysOfTheYear() {
    #expect(CalendarDay("1970-01-01")?.isoWeekday == 4)
    #expect(CalendarDay("2026-11-30")?.isoWeekday == 1)
    #expect(CalendarDay("2021-01-03")?.isoWeekday == 7)
    #expect(CalendarDay("1969-12-29")?.isoWeekday == 1)
    #expect(CalendarDay("2024-12-31")?.dayOfYear == 366)
    #expect(CalendarDay("2026-01-01")?.dayOfYear == 1)
  }

  @Test func findsTheDayOfATimestampInATimeZone() {
    // 2026-11-30T23:30:00Z
    let timestamp = 1_796_081_400.0
    #expect(CalendarDay(secondsSinceEpoch: timestamp).description == "2026-11-30")
    #expect(
      CalendarDay(secondsSinceEpoch: timestamp, secondsEastOfUTC: 3600).description
        == "2026-12-01")
    #expect(CalendarDay(secondsSinceEpoch: -1).description == "1969-12-31")
  }

  @Test func addsDaysAcrossMonthsAndYears() {
    #expect(CalendarDay("2026-12-31")?.adding(days: 1).description == "2027-01-01")
    #expect(CalendarDay("2028-03-01")?.adding(days: -1).description == "2028-02-29")
    #expect(CalendarDay("2026-11-30")! < CalendarDay("2026-12-01")!)
  }
}
