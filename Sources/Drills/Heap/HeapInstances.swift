import DeterministicRandom

/// A heap and the operations a trace applies to it, in order.
public struct HeapOperationsInstance: Sendable, Equatable {
  /// Min-heap or max-heap.
  public var order: HeapOrder
  /// The array before the first operation (for heapify, not yet a heap).
  public var initial: [Int]
  /// The operations, in order.
  public var operations: [HeapOperation]

  /// Every operation run in turn from `initial`.
  public var steps: [HeapStep] {
    var current = initial
    return operations.map { operation in
      let step: HeapStep
      switch operation {
      case .insert(let value): step = HeapTracer.insert(value, into: current, order: order)
      case .pop: step = HeapTracer.pop(from: current, order: order)
      case .siftDown(let index): step = HeapTracer.siftDown(current, at: index, order: order)
      case .replaceRoot(let value):
        step = HeapTracer.replaceRoot(of: current, with: value, order: order)
      }
      current = step.after
      return step
    }
  }
}

/// Seeded instance generators for the heap drills.
public enum HeapInstances {
  /// A heap of 4 to 7 distinct values and 3 inserts of new values.
  public static func inserts(seed: UInt64) -> HeapOperationsInstance {
    var random = SplitMix64(seed: seed, stream: "heap-insert")
    let order: HeapOrder = random.chance(0.5) ? .min : .max
    let size = random.int(in: 4...7)
    let values = random.distinct(size + 3, from: 1...99)
    return HeapOperationsInstance(
      order: order, initial: heap(of: Array(values.prefix(size)), order: order),
      operations: values.dropFirst(size).map { .insert($0) })
  }

  /// A heap of 7 to 10 distinct values and 3 pops.
  public static func pops(seed: UInt64) -> HeapOperationsInstance {
    var random = SplitMix64(seed: seed, stream: "heap-pop")
    let order: HeapOrder = random.chance(0.5) ? .min : .max
    let values = random.distinct(random.int(in: 7...10), from: 1...99)
    return HeapOperationsInstance(
      order: order, initial: heap(of: values, order: order),
      operations: Array(repeating: .pop, count: 3))
  }

  /// 7 to 10 distinct values that are not yet a heap, and the sift-downs of heapify.
  public static func heapify(seed: UInt64) -> HeapOperationsInstance {
    var random = SplitMix64(seed: seed, stream: "heapify")
    let order: HeapOrder = random.chance(0.5) ? .min : .max
    var values = random.distinct(random.int(in: 7...10), from: 1...99)
    while BinaryHeap(order, unordered: values).satisfiesHeapProperty {
      values = random.shuffled(values)
    }
    let parents = stride(from: values.count / 2 - 1, through: 0, by: -1)
    return HeapOperationsInstance(
      order: order, initial: values, operations: parents.map { .siftDown(index: $0) })
  }

  /// The heap built by inserting `values` one at a time.
  static func heap(of values: [Int], order: HeapOrder) -> [Int] {
    var heap = BinaryHeap<Int>(order)
    for value in values { heap.insert(value) }
    return heap.items
  }
}
