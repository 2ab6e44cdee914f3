/// Reference solutions of the heap problems, each in O(n log k) or better.
public enum HeapAlgorithms {
  /// The k-th largest of `values` counting duplicates (1 ≤ k ≤ count), with a size-k min-heap.
  ///
  /// The heap keeps the k largest seen so far; its root is the smallest of them.
  public static func kthLargest(_ values: [Int], k: Int) -> Int {
    precondition(k >= 1 && k <= values.count, "k must be in 1...values.count")
    var heap = BinaryHeap<Int>(.min)
    for value in values {
      if heap.count < k {
        heap.insert(value)
      } else if value > heap.first! {
        heap.replaceFirst(with: value)
      }
    }
    return heap.first!
  }

  /// The `k` most frequent values, most frequent first; equal counts put the smaller value first.
  ///
  /// A size-k heap whose root is the weakest kept value: the lowest count, and among equal
  /// counts the largest value. `k` is at most the number of distinct values.
  public static func topKFrequent(_ values: [Int], k: Int) -> [Int] {
    var counts: [Int: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    precondition(k >= 0 && k <= counts.count, "k must be at most the number of distinct values")
    var heap = BinaryHeap<FrequentValue> { weaker, stronger in weaker.isWeaker(than: stronger) }
    for (value, count) in counts {
      let candidate = FrequentValue(value: value, count: count)
      if heap.count < k {
        heap.insert(candidate)
      } else if let weakest = heap.first, weakest.isWeaker(than: candidate) {
        heap.replaceFirst(with: candidate)
      }
    }
    var weakestFirst: [Int] = []
    while let kept = heap.popFirst()?.element { weakestFirst.append(kept.value) }
    return weakestFirst.reversed()
  }

  /// All values of the sorted `lists`, merged in order with a heap of the lists' heads.
  ///
  /// Equal heads come out of the lower-numbered list first.
  public static func mergeKSorted(_ lists: [[Int]]) -> [Int] {
    var heap = BinaryHeap<ListHead> { $0.ranks(before: $1) }
    for (list, values) in lists.enumerated() where !values.isEmpty {
      heap.insert(ListHead(value: values[0], list: list, position: 0))
    }
    var merged: [Int] = []
    merged.reserveCapacity(lists.reduce(0) { $0 + $1.count })
    while let head = heap.popFirst()?.element {
      merged.append(head.value)
      let next = head.position + 1
      if next < lists[head.list].count {
        heap.insert(ListHead(value: lists[head.list][next], list: head.list, position: next))
      }
    }
    return merged
  }

  /// A distinct value and how often it occurs.
  struct FrequentValue: Sendable {
    var value: Int
    var count: Int

    /// Lower count, or equal count and larger value: the first to drop from a top-k.
    func isWeaker(than other: FrequentValue) -> Bool {
      count != other.count ? count < other.count : value > other.value
    }
  }

  /// The next unmerged value of one list.
  struct ListHead: Sendable {
    var value: Int
    var list: Int
    var position: Int

    func ranks(before other: ListHead) -> Bool {
      value != other.value ? value < other.value : list < other.list
    }
  }
}
