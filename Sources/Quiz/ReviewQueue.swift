/// A card as the queue sees it.
public struct QueueCard: Sendable, Equatable {
  /// The card's id, such as "1/type-missing".
  public var id: String
  /// The lesson day the card belongs to.
  public var day: Int
  /// The card's position within the lesson files (by day, then file order); lower comes first.
  public var order: Int
  /// When the card is due, in seconds since the epoch; nil for a card never reviewed.
  public var due: Double?

  /// Creates a queue card.
  public init(id: String, day: Int, order: Int, due: Double?) {
    self.id = id
    self.day = day
    self.order = order
    self.due = due
  }
}

/// What a quiz session asks for: which cards, and how many.
public struct QueueOptions: Sendable, Equatable {
  /// Only cards of this lesson day; nil for every day.
  public var day: Int?
  /// Only new cards (the daily cap still applies unless `all` is set).
  public var newOnly: Bool
  /// Every card in scope, due or not, ignoring the daily cap on new cards.
  public var all: Bool
  /// At most this many cards in total; nil for no limit.
  public var limit: Int?
  /// The daily cap on new cards.
  public var newPerDay: Int
  /// How many new cards were already introduced today.
  public var newIntroducedToday: Int
  /// The days whose lessons the learner has started; new cards only come from these.
  ///
  /// nil allows new cards from any day. Ignored when `day` is given.
  public var openDays: Set<Int>?

  /// Creates options; the defaults ask the daily session: due cards, then up to 10 new cards.
  public init(
    day: Int? = nil, newOnly: Bool = false, all: Bool = false, limit: Int? = nil,
    newPerDay: Int = 10, newIntroducedToday: Int = 0, openDays: Set<Int>? = nil
  ) {
    self.day = day
    self.newOnly = newOnly
    self.all = all
    self.limit = limit
    self.newPerDay = newPerDay
    self.newIntroducedToday = newIntroducedToday
    self.openDays = openDays
  }

  /// How many more new cards may be introduced today.
  public var newCardsLeftToday: Int {
    max(0, newPerDay - newIntroducedToday)
  }
}

/// Decides which cards a quiz session asks, and in which order.
public enum ReviewQueue {
  /// The card ids to ask now, in order.
  ///
  /// Due cards (due at or before `now`) come first, most overdue first, ties by `order`;
  /// then new cards by `order`, at most `options.newCardsLeftToday` of them. Cards not yet
  /// due are left out. `newOnly` keeps only the new part; `all` lifts the new-card cap and
  /// appends the cards not yet due, soonest first; `limit` cuts the final list.
  public static func build(cards: [QueueCard], now: Double, options: QueueOptions) -> [String] {
    let groups = Groups(cards: cards, now: now, options: options)
    let newCards = options.all ? groups.new : Array(groups.new.prefix(options.newCardsLeftToday))
    var queue: [QueueCard]
    if options.newOnly {
      queue = newCards
    } else if options.all {
      queue = groups.due + newCards + groups.notYetDue
    } else {
      queue = groups.due + newCards
    }
    if let limit = options.limit {
      queue = Array(queue.prefix(max(0, limit)))
    }
    return queue.map(\.id)
  }

  /// Counts for the daily session's greeting: due now, and new cards that could be introduced
  /// today.
  ///
  /// Honours `day`, `openDays`, `newPerDay` and `newIntroducedToday`; `newOnly`, `all` and
  /// `limit` shape a session, not the greeting, and are ignored.
  public static func counts(cards: [QueueCard], now: Double, options: QueueOptions) -> (
    due: Int, new: Int
  ) {
    let groups = Groups(cards: cards, now: now, options: options)
    return (groups.due.count, min(groups.new.count, options.newCardsLeftToday))
  }

  /// How many cards in scope are due before `startOfTomorrow`, overdue ones included: the
  /// "due today" of the daily greeting, counted by the same rule as `quiz stats`.
  public static func dueToday(cards: [QueueCard], startOfTomorrow: Double, options: QueueOptions)
    -> Int
  {
    Groups(cards: cards, now: startOfTomorrow.nextDown, options: options).due.count
  }

  /// Whether a card that joins the queue at `due` is due by `time`; a card never reviewed
  /// (nil) is new, not due.
  ///
  /// The one rule for "due": the queue asks what is due by now, the greeting and
  /// `quiz stats` count what is due before tomorrow.
  public static func isDue(_ due: Double?, by time: Double) -> Bool {
    guard let due else { return false }
    return due <= time
  }

  /// The cards in scope, split into due, new and not-yet-due, each in asking order.
  private struct Groups {
    var due: [QueueCard] = []
    var new: [QueueCard] = []
    var notYetDue: [QueueCard] = []

    init(cards: [QueueCard], now: Double, options: QueueOptions) {
      let newDays = options.day == nil ? options.openDays : nil
      for card in cards where options.day == nil || card.day == options.day {
        if card.due != nil {
          if ReviewQueue.isDue(card.due, by: now) {
            self.due.append(card)
          } else {
            notYetDue.append(card)
          }
        } else if newDays?.contains(card.day) ?? true {
          new.append(card)
        }
      }
      due.sort(by: Self.soonerDue)
      notYetDue.sort(by: Self.soonerDue)
      new.sort(by: Self.earlierInLessons)
    }

    private static func soonerDue(_ lhs: QueueCard, _ rhs: QueueCard) -> Bool {
      let lhsDue = lhs.due ?? 0
      let rhsDue = rhs.due ?? 0
      if lhsDue != rhsDue { return lhsDue < rhsDue }
      return earlierInLessons(lhs, rhs)
    }

    private static func earlierInLessons(_ lhs: QueueCard, _ rhs: QueueCard) -> Bool {
      if lhs.order != rhs.order { return lhs.order < rhs.order }
      return lhs.id < rhs.id
    }
  }
}
