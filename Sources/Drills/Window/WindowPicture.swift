/// A window drawn over a sequence: brackets around the window, then what it holds.
public enum WindowPicture {
  /// The values with the window bracketed, and the deque and maximum below.
  ///
  /// ```
  /// 3 1 [4 1 5] 9 2 6
  /// window 2..4, max 5
  /// deque (front first): 5
  /// ```
  public static func maximum(_ values: [Int], k: Int, state: WindowMaxState) -> String {
    let start = max(0, state.index - k + 1)
    let window = ArrayPicture.window(values.map(String.init), start...state.index)
    let summary =
      state.maximum.map { "window \(start)..\(state.index), max \($0)" }
      ?? "window \(start)..\(state.index), still filling (\(state.index - start + 1) of \(k))"
    let deque = state.deque.map { String(values[$0]) }.joined(separator: " ")
    return "\(window)\n\(summary)\ndeque (front first): \(deque)"
  }

  /// The values with the window bracketed and its sum.
  public static func sum(_ values: [Int], window: ClosedRange<Int>, sum: Int) -> String {
    let line = ArrayPicture.window(values.map(String.init), window)
    return "\(line)\nwindow \(window.lowerBound)..\(window.upperBound), sum \(sum)"
  }

  /// The characters spaced out with the window bracketed, and the window as a string.
  ///
  /// ```
  /// a b [c a b] c b b
  /// window 2..4 "cab", length 3
  /// ```
  public static func text(_ characters: [Character], window: Range<Int>?) -> String {
    let items = characters.map { String($0) }
    guard let window, !window.isEmpty else {
      return ArrayPicture.window(items, nil) + "\nno window"
    }
    let line = ArrayPicture.window(items, window.lowerBound...(window.upperBound - 1))
    let substring = String(characters[window])
    let span = "\(window.lowerBound)..\(window.upperBound - 1)"
    return "\(line)\nwindow \(span) \"\(substring)\", length \(window.count)"
  }

  /// The event times with those in (time - span, time] bracketed, and their count.
  ///
  /// ```
  /// 1 4 [15 17 22] 30
  /// t = 23, window (13, 23]: 3 events
  /// ```
  public static func events(_ events: [Int], span: Int, time: Int) -> String {
    let inside = events.indices.filter { events[$0] > time - span && events[$0] <= time }
    let items = events.map(String.init)
    let line =
      inside.isEmpty
      ? ArrayPicture.window(items, nil) : ArrayPicture.window(items, inside.first!...inside.last!)
    let noun = inside.count == 1 ? "event" : "events"
    return "\(line)\nt = \(time), window (\(time - span), \(time)]: \(inside.count) \(noun)"
  }
}
