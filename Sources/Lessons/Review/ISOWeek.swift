import Progress

/// An ISO-8601 week, like 2026-W48: weeks start on Monday and belong to the year of their
/// Thursday.
///
/// So 2027-01-01 (a Friday) is in 2026-W53, and 2021-01-03 (a Sunday) in 2020-W53. Skill
/// ratings are saved per ISO week; its text form sorts chronologically.
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The week-numbering year, which differs from the calendar year around January 1st.
  public let year: Int
  /// 1 to 52, or 53 in long years.
  public let week: Int

  /// The week with this number, or nil when `year` has no such week.
  public init?(year: Int, week: Int) {
    guard (1...9999).contains(year), (1...Self.weekCount(inYear: year)).contains(week) else {
      return nil
    }
    self.year = year
    self.week = week
  }

  /// Parses "YYYY-Www"; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: "-W", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let week = Int(parts[1])
    else { return nil }
    self.init(year: year, week: week)
  }

  /// The week that contains `day`.
  public static func of(_ day: CalendarDay) -> ISOWeek {
    let thursday = day.adding(days: 4 - day.isoWeekday)
    return ISOWeek(checkedYear: thursday.year, week: (thursday.dayOfYear - 1) / 7 + 1)
  }

  /// The week that contains the date, or nil when there is no such date.
  public static func of(year: Int, month: Int, day: Int) -> ISOWeek? {
    CalendarDay(year: year, month: month, day: day).map(of)
  }

  /// The week of the calendar day at a timestamp in a time zone `secondsEastOfUTC` ahead of UTC.
  public static func of(secondsSinceEpoch: Double, secondsEastOfUTC: Int = 0) -> ISOWeek {
    of(CalendarDay(secondsSinceEpoch: secondsSinceEpoch, secondsEastOfUTC: secondsEastOfUTC))
  }

  /// 53 for years whose January 1st is a Thursday (or a Wednesday in a leap year), else 52.
  public static func weekCount(inYear year: Int) -> Int {
    guard let januaryFirst = CalendarDay(year: year, month: 1, day: 1) else { return 52 }
    let weekday = januaryFirst.isoWeekday
    return weekday == 4 || (weekday == 3 && CalendarDay.isLeapYear(year)) ? 53 : 52
  }

  /// "YYYY-Www", like "2026-W05".
  public var description: String {
    let yearText = String(year)
    let weekText = String(week)
    return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-W"
      + (week < 10 ? "0" : "") + weekText
  }

  /// "Www", like "W05": enough for a column header.
  public var shortDescription: String { String(description.suffix(3)) }

  public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool {
    (lhs.year, lhs.week) < (rhs.year, rhs.week)
  }

  private init(checkedYear year: Int, week: Int) {
    self.year = year
    self.week = week
  }
}
