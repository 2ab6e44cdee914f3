import Foundation

/// A one-way "stop now" flag that threads can wait on: set by a signal handler, a shell
/// command or a test.
public final class StopSignal: @unchecked Sendable {
  private let condition = NSCondition()
  private var triggered = false

  public init() {}

  /// Sets the flag and wakes every waiter; later calls do nothing.
  public func trigger() {
    condition.lock()
    triggered = true
    condition.broadcast()
    condition.unlock()
  }

  /// Whether `trigger` was called.
  public var isTriggered: Bool {
    condition.lock()
    defer { condition.unlock() }
    return triggered
  }

  /// Waits until triggered.
  public func wait() {
    condition.lock()
    while !triggered { condition.wait() }
    condition.unlock()
  }
}
