import DeterministicRandom
import Quiz
import Testing

/// The text of `redis-tutor quiz stats`.
@Suite struct QuizStatsReportTests {
  let day = FSRSScheduler.secondsPerDay
  /// 2026-01-01 00:00 UTC.
  let midnight = 1_767_225_600.0
  var now: Double { midnight + 12 * 3600 }
  var startOfTomorrow: Double { midnight + day }
  let titles = [1: "Strings and keys", 2: "Hashes", 3: "Lists"]

  func reviewCard(_ id: String, day lessonDay: Int, dueIn days: Double, sm2DueIn: Double? = nil)
    -> CardSummary
  {
    CardSummary(
      id: id, day: lessonDay,
      memory: CardMemory(
        stability: 5, difficulty: 5, state: .review, due: now + days * day,
        lastReview: now - 3 * day, reps: 3),
      sm2Due: sm2DueIn.map { now + $0 * day })
  }

  func review(_ lessonDay: Int, _ rating: Rating, _ state: CardState = .review, daysAgo: Double)
    -> ReviewSummary
  {
    ReviewSummary(
      day: lessonDay, rating: rating, correct: rating != .again, stateBefore: state,
      reviewedAt: now - daysAgo * day)
  }

  /// Seven cards on three days: due now, in 3 days (two), in 10 days; three new.
  var fixedCards: [CardSummary] {
    [
      reviewCard("1/a", day: 1, dueIn: -2, sm2DueIn: 1),
      reviewCard("1/b", day: 1, dueIn: 3, sm2DueIn: 40),
      CardSummary(id: "1/c", day: 1, memory: nil),
      reviewCard("1/d", day: 1, dueIn: 3.5),
      reviewCard("2/a", day: 2, dueIn: 10),
      CardSummary(id: "2/b", day: 2, memory: CardMemory.new(dueAt: now)),
      CardSummary(id: "3/a", day: 3, memory: nil),
    ]
  }

  /// 16 reviews of cards in review in the last 30 days, 14 recalled, plus learning reviews
  /// and one review 40 days ago.
  var fixedReviews: [ReviewSummary] {
    var reviews: [ReviewSummary] = []
    // Day 1: reviews 2, 4, …, 20 days ago; the one 2 days ago forgotten, the one 4 days ago hard.
    for index in 0..<10 {
      let rating: Rating = index == 0 ? .again : index == 1 ? .hard : .good
      reviews.append(review(1, rating, daysAgo: Double(2 * index + 2)))
    }
    reviews.append(review(1, .good, .new, daysAgo: 25))
    reviews.append(review(1, .good, .learning, daysAgo: 25))
    reviews.append(review(1, .good, .learning, daysAgo: 24))
    // Day 2: reviews 0.5, 3.5, …, 15.5 days ago; the last one forgotten; one forgotten long ago.
    for index in 0..<6 {
      reviews.append(review(2, index == 5 ? .again : .easy, daysAgo: Double(3 * index) + 0.5))
    }
    reviews.append(review(2, .again, daysAgo: 40))
    return reviews
  }

  func fixedReport(unicode: Bool = false) -> String {
    QuizStatsReport.text(
      cards: fixedCards, reviews: fixedReviews, now: now, startOfTomorrow: startOfTomorrow,
      desiredRetention: 0.9, dayTitles: titles, unicode: unicode)
  }

