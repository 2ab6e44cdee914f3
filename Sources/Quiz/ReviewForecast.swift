/// Counts how many reviews fall due on each coming day.
public enum ReviewForecast {
  /// The number of cards due on each of the `days` days starting at `now`.
  ///
  /// Day 0 also counts cards already overdue; cards due after the last day are left out.
  public static func reviewsPerDay(
    cards: [CardMemory], from now: Double, days: Int = 30, secondsPerDay: Double = 86400
  ) -> [Int] {
    var counts = Array(repeating: 0, count: max(days, 0))
    guard !counts.isEmpty else { return counts }
    for card in cards {
      let offset = ((card.due - now) / secondsPerDay).rounded(.down)
      let day = max(0, offset)
      if day < Double(days) {
        counts[Int(day)] += 1
      }
    }
    return counts
  }
}
