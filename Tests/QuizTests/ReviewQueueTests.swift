import Quiz
import Testing

/// The order and selection of cards in a quiz session.
@Suite struct ReviewQueueTests {
  let day = 86400.0
  let now = 1_767_254_400.0

  /// Two due cards, two not yet due, and new cards on days 1 to 3.
  var cards: [QueueCard] {
    [
      QueueCard(id: "1/a", day: 1, order: 0, due: now - 1 * day),
      QueueCard(id: "1/b", day: 1, order: 1, due: nil),
      QueueCard(id: "1/c", day: 1, order: 2, due: now + 2 * day),
      QueueCard(id: "2/a", day: 2, order: 3, due: now - 3 * day),
      QueueCard(id: "2/b", day: 2, order: 4, due: nil),
      QueueCard(id: "2/c", day: 2, order: 5, due: now + 1 * day),
      QueueCard(id: "3/a", day: 3, order: 6, due: nil),
      QueueCard(id: "3/b", day: 3, order: 7, due: nil),
    ]
  }

  func build(_ options: QueueOptions = QueueOptions(), cards: [QueueCard]? = nil) -> [String] {
    ReviewQueue.build(cards: cards ?? self.cards, now: now, options: options)
  }

  @Test func dueCardsMostOverdueFirstThenNewByOrder() {
    #expect(build() == ["2/a", "1/a", "1/b", "2/b", "3/a", "3/b"])
  }

  @Test func inputOrderDoesNotMatter() {
    #expect(build(cards: cards.reversed()) == build())
  }

  @Test func equallyOverdueCardsGoByOrder() {
    let tied = [
      QueueCard(id: "late", day: 1, order: 9, due: now - day),
      QueueCard(id: "early", day: 1, order: 2, due: now - day),
      QueueCard(id: "exactly-now", day: 1, order: 0, due: now),
    ]
    #expect(build(cards: tied) == ["early", "late", "exactly-now"])
  }

  @Test func newCardsAreCappedPerDay() {
    #expect(build(QueueOptions(newPerDay: 2)) == ["2/a", "1/a", "1/b", "2/b"])
    #expect(build(QueueOptions(newPerDay: 0)) == ["2/a", "1/a"])
  }

  @Test func theCapCountsNewCardsAlreadyIntroducedToday() {
    #expect(build(QueueOptions(newPerDay: 3, newIntroducedToday: 2)) == ["2/a", "1/a", "1/b"])
    #expect(build(QueueOptions(newPerDay: 3, newIntroducedToday: 3)) == ["2/a", "1/a"])
    #expect(build(QueueOptions(newPerDay: 3, newIntroducedToday: 7)) == ["2/a", "1/a"])
  }

  @Test func newOnlyKeepsTheNewPartUnderTheCap() {
    #expect(build(QueueOptions(newOnly: true)) == ["1/b", "2/b", "3/a", "3/b"])
    #expect(
      build(QueueOptions(newOnly: true, newPerDay: 5, newIntroducedToday: 3)) == ["1/b", "2/b"])
  }

  @Test func allAddsEveryCardWithoutTheCap() {
    let options = QueueOptions(all: true, newPerDay: 1, newIntroducedToday: 1)
    #expect(build(options) == ["2/a", "1/a", "1/b", "2/b", "3/a", "3/b", "2/c", "1/c"])
    #expect(
      build(QueueOptions(newOnly: true, all: true, newPerDay: 0)) == ["1/b", "2/b", "3/a", "3/b"])
  }

  @Test func limitCutsTheFinalList() {
    #expect(build(QueueOptions(limit: 3)) == ["2/a", "1/a", "1/b"])
    #expect(build(QueueOptions(all: true, limit: 7)).count == 7)
    #expect(build(QueueOptions(limit: 0)) == [])
    #expect(build(QueueOptions(limit: 100)) == build())
  }

  @Test func dayFiltersEverything() {
    #expect(build(QueueOptions(day: 2)) == ["2/a", "2/b"])
    #expect(build(QueueOptions(day: 2, all: true)) == ["2/a", "2/b", "2/c"])
    #expect(build(QueueOptions(day: 3, newOnly: true, newPerDay: 1)) == ["3/a"])
    #expect(build(QueueOptions(day: 9)) == [])
  }

  @Test func openDaysLimitWhereNewCardsComeFrom() {
    #expect(build(QueueOptions(openDays: [1])) == ["2/a", "1/a", "1/b"])
    #expect(build(QueueOptions(openDays: [])) == ["2/a", "1/a"])
    #expect(build(QueueOptions(openDays: [1, 3])) == ["2/a", "1/a", "1/b", "3/a", "3/b"])
    #expect(build(QueueOptions(newOnly: true, openDays: [2])) == ["2/b"])
  }

  @Test func openDaysAreIgnoredWhenADayIsGiven() {
    #expect(build(QueueOptions(day: 3, openDays: [1])) == ["3/a", "3/b"])
  }

  @Test func dueTodayCountsWhatIsDueBeforeTomorrowByTheQueuesRule() {
    let startOfTomorrow = now + day / 2
    let laterToday = QueueCard(id: "1/d", day: 1, order: 8, due: now + 600)
    let atMidnight = QueueCard(id: "1/e", day: 1, order: 9, due: startOfTomorrow)
    let withLater = cards + [laterToday, atMidnight]
    #expect(ReviewQueue.counts(cards: withLater, now: now, options: QueueOptions()).due == 2)
    #expect(
      ReviewQueue.dueToday(
        cards: withLater, startOfTomorrow: startOfTomorrow, options: QueueOptions())
        == 3)
    #expect(ReviewQueue.isDue(now + 600, by: now + 600))
    #expect(!ReviewQueue.isDue(nil, by: startOfTomorrow))
  }

  @Test func countsForTheGreeting() {
    let counts = ReviewQueue.counts(cards: cards, now: now, options: QueueOptions())
    #expect(counts.due == 2)
    #expect(counts.new == 4)

    let capped = ReviewQueue.counts(
      cards: cards, now: now, options: QueueOptions(newPerDay: 3, newIntroducedToday: 1))
    #expect(capped.due == 2)
    #expect(capped.new == 2)

    let open = ReviewQueue.counts(cards: cards, now: now, options: QueueOptions(openDays: [2]))
    #expect(open.due == 2)
    #expect(open.new == 1)

    let oneDay = ReviewQueue.counts(cards: cards, now: now, options: QueueOptions(day: 1))
    #expect(oneDay.due == 1)
    #expect(oneDay.new == 1)

    let done = ReviewQueue.counts(
      cards: cards, now: now, options: QueueOptions(newPerDay: 10, newIntroducedToday: 12))
    #expect(done.new == 0)

    let later = ReviewQueue.counts(cards: cards, now: now - 10 * day, options: QueueOptions())
    #expect(later.due == 0)
  }
}