  func lines(_ report: String) -> [String] {
    report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The chart's rows: the lines holding a y-axis label and " | ".
  func chartRows(_ report: String) -> [String] {
    lines(report).filter { $0.contains(" | ") }
  }

  /// The number after "total " in the forecast's total line.
  func forecastTotal(_ report: String) -> Int? {
    guard let line = lines(report).first(where: { $0.hasPrefix("total ") }) else { return nil }
    return Int(line.dropFirst("total ".count).prefix { $0.isNumber })
  }

  @Test func fixedHistoryPrintsTheExpectedReport() {
    let report = fixedReport()
    print(report)
    #expect(report.hasSuffix("\n"))
    #expect(!report.contains("\u{1B}"))
    #expect(lines(report).allSatisfy { !$0.hasSuffix(" ") })
    let expected = [
      "Due today: 1   this week: 3   new (never reviewed): 3 of 7 cards",
      "",
      "Retention over the last 30 days: achieved 87.5% (14 of 16 reviews of cards in review)"
        + " against desired 90%",
      "",
      "Reviews due per day over the next 30 days:",
      "2 |       #",
      "1 | #     #             #",
      "  +" + String(repeating: "-", count: 60),
      "    today         +7d           +14d          +21d          +28d",
      "total 4 reviews in 30 days, busiest day +3d with 2",
      "SM-2 would schedule 1 review in the same 30 days",
      "",
      "Day  Title             Cards  Reviews  Right  Last 7 days",
      "  1  Strings and keys    3/4       13  92.3%        66.7%",
      "  2  Hashes              1/2        7  71.4%         100%",
      "  3  Lists               0/1        0      -            -",
      "",
    ]
    #expect(lines(report) == expected)
  }

  @Test func dayTableLinesUpWideTitlesAndCutsLongOnes() {
    let wideAndLong = [
      1: "キャッシュと鍵", 2: "Hashes, and why a small hash is stored as a listpack", 3: "Lists",
    ]
    func dayTable(unicode: Bool) -> [String] {
      let report = QuizStatsReport.text(
        cards: fixedCards, reviews: fixedReviews, now: now, startOfTomorrow: startOfTomorrow,
        desiredRetention: 0.9, dayTitles: wideAndLong, unicode: unicode)
      return Array(lines(report).suffix(5))
    }
    #expect(
      dayTable(unicode: true) == [
        "Day  Title                             Cards  Reviews  Right  Last 7 days",
        "  1  キャッシュと鍵                      3/4       13  92.3%        66.7%",
        "  2  Hashes, and why a small hash is…    1/2        7  71.4%         100%",
        "  3  Lists                               0/1        0      -            -",
        "",
      ])
    #expect(
      dayTable(unicode: false)[2]
        == "  2  Hashes, and why a small hash ...    1/2        7  71.4%         100%")
  }

  @Test func unicodeOnlyChangesTheBars() {
    let ascii = fixedReport()
    let unicode = fixedReport(unicode: true)
    #expect(!unicode.contains("#"))
    #expect(unicode.contains("█"))
    #expect(lines(unicode).count == lines(ascii).count)
    for (unicodeLine, asciiLine) in zip(lines(unicode), lines(ascii)) {
      #expect(String(unicodeLine.map { $0 == "█" ? "#" : $0 }) == asciiLine)
    }
  }

  @Test func chartHasOneColumnPerDayWithBarsProportionalToCounts() {
    // Day d gets 20 cards if d % 7 == 3, else d % 5; the peak of 20 makes each row 3 reviews.
    let counts = (0..<30).map { $0 % 7 == 3 ? 20 : $0 % 5 }
    var cards: [CardSummary] = []
    for (offset, count) in counts.enumerated() {
      for index in 0..<count {
        cards.append(reviewCard("\(offset)/\(index)", day: 1, dueIn: Double(offset) + 0.25))
      }
    }
    let report = QuizStatsReport.text(
      cards: cards, reviews: [], now: now, startOfTomorrow: startOfTomorrow,
      desiredRetention: 0.9, dayTitles: [:], unicode: false)
    print(report)

    let rows = chartRows(report)
    #expect(rows.count == 7)
    #expect(rows.map { $0.prefix(2) } == ["21", "18", "15", "12", " 9", " 6", " 3"])
    let columnsStart = "21 | ".count
    #expect(rows.allSatisfy { $0.count <= columnsStart + 2 * 30 - 1 })
    let axis = lines(report).first { $0.contains("+--") }
    #expect(axis?.filter { $0 == "-" }.count == 2 * counts.count)

    for (offset, count) in counts.enumerated() {
      let column = columnsStart + 2 * offset
      let height = rows.filter { row in
        let characters = Array(row)
        return column < characters.count && characters[column] == "#"
      }.count
      #expect(height == (count + 2) / 3, "day +\(offset) with \(count) reviews")
    }
    for row in rows {
      let gaps = Array(row).enumerated().filter { position, _ in
        position >= columnsStart && (position - columnsStart) % 2 == 1
      }
      #expect(gaps.allSatisfy { $0.element == " " }, "nothing drawn between day columns")
    }
    #expect(forecastTotal(report) == counts.reduce(0, +))
    #expect(
      lines(report).contains(
        "total \(counts.reduce(0, +)) reviews in 30 days, busiest day +3d with 20"))
  }

  @Test func emptyHistory() {
    let report = QuizStatsReport.text(
      cards: [], reviews: [], now: now, startOfTomorrow: startOfTomorrow,
      desiredRetention: 0.85, dayTitles: titles, unicode: true)
    #expect(
      lines(report) == [
        "Due today: 0   this week: 0   new (never reviewed): 0 of 0 cards",
        "",
        "Retention over the last 30 days: no reviews of cards in review yet: retention shows"
          + " after the first intervals (desired 85%)",
        "",
        "Forecast: no card has been reviewed yet, so no reviews are scheduled.",
        "",
        "No quiz cards yet.",
        "",
      ])
  }

  @Test func cardsNeverReviewed() {
    let cards = [
      CardSummary(id: "1/a", day: 1, memory: nil),
      CardSummary(id: "1/b", day: 1, memory: CardMemory.new(dueAt: now)),
      CardSummary(id: "4/a", day: 4, memory: nil),
    ]
    let report = QuizStatsReport.text(
      cards: cards, reviews: [], now: now, startOfTomorrow: startOfTomorrow,
      desiredRetention: 0.9, dayTitles: titles, unicode: false)
    print(report)
    #expect(
      lines(report) == [
        "Due today: 0   this week: 0   new (never reviewed): 3 of 3 cards",
        "",
        "Retention over the last 30 days: no reviews of cards in review yet: retention shows"
          + " after the first intervals (desired 90%)",
        "",
        "Forecast: no card has been reviewed yet, so no reviews are scheduled.",
        "",
        "Day  Title             Cards  Reviews  Right  Last 7 days",
        "  1  Strings and keys    0/2        0      -            -",
        "  4  -                   0/1        0      -            -",
        "",
      ])
  }

  /// Runs FSRS over a simulated month of daily sessions, with the queue picking the cards.
  @Test func forecastTotalMatchesCardsDueInTheWindowAfterASimulatedMonth() {
    let scheduler = FSRSScheduler()
    var generator = SplitMix64(seed: 7)
    let cardIDs = (0..<40).map { "\($0 / 10 + 1)/card-\($0 % 10)" }
    var memories: [String: CardMemory] = [:]
    var reviews: [ReviewSummary] = []
    var introducedByDay: [Int: Int] = [:]

    for simulatedDay in 0..<30 {
      var clock = midnight + Double(simulatedDay) * day + 9 * 3600
      for _ in 0..<3 {
        let queueCards = cardIDs.enumerated().map { order, id in
          QueueCard(
            id: id, day: Int(id.prefix { $0 != "/" })!, order: order, due: memories[id]?.due)
        }
        let options = QueueOptions(
          newPerDay: 5, newIntroducedToday: introducedByDay[simulatedDay, default: 0])
        for id in ReviewQueue.build(cards: queueCards, now: clock, options: options) {
          let roll = Int.random(in: 0..<10, using: &generator)
          let rating: Rating = roll == 0 ? .again : roll == 1 ? .hard : roll == 9 ? .easy : .good
          let before = memories[id] ?? CardMemory.new(dueAt: clock)
          if memories[id] == nil {
            introducedByDay[simulatedDay, default: 0] += 1
          }
          let after = scheduler.review(before, rating: rating, at: clock).card
          memories[id] = after
          reviews.append(
            ReviewSummary(
              day: Int(id.prefix { $0 != "/" })!, rating: rating, correct: rating != .again,
              stateBefore: before.state, reviewedAt: clock))
          clock += 20
        }
        clock += 15 * 60
      }
    }

    let now = midnight + 30 * day + 8 * 3600
    let cards = cardIDs.map { id in
      CardSummary(id: id, day: Int(id.prefix { $0 != "/" })!, memory: memories[id])
    }
    let report = QuizStatsReport.text(
      cards: cards, reviews: reviews, now: now, startOfTomorrow: midnight + 31 * day,
      desiredRetention: 0.9, dayTitles: titles, unicode: false)
    print(report)

    let reviewed = memories.values.filter { $0.state != .new }
    let dueInWindow = reviewed.filter { $0.due < now + 30 * day }.count
    #expect(reviewed.count == 40)
    #expect(dueInWindow > 0)
    #expect(forecastTotal(report) == dueInWindow)

    let dueToday = reviewed.filter { $0.due < midnight + 31 * day }.count
    #expect(report.hasPrefix("Due today: \(dueToday)   "))
    #expect(report.contains("new (never reviewed): 0 of 40 cards"))
    let retention = RetentionStats.overLast(reviews: reviews, now: now)
    #expect(retention.reviews > 0)
    #expect(report.contains("(\(retention.recalled) of \(retention.reviews) reviews of cards"))
    #expect(chartRows(report).count <= QuizStatsReport.chartRows)
  }
}
