import TerminalUI

/// A card in the statistics: its day, and its memory when it has been reviewed.
public struct CardSummary: Sendable, Equatable {
  /// The card's id, such as "1/type-missing".
  public var id: String
  /// The lesson day the card belongs to.
  public var day: Int
  /// The scheduler's memory of the card; nil if it has never been reviewed.
  public var memory: CardMemory?
  /// When SM-2 would have the card due, in seconds since the epoch; nil if never reviewed.
  public var sm2Due: Double?
  /// When the card joins the review queue (`QueueCard.due`), which decides whether it is due
  /// today; the memory's due time unless the caller knows the queue's.
  public var queueDue: Double?

  /// Creates a card summary.
  public init(
    id: String, day: Int, memory: CardMemory?, sm2Due: Double? = nil, queueDue: Double? = nil
  ) {
    self.id = id
    self.day = day
    self.memory = memory
    self.sm2Due = sm2Due
    self.queueDue = queueDue ?? memory.flatMap { $0.state == .new ? nil : $0.due }
  }

  /// Whether the card has been reviewed at least once.
  public var isReviewed: Bool {
    guard let memory else { return false }
    return memory.state != .new
  }
}

/// The text of `redis-tutor quiz stats`: what is due, how well it sticks, what is coming.
public enum QuizStatsReport {
  /// How many days the forecast and the retention figure look at.
  public static let windowDays = 30
  /// How many days back the "last 7 days" column looks.
  public static let recentDays = 7
  /// The most rows the forecast chart is tall.
  public static let chartRows = 8

  private static let secondsPerDay = FSRSScheduler.secondsPerDay

  /// The report as printed, ending in a newline.
  ///
  /// `startOfTomorrow` is the first second of the learner's next calendar day, so a card is
  /// due today when it is due before it. The report is plain text without colours; `unicode`
  /// only picks glyphs: the chart's bars and the ellipsis of a cut title.
  public static func text(
    cards: [CardSummary], reviews: [ReviewSummary], now: Double, startOfTomorrow: Double,
    desiredRetention: Double, dayTitles: [Int: String], unicode: Bool
  ) -> String {
    var lines = [dueLine(cards: cards, startOfTomorrow: startOfTomorrow), ""]
    lines.append(retentionLine(reviews: reviews, now: now, desiredRetention: desiredRetention))
    lines.append("")
    lines += forecastLines(cards: cards, now: now, unicode: unicode)
    lines.append("")
    lines += dayTable(
      cards: cards, reviews: reviews, now: now, dayTitles: dayTitles, unicode: unicode)
    return lines.map(withoutTrailingSpaces).joined(separator: "\n") + "\n"
  }

  // MARK: Sections

  /// "Due today: N   this week: M   new (never reviewed): K of T cards".
  private static func dueLine(cards: [CardSummary], startOfTomorrow: Double) -> String {
    let dues = cards.filter(\.isReviewed).compactMap(\.queueDue)
    let dueToday = dues.filter { ReviewQueue.isDue($0, by: startOfTomorrow.nextDown) }.count
    let endOfWeek = (startOfTomorrow + 6 * secondsPerDay).nextDown
    let dueThisWeek = dues.filter { ReviewQueue.isDue($0, by: endOfWeek) }.count
    let newCount = cards.count - dues.count
    return
      "Due today: \(dueToday)   this week: \(dueThisWeek)   "
      + "new (never reviewed): \(newCount) of \(cards.count) cards"
  }

  /// The retention achieved over the last 30 days against the desired retention.
  private static func retentionLine(
    reviews: [ReviewSummary], now: Double, desiredRetention: Double
  ) -> String {
    let stats = RetentionStats.overLast(
      days: windowDays, reviews: reviews, now: now, secondsPerDay: secondsPerDay)
    let prefix = "Retention over the last \(windowDays) days: "
    let desired = percent(desiredRetention)
    guard let achieved = stats.achieved else {
      return prefix
        + "no reviews of cards in review yet: retention shows after the first intervals "
        + "(desired \(desired))"
    }
    return prefix
      + "achieved \(percent(achieved)) (\(stats.recalled) of \(stats.reviews) reviews "
      + "of cards in review) against desired \(desired)"
  }

  /// The chart of reviews per day over the next 30 days, its totals, and the SM-2 comparison.
  private static func forecastLines(cards: [CardSummary], now: Double, unicode: Bool)
    -> [String]
  {
    let memories = cards.filter(\.isReviewed).compactMap(\.memory)
    var lines: [String] = []
    if memories.isEmpty {
      lines.append("Forecast: no card has been reviewed yet, so no reviews are scheduled.")
    } else {
      let counts = ReviewForecast.reviewsPerDay(
        cards: memories, from: now, days: windowDays, secondsPerDay: secondsPerDay)
      lines.append("Reviews due per day over the next \(windowDays) days:")
      lines += chart(counts: counts, bar: unicode ? "█" : "#")
      lines.append(totalLine(counts: counts))
    }
    let sm2Dues = cards.compactMap(\.sm2Due)
    if !sm2Dues.isEmpty {
      let sm2Counts = ReviewForecast.reviewsPerDay(
        cards: sm2Dues.map { CardMemory(due: $0) }, from: now, days: windowDays,
        secondsPerDay: secondsPerDay)
      let sm2Total = sm2Counts.reduce(0, +)
      lines.append("SM-2 would schedule \(reviewsText(sm2Total)) in the same \(windowDays) days")
    }
    return lines
  }

