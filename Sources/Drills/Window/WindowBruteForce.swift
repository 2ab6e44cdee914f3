/// Slow, obviously-correct answers to the sliding-window problems: look at every window.
public enum WindowBruteForce {
  /// The max of each slice.
  public static func maxima(_ values: [Int], k: Int) -> [Int] {
    guard k <= values.count else { return [] }
    return (0...(values.count - k)).map { values[$0..<($0 + k)].max()! }
  }

  /// The sum of each slice.
  public static func sums(_ values: [Int], k: Int) -> [Int] {
    guard k >= 1 && k <= values.count else { return [] }
    return (0...(values.count - k)).map { values[$0..<($0 + k)].reduce(0, +) }
  }

  /// Try every slice and keep the longest whose items are all different.
  public static func longestUniqueLength<Item: Hashable>(_ items: [Item]) -> Int {
    var best = 0
    for start in items.indices {
      for end in start..<items.count where Set(items[start...end]).count == end - start + 1 {
        best = max(best, end - start + 1)
      }
    }
    return best
  }

  /// Try every slice, shortest first and then leftmost, until one covers the set.
  public static func minimumWindow<Item: Hashable>(_ items: [Item], covering required: Set<Item>)
    -> Range<Int>?
  {
    guard !items.isEmpty else { return nil }
    for length in 1...items.count {
      for start in 0...(items.count - length)
      where required.isSubset(of: Set(items[start..<(start + length)])) {
        return start..<(start + length)
      }
    }
    return nil
  }

  /// Filter the events for each query.
  public static func countsInLast(_ span: Int, events: [Int], queries: [Int]) -> [Int] {
    queries.map { time in events.filter { $0 > time - span && $0 <= time }.count }
  }
}
