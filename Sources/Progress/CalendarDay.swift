/// A date on the Gregorian calendar, with no time of day and no time zone.
///
/// Study days and streaks count the learner's calendar days. The caller decides which day
/// "today" is (from its clock and the learner's time zone), so nothing here reads the clock.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let year: Int
  /// 1 (January) to 12.
  public let month: Int
  /// 1 to the length of the month.
  public let day: Int

  /// The day with these parts, or nil when there is no such date (2026-02-29, month 13, …).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...Self.length(ofMonth: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses "YYYY-MM-DD"; nil for anything else, including impossible dates.
  public init?(_ text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
      return nil
    }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
      return nil
    }
    self.init(year: year, month: month, day: day)
  }

  /// The day that is `daysSinceEpoch` days after 1970-01-01 (negative for earlier days).
  public init(daysSinceEpoch: Int) {
    // Howard Hinnant's civil_from_days: exact for every Gregorian date, no tables.
    let shifted = daysSinceEpoch + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  }

  /// The calendar day at `secondsSinceEpoch` in a time zone `secondsEastOfUTC` ahead of UTC.
  public init(secondsSinceEpoch: Double, secondsEastOfUTC: Int = 0) {
    let local = (secondsSinceEpoch + Double(secondsEastOfUTC)) / 86_400
    self.init(daysSinceEpoch: Int(local.rounded(.down)))
  }

  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil, the inverse of init(daysSinceEpoch:).
    let marchYear = month <= 2 ? year - 1 : year
    let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
    let yearOfEra = marchYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The ISO weekday: 1 for Monday through 7 for Sunday.
  public var isoWeekday: Int {
    // 1970-01-01 was a Thursday.
    ((daysSinceEpoch % 7 + 7) % 7 + 3) % 7 + 1
  }

  /// The day of the year, 1 for January 1st.
  public var dayOfYear: Int {
    daysSinceEpoch - CalendarDay(year: year, month: 1, day: 1)!.daysSinceEpoch + 1
  }

  /// The day `days` days later (earlier when negative).
  public func adding(days: Int) -> CalendarDay {
    CalendarDay(daysSinceEpoch: daysSinceEpoch + days)
  }

  /// "YYYY-MM-DD".
  public var description: String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
  }

  public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// Whether `year` has a February 29th.
  public static func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  private static func length(ofMonth month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}