  /// "total N reviews in 30 days, busiest day +Xd with Y".
  private static func totalLine(counts: [Int]) -> String {
    let total = counts.reduce(0, +)
    let line = "total \(reviewsText(total)) in \(counts.count) days"
    guard let peak = counts.max(), peak > 0, let busiest = counts.firstIndex(of: peak) else {
      return line
    }
    return line + ", busiest day \(dayOffsetLabel(busiest)) with \(peak)"
  }

  /// A vertical column chart with one column per day, or nothing when every count is 0.
  ///
  /// Each row stands for `step` reviews, chosen so the chart is at most `chartRows` tall;
  /// a day's column reaches the first row whose value is at least its count.
  private static func chart(counts: [Int], bar: String) -> [String] {
    guard let peak = counts.max(), peak > 0 else { return [] }
    let step = (peak + chartRows - 1) / chartRows
    let height = (peak + step - 1) / step
    let labelWidth = String(height * step).count
    var lines: [String] = []
    for row in stride(from: height, through: 1, by: -1) {
      let threshold = (row - 1) * step
      let columns = counts.map { $0 > threshold ? bar : " " }
      lines.append(
        DisplayWidth.padded(String(row * step), toWidth: labelWidth, alignment: .right) + " | "
          + columns.joined(separator: " "))
    }
    let axisWidth = 2 * counts.count
    lines.append(
      String(repeating: " ", count: labelWidth) + " +" + String(repeating: "-", count: axisWidth))
    var labels = [Character](repeating: " ", count: axisWidth + 8)
    for day in stride(from: 0, to: counts.count, by: 7) {
      for (index, character) in dayOffsetLabel(day).enumerated() {
        labels[2 * day + index] = character
      }
    }
    lines.append(String(repeating: " ", count: labelWidth + 3) + String(labels))
    return lines
  }

  /// One row per lesson day with cards: reviewed cards, reviews, and the share answered right.
  private static func dayTable(
    cards: [CardSummary], reviews: [ReviewSummary], now: Double, dayTitles: [Int: String],
    unicode: Bool
  ) -> [String] {
    let days = Set(cards.map(\.day)).sorted()
    guard !days.isEmpty else { return ["No quiz cards yet."] }
    let recentStart = now - Double(recentDays) * secondsPerDay
    var table = TextTable(
      columns: [
        .init("Day", alignment: .right), .init("Title", maximumWidth: maximumTitleWidth),
        .init("Cards", alignment: .right), .init("Reviews", alignment: .right),
        .init("Right", alignment: .right), .init("Last \(recentDays) days", alignment: .right),
      ],
      headerStyle: .plain, ellipsis: unicode ? "…" : "...")
    for day in days {
      let dayCards = cards.filter { $0.day == day }
      let dayReviews = reviews.filter { $0.day == day && $0.reviewedAt <= now }
      let recentReviews = dayReviews.filter { $0.reviewedAt >= recentStart }
      table.addRow([
        String(day),
        dayTitles[day] ?? "-",
        "\(dayCards.filter(\.isReviewed).count)/\(dayCards.count)",
        String(dayReviews.count),
        rightShare(dayReviews),
        rightShare(recentReviews),
      ])
    }
    return table.render().split(separator: "\n").map(String.init)
  }

  // MARK: Formatting

  /// The share of `reviews` answered right, or "-" when there are none.
  private static func rightShare(_ reviews: [ReviewSummary]) -> String {
    guard !reviews.isEmpty else { return "-" }
    return percent(Double(reviews.filter(\.correct).count) / Double(reviews.count))
  }

  /// A fraction as a percentage with at most one decimal: 0.875 → "87.5%", 0.9 → "90%".
  private static func percent(_ fraction: Double) -> String {
    let tenths = Int((fraction * 1000).rounded())
    let whole = tenths / 10
    let decimal = tenths % 10
    return decimal == 0 ? "\(whole)%" : "\(whole).\(decimal)%"
  }

  /// "today" for day 0, otherwise "+Nd".
  private static func dayOffsetLabel(_ day: Int) -> String {
    day == 0 ? "today" : "+\(day)d"
  }

  /// "1 review", "N reviews".
  private static func reviewsText(_ count: Int) -> String {
    count == 1 ? "1 review" : "\(count) reviews"
  }

  /// The most columns a day's title takes, so the table fits a terminal.
  static let maximumTitleWidth = 32
}
