/// Slow, obviously-correct answers to the heap problems, to test the references against.
public enum HeapBruteForce {
  /// Sort descending and index.
  public static func kthLargest(_ values: [Int], k: Int) -> Int {
    values.sorted(by: >)[k - 1]
  }

  /// Count by scanning, sort every distinct value by (count desc, value asc), take k.
  public static func topKFrequent(_ values: [Int], k: Int) -> [Int] {
    let distinct = Array(Set(values))
    let counted = distinct.map { value in (value, values.filter { $0 == value }.count) }
    let ranked = counted.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    return Array(ranked.prefix(k).map(\.0))
  }

  /// Concatenate and sort.
  public static func mergeKSorted(_ lists: [[Int]]) -> [Int] {
    lists.flatMap { $0 }.sorted()
  }

  /// Repeatedly choose the next index by scanning every task not yet run: O(n²).
  public static func runOrder(_ tasks: [ScheduledTask]) -> [Int] {
    var done = Array(repeating: false, count: tasks.count)
    var order: [Int] = []
    var now = 0
    while order.count < tasks.count {
      var chosen: Int?
      for index in tasks.indices where !done[index] && tasks[index].arrival <= now {
        let task = tasks[index]
        if let best = chosen {
          let current = tasks[best]
          if (task.priority, task.arrival, index) < (current.priority, current.arrival, best) {
            chosen = index
          }
        } else {
          chosen = index
        }
      }
      if let chosen {
        done[chosen] = true
        order.append(chosen)
        now += tasks[chosen].duration
      } else {
        now = tasks.indices.filter { !done[$0] }.map { tasks[$0].arrival }.min()!
      }
    }
    return order
  }

  /// Every value popped from a heap comes out in sorted order: the heap's contract.
  public static func popOrder(_ values: [Int], order: HeapOrder) -> [Int] {
    order == .min ? values.sorted() : values.sorted(by: >)
  }
}
