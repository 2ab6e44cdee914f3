/// A parent and child exchanged during sift-up or sift-down, by array index.
public struct HeapSwap: Sendable, Hashable {
  /// The parent's index (the smaller of the two).
  public var parent: Int
  /// The child's index: `2 * parent + 1` or `2 * parent + 2`.
  public var child: Int

  /// The swap of the cells at `parent` and `child`.
  public init(parent: Int, child: Int) {
    self.parent = parent
    self.child = child
  }
}

/// An array-backed binary heap that reports the swaps each operation makes.
///
/// The children of index `i` live at `2i + 1` and `2i + 2`. Sift-up swaps while the value
/// ranks strictly before its parent; sift-down swaps with the child that ranks first (the
/// left one when they tie) while that child ranks strictly before the value. These are the
/// textbook rules that Go's `container/heap` and Python's `heapq` follow too.
public struct BinaryHeap<Element: Sendable>: Sendable {
  /// The heap's array, root first.
  public private(set) var items: [Element]
  private let ranksFirst: @Sendable (Element, Element) -> Bool

  /// An empty heap where `ranksFirst(a, b)` means `a` belongs above `b`.
  public init(ranksFirst: @escaping @Sendable (Element, Element) -> Bool) {
    self.items = []
    self.ranksFirst = ranksFirst
  }

  /// A heap over `items` exactly as given, not yet heapified; see `siftDown(from:)`.
  public init(
    unordered items: [Element], ranksFirst: @escaping @Sendable (Element, Element) -> Bool
  ) {
    self.items = items
    self.ranksFirst = ranksFirst
  }

  /// The number of elements.
  public var count: Int { items.count }

  /// True when the heap holds nothing.
  public var isEmpty: Bool { items.isEmpty }

  /// The root, which ranks before every other element.
  public var first: Element? { items.first }

  /// True when no child ranks strictly before its parent.
  public var satisfiesHeapProperty: Bool {
    items.indices.dropFirst().allSatisfy { !ranksFirst(items[$0], items[($0 - 1) / 2]) }
  }

  /// Appends `element` and sifts it up; returns the swaps, bottom first.
  @discardableResult
  public mutating func insert(_ element: Element) -> [HeapSwap] {
    items.append(element)
    return siftUp(from: items.count - 1)
  }

  /// Removes the root: the last element moves to the root and sifts down.
  @discardableResult
  public mutating func popFirst() -> (element: Element, swaps: [HeapSwap])? {
    guard let root = items.first else { return nil }
    let last = items.removeLast()
    guard !items.isEmpty else { return (root, []) }
    items[0] = last
    return (root, siftDown(from: 0))
  }

  /// Puts `element` at the root in place of the old root, then sifts it down.
  ///
  /// One sift instead of a pop and a push: how a size-k heap keeps the k largest.
  @discardableResult
  public mutating func replaceFirst(with element: Element) -> [HeapSwap] {
    guard !items.isEmpty else { return insert(element) }
    items[0] = element
    return siftDown(from: 0)
  }

  /// Moves the element at `index` up while it ranks before its parent.
  @discardableResult
  public mutating func siftUp(from index: Int) -> [HeapSwap] {
    var swaps: [HeapSwap] = []
    var child = index
    while child > 0 {
      let parent = (child - 1) / 2
      guard ranksFirst(items[child], items[parent]) else { break }
      items.swapAt(child, parent)
      swaps.append(HeapSwap(parent: parent, child: child))
      child = parent
    }
    return swaps
  }

  /// Moves the element at `index` down while a child ranks before it.
  @discardableResult
  public mutating func siftDown(from index: Int) -> [HeapSwap] {
    var swaps: [HeapSwap] = []
    var parent = index
    while true {
      let left = 2 * parent + 1
      guard left < items.count else { break }
      let right = left + 1
      var best = left
      if right < items.count && ranksFirst(items[right], items[left]) { best = right }
      guard ranksFirst(items[best], items[parent]) else { break }
      items.swapAt(best, parent)
      swaps.append(HeapSwap(parent: parent, child: best))
      parent = best
    }
    return swaps
  }

  /// Sifts down every parent from the last one to the root: an O(n) heapify.
  public mutating func heapify() {
    var index = items.count / 2 - 1
    while index >= 0 {
      siftDown(from: index)
      index -= 1
    }
  }
}

extension BinaryHeap where Element == Int {
  /// An integer heap ordered by `order`, over `items` as given (call `heapify()` if needed).
  public init(_ order: HeapOrder, unordered items: [Int] = []) {
    self.init(unordered: items, ranksFirst: { order.ranksFirst($0, $1) })
  }
}
