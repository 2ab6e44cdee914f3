/// A fixed-capacity FIFO queue in an array whose ends wrap around.
///
/// `head` is the index of the front value; `tail` is where the next value goes,
/// `(head + count) % capacity`. `head == tail` both when empty and when full, which is why
/// the count is kept too.
public struct CircularBuffer: Sendable, Equatable {
  /// The number of slots.
  public let capacity: Int
  /// The slots; `nil` where nothing is stored.
  public private(set) var slots: [Int?]
  /// The index of the front value.
  public private(set) var head = 0
  /// The number of values stored.
  public private(set) var count = 0

  /// An empty buffer of `capacity` slots (at least 1).
  public init(capacity: Int) {
    precondition(capacity >= 1, "capacity must be at least 1")
    self.capacity = capacity
    slots = Array(repeating: nil, count: capacity)
  }

  /// Where the next value goes.
  public var tail: Int { (head + count) % capacity }

  /// True when nothing is stored.
  public var isEmpty: Bool { count == 0 }

  /// True when every slot is used.
  public var isFull: Bool { count == capacity }

  /// Stores `value` at the tail; false (and no change) when full.
  @discardableResult
  public mutating func enqueue(_ value: Int) -> Bool {
    guard !isFull else { return false }
    slots[tail] = value
    count += 1
    return true
  }

  /// Removes and returns the front value; nil when empty.
  public mutating func dequeue() -> Int? {
    guard let value = slots[head], count > 0 else { return nil }
    slots[head] = nil
    head = (head + 1) % capacity
    count -= 1
    return value
  }

  /// The stored values, front first.
  public var contents: [Int] {
    (0..<count).map { slots[(head + $0) % capacity]! }
  }
}

/// One call on a circular buffer.
public enum BufferOperation: Sendable, Equatable {
  /// Add a value at the tail.
  case enqueue(Int)
  /// Take the value at the head.
  case dequeue
}
