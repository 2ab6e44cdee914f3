import Foundation

/// A first-in first-out buffer of fixed capacity shared by threads: Go's buffered channel.
///
/// `send` blocks while the buffer is full (back-pressure on the producer) and `receive`
/// blocks while it is empty, as `ch <- v` and `v, ok := <-ch` do in Go; `close` wakes
/// everyone, after which `receive` drains what is left and then returns nil. It is a ring
/// buffer under one lock with a condition variable rather than an `AsyncStream`, because
/// its users are blocking worker threads (hiredis blocks; see DESIGN.md), and a buffered
/// `AsyncStream` drops elements when full instead of making the producer wait.
public final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
  /// How many elements fit before `send` blocks.
  public let capacity: Int
  private let condition = NSCondition()
  private var slots: [Element?]
  private var head = 0
  private var stored = 0
  private var closed = false

  public init(capacity: Int) {
    precondition(capacity > 0, "a channel needs room for at least one element")
    self.capacity = capacity
    slots = Array(repeating: nil, count: capacity)
  }

  /// Appends `element`, waiting while the channel is full; false if it is (or gets) closed.
  @discardableResult
  public func send(_ element: Element) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while stored == capacity && !closed { condition.wait() }
    if closed { return false }
    append(element)
    return true
  }

  /// Appends `element` if there is room now; false if the channel is full or closed.
  public func trySend(_ element: Element) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    if closed || stored == capacity { return false }
    append(element)
    return true
  }

  /// Takes the oldest element, waiting while the channel is empty and open; nil once it is
  /// closed and empty.
  public func receive() -> Element? {
    condition.lock()
    defer { condition.unlock() }
    while stored == 0 && !closed { condition.wait() }
    return stored == 0 ? nil : removeFirst()
  }

  /// Closes the channel: senders fail from now on, receivers drain what is left.
  public func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// Whether `close` was called.
  public var isClosed: Bool {
    condition.lock()
    defer { condition.unlock() }
    return closed
  }

  /// Elements waiting now.
  public var count: Int {
    condition.lock()
    defer { condition.unlock() }
    return stored
  }

  /// Removes and returns everything waiting, oldest first.
  public func drain() -> [Element] {
    condition.lock()
    defer { condition.unlock() }
    var drained: [Element] = []
    while stored > 0 { drained.append(removeFirst()) }
    return drained
  }

  private func append(_ element: Element) {
    slots[(head + stored) % capacity] = element
    stored += 1
    condition.broadcast()
  }

  private func removeFirst() -> Element {
    let element = slots[head]!
    slots[head] = nil
    head = (head + 1) % capacity
    stored -= 1
    condition.broadcast()
    return element
  }
}
