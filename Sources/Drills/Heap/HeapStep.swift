/// One operation on an integer heap, as the tracer records it.
public enum HeapOperation: Sendable, Equatable {
  /// Append the value and sift it up.
  case insert(Int)
  /// Remove the root; the last value moves to the root and sifts down.
  case pop
  /// Sift down the value at this index (one step of heapify).
  case siftDown(index: Int)
  /// Overwrite the root with the value and sift it down (keeping the k largest).
  case replaceRoot(Int)
}

/// What one heap operation did: the arrays before, when sifting starts, and after, with the swaps.
public struct HeapStep: Sendable, Equatable {
  /// The operation.
  public var operation: HeapOperation
  /// Min-heap or max-heap.
  public var order: HeapOrder
  /// The array before the operation.
  public var before: [Int]
  /// The array when sifting starts: after the append, or with the last value moved to the root.
  public var start: [Int]
  /// The swaps, in the order they happen.
  public var swaps: [HeapSwap]
  /// The array after the operation.
  public var after: [Int]
  /// The value a pop removed, or the root a replacement overwrote.
  public var removed: Int?
}

/// Runs heap operations on integer arrays and records each one as a `HeapStep`.
public enum HeapTracer {
  /// Inserts `value` into the heap `items`.
  public static func insert(_ value: Int, into items: [Int], order: HeapOrder) -> HeapStep {
    var heap = BinaryHeap(order, unordered: items)
    let swaps = heap.insert(value)
    return HeapStep(
      operation: .insert(value), order: order, before: items, start: items + [value],
      swaps: swaps, after: heap.items, removed: nil)
  }

  /// Pops the root of the heap `items`, which must not be empty.
  public static func pop(from items: [Int], order: HeapOrder) -> HeapStep {
    var heap = BinaryHeap(order, unordered: items)
    let (root, swaps) = heap.popFirst()!
    let start = items.count > 1 ? [items[items.count - 1]] + items[1..<(items.count - 1)] : []
    return HeapStep(
      operation: .pop, order: order, before: items, start: start, swaps: swaps,
      after: heap.items, removed: root)
  }

  /// Sifts down the value at `index` of `items`.
  public static func siftDown(_ items: [Int], at index: Int, order: HeapOrder) -> HeapStep {
    var heap = BinaryHeap(order, unordered: items)
    let swaps = heap.siftDown(from: index)
    return HeapStep(
      operation: .siftDown(index: index), order: order, before: items, start: items,
      swaps: swaps, after: heap.items, removed: nil)
  }

  /// Replaces the root of the heap `items` (not empty) with `value` and sifts it down.
  public static func replaceRoot(of items: [Int], with value: Int, order: HeapOrder) -> HeapStep {
    var heap = BinaryHeap(order, unordered: items)
    let swaps = heap.replaceFirst(with: value)
    var start = items
    start[0] = value
    return HeapStep(
      operation: .replaceRoot(value), order: order, before: items, start: start, swaps: swaps,
      after: heap.items, removed: items[0])
  }

  /// Bottom-up heapify of `items`: one sift-down per parent, last parent first.
  public static func heapify(_ items: [Int], order: HeapOrder) -> [HeapStep] {
    var steps: [HeapStep] = []
    var current = items
    var index = items.count / 2 - 1
    while index >= 0 {
      let step = siftDown(current, at: index, order: order)
      steps.append(step)
      current = step.after
      index -= 1
    }
    return steps
  }
}
