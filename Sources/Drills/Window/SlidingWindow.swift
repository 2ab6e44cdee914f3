/// The monotonic deque after one element of a window-max pass.
public struct WindowMaxState: Sendable, Equatable {
  /// The element just read.
  public var index: Int
  /// The deque's indices, front first; their values strictly decrease.
  public var deque: [Int]
  /// The window's maximum, once the window is full.
  public var maximum: Int?
}

/// Reference solutions of the sliding-window problems, each in O(n).
public enum SlidingWindow {
  /// The maximum of every window of `k` consecutive values (1 ≤ k ≤ count): a monotonic deque.
  public static func maxima(_ values: [Int], k: Int) -> [Int] {
    precondition(k >= 1, "k must be at least 1")
    var deque: [Int] = []
    deque.reserveCapacity(values.count)
    var front = 0
    var result: [Int] = []
    result.reserveCapacity(max(0, values.count - k + 1))
    for (index, value) in values.enumerated() {
      while deque.count > front && values[deque[deque.count - 1]] <= value { deque.removeLast() }
      deque.append(index)
      if deque[front] <= index - k { front += 1 }
      if index >= k - 1 { result.append(values[deque[front]]) }
    }
    return result
  }

  /// The deque after reading each value (a copy per value: for small drills, not for big inputs).
  ///
  /// The deque holds indices whose values strictly decrease from front to back. Reading a
  /// value pops the back while the back's value is ≤ the new one, pushes the new index,
  /// then drops the front if it has slid out of the window. The front is the maximum.
  public static func maximaTrace(_ values: [Int], k: Int) -> [WindowMaxState] {
    precondition(k >= 1, "k must be at least 1")
    var deque: [Int] = []
    var front = 0
    var states: [WindowMaxState] = []
    states.reserveCapacity(values.count)
    for (index, value) in values.enumerated() {
      while deque.count > front && values[deque[deque.count - 1]] <= value { deque.removeLast() }
      deque.append(index)
      if deque[front] <= index - k { front += 1 }
      let live = Array(deque[front...])
      states.append(
        WindowMaxState(
          index: index, deque: live, maximum: index >= k - 1 ? values[deque[front]] : nil))
    }
    return states
  }

  /// The sum of every window of `k` consecutive values: add the one in, subtract the one out.
  public static func sums(_ values: [Int], k: Int) -> [Int] {
    guard k >= 1 && k <= values.count else { return [] }
    var sum = values[0..<k].reduce(0, +)
    var result = [sum]
    for index in k..<values.count {
      sum += values[index] - values[index - k]
      result.append(sum)
    }
    return result
  }

  /// The longest run of `items` with no repeats, as the window ending at each index.
  ///
  /// Each window starts just after the last earlier copy of its final item, or where the
  /// previous window started, whichever is later.
  public static func uniqueWindows<Item: Hashable>(_ items: [Item]) -> [Range<Int>] {
    var lastSeen: [Item: Int] = [:]
    var start = 0
    var windows: [Range<Int>] = []
    windows.reserveCapacity(items.count)
    for (index, item) in items.enumerated() {
      if let seen = lastSeen[item], seen >= start { start = seen + 1 }
      lastSeen[item] = index
      windows.append(start..<(index + 1))
    }
    return windows
  }

  /// The length of the longest run of `items` without a repeated item.
  public static func longestUniqueLength<Item: Hashable>(_ items: [Item]) -> Int {
    uniqueWindows(items).map(\.count).max() ?? 0
  }

  /// The shortest window of `items` ending at each index that contains every item of `required`.
  ///
  /// Grow on the right; once every required item is inside, shrink from the left while it
  /// stays covered. `nil` where no window ending there covers the set yet.
  public static func coveringWindows<Item: Hashable>(_ items: [Item], covering required: Set<Item>)
    -> [Range<Int>?]
  {
    precondition(!required.isEmpty, "the set to cover must not be empty")
    var inside: [Item: Int] = [:]
    var missing = required.count
    var start = 0
    var windows: [Range<Int>?] = []
    for (index, item) in items.enumerated() {
      if required.contains(item) {
        inside[item, default: 0] += 1
        if inside[item] == 1 { missing -= 1 }
      }
      guard missing == 0 else {
        windows.append(nil)
        continue
      }
      while true {
        let first = items[start]
        if required.contains(first) {
          if inside[first] == 1 { break }
          inside[first]! -= 1
        }
        start += 1
      }
      windows.append(start..<(index + 1))
    }
    return windows
  }

  /// The shortest window covering `required`, the earliest of equal length; nil if none does.
  public static func minimumWindow<Item: Hashable>(_ items: [Item], covering required: Set<Item>)
    -> Range<Int>?
  {
    var best: Range<Int>?
    for window in coveringWindows(items, covering: required) {
      guard let window else { continue }
      if best == nil || window.count < best!.count { best = window }
    }
    return best
  }

  /// For each query time t, the number of `events` in (t - span, t].
  ///
  /// `events` and `queries` are sorted ascending. Like a Redis sliding-window log: drop
  /// events at or before t - span from the front (ZREMRANGEBYSCORE), count the rest (ZCARD).
  public static func countsInLast(_ span: Int, events: [Int], queries: [Int]) -> [Int] {
    var oldest = 0
    var newest = 0
    return queries.map { time in
      while newest < events.count && events[newest] <= time { newest += 1 }
      while oldest < newest && events[oldest] <= time - span { oldest += 1 }
      return newest - oldest
    }
  }
}
