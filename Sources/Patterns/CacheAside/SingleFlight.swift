import Foundation

/// Collapses concurrent calls for the same key in one process into one call.
///
/// The Swift counterpart of Go's `golang.org/x/sync/singleflight`: the first caller for a
/// key runs the work; callers that arrive while it runs wait on that call's condition and
/// get its result (or its error). It only protects one process: N processes still make N
/// calls, which is what the two-process stampede demo shows. Share one `SingleFlight`
/// between all the client threads of a process.
public final class SingleFlight: @unchecked Sendable {
  /// One call in progress, with the condition its waiters sleep on.
  private final class Call {
    let condition = NSCondition()
    var result: Result<Any, any Error>?
  }

  // Guards `calls` only; each call's result is guarded by its own condition so waiters on
  // one key never block callers of another.
  private let lock = NSLock()
  private var calls: [String: Call] = [:]

  public init() {}

  /// Runs `work` for `key`, or waits for the call already running for it.
  ///
  /// - Parameter onWait: called (before waiting) when this caller joins a running call,
  ///   so counters can tell waiters from loaders.
  /// - Returns: the result, and whether it was shared from another caller's run.
  public func run<Value: Sendable>(
    key: String, onWait: () -> Void = {}, _ work: () throws -> Value
  ) throws -> (value: Value, shared: Bool) {
    lock.lock()
    if let call = calls[key] {
      lock.unlock()
      onWait()
      call.condition.lock()
      while call.result == nil { call.condition.wait() }
      let result = call.result!
      call.condition.unlock()
      return (try result.get() as! Value, true)
    }
    let call = Call()
    calls[key] = call
    lock.unlock()

    let result = Result<Any, any Error> { try work() }
    // Forget the call before publishing its result: a caller arriving from now on misses
    // the finished call and starts a fresh one, as in Go's singleflight.
    lock.lock()
    calls[key] = nil
    lock.unlock()
    call.condition.lock()
    call.result = result
    call.condition.broadcast()
    call.condition.unlock()
    return (try result.get() as! Value, false)
  }

  /// How many keys have a call running now.
  public var callsInFlight: Int {
    lock.lock()
    defer { lock.unlock() }
    return calls.count
  }
}
