/// Which end of a binary heap sits at the root: the smallest value (min-heap) or the largest.
public enum HeapOrder: String, Sendable, CaseIterable {
  /// The root is the smallest value; a child is never smaller than its parent.
  case min
  /// The root is the largest value; a child is never larger than its parent.
  case max

  /// True when `value` belongs above `other` in this heap (strictly: equal values never swap).
  public func ranksFirst(_ value: Int, _ other: Int) -> Bool {
    self == .min ? value < other : value > other
  }

  /// "min-heap" or "max-heap".
  public var heapName: String { "\(rawValue)-heap" }

  /// "smaller" for a min-heap, "larger" for a max-heap.
  var comparative: String { self == .min ? "smaller" : "larger" }
}
