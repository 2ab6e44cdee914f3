import Drills

/// A textbook binary heap written separately from `BinaryHeap`, to check the tracer against.
///
/// Recursive sift-down, array copies everywhere: slow and plain on purpose.
enum TextbookHeap {
  static func above(_ value: Int, _ other: Int, _ order: HeapOrder) -> Bool {
    switch order {
    case .min: value < other
    case .max: value > other
    }
  }

  static func insert(_ value: Int, into heap: [Int], _ order: HeapOrder) -> [Int] {
    var array = heap + [value]
    var child = array.count - 1
    while child > 0, above(array[child], array[(child - 1) / 2], order) {
      array.swapAt(child, (child - 1) / 2)
      child = (child - 1) / 2
    }
    return array
  }

  static func siftDown(_ heap: [Int], at index: Int, _ order: HeapOrder) -> [Int] {
    let left = 2 * index + 1
    let right = 2 * index + 2
    var chosen = index
    if left < heap.count && above(heap[left], heap[chosen], order) { chosen = left }
    if right < heap.count && above(heap[right], heap[chosen], order) { chosen = right }
    guard chosen != index else { return heap }
    var array = heap
    array.swapAt(index, chosen)
    return siftDown(array, at: chosen, order)
  }

  static func pop(_ heap: [Int], _ order: HeapOrder) -> [Int] {
    guard heap.count > 1 else { return [] }
    var array = Array(heap.dropLast())
    array[0] = heap[heap.count - 1]
    return siftDown(array, at: 0, order)
  }

  static func replaceRoot(_ heap: [Int], with value: Int, _ order: HeapOrder) -> [Int] {
    var array = heap
    array[0] = value
    return siftDown(array, at: 0, order)
  }

  /// True when no child is strictly above its parent, within the subtree rooted at `root`.
  static func isHeap(_ array: [Int], _ order: HeapOrder, root: Int = 0) -> Bool {
    for child in [2 * root + 1, 2 * root + 2] where child < array.count {
      if above(array[child], array[root], order) || !isHeap(array, order, root: child) {
        return false
      }
    }
    return true
  }
}
