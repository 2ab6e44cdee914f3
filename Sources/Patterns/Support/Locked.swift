import Foundation

/// A value shared between threads, reached only while holding its lock.
///
/// The cache clients run on threads of their own (hiredis blocks), so shared state is guarded
/// by a plain lock rather than an actor: an actor would need async hops from blocking code.
public final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  public init(_ value: Value) { self.value = value }

  /// Runs `body` with exclusive access to the value.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }

  /// A copy of the value.
  public var current: Value { withLock { $0 } }
}
