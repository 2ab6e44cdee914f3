import Foundation
import RedisClient

/// A few dedicated threads, each owning one Redis session, that run blocking work for async
/// callers.
///
/// hiredis blocks its thread, and on a 2-core machine Swift's cooperative pool has two
/// threads: a request handler that called Redis there would stall every other task. So
/// handlers `await run { session in … }` instead: the closure runs on one of these threads
/// with that thread's own session (its own connection), and the caller's continuation is
/// resumed from there. Each thread makes its session when it starts; a session connects
/// lazily, so the pool starts and keeps serving while Redis is away.
public final class RedisThreadPool<Session>: @unchecked Sendable {
  /// One unit of work: runs on a pool thread with that thread's session.
  private typealias Work = (Session) -> Void

  private let condition = NSCondition()
  private var queue: [Work] = []
  private var stopping = false
  private let finished = DispatchGroup()
  /// The number of threads.
  public let count: Int

  /// Starts `count` threads named `name-1`…, each with the session `makeSession` builds.
  public init(count: Int, name: String, makeSession: @escaping @Sendable () -> Session) {
    self.count = max(1, count)
    for index in 1...self.count {
      finished.enter()
      let thread = Thread { [self] in
        // The session lives and dies on this thread; its connections close with it.
        let session = makeSession()
        while let work = self.next() { work(session) }
        withExtendedLifetime(session) {}
        self.finished.leave()
      }
      thread.name = "\(name)-\(index)"
      thread.start()
    }
  }

  /// Runs `body` on a pool thread with that thread's session and returns its result.
  ///
  /// Throws `CancellationError` when the pool has been shut down.
  public func run<Value: Sendable>(
    _ body: @escaping @Sendable (Session) throws -> Value
  ) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      let work: Work = { session in continuation.resume(with: Result { try body(session) }) }
      condition.lock()
      if stopping {
        condition.unlock()
        continuation.resume(throwing: CancellationError())
        return
      }
      queue.append(work)
      condition.signal()
      condition.unlock()
    }
  }

  /// Lets queued work finish, then stops the threads and closes their connections.
  ///
  /// Blocks until every thread has stopped; call it from a thread of your own.
  public func shutdown() {
    condition.lock()
    stopping = true
    condition.broadcast()
    condition.unlock()
    finished.wait()
  }

  private func next() -> Work? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !stopping { condition.wait() }
    return queue.isEmpty ? nil : queue.removeFirst()
  }
}

/// Runs blocking work on a new thread and waits for it without holding a cooperative thread.
func onDedicatedThread<Value: Sendable>(
  named name: String, _ body: @escaping @Sendable () -> Value
) async -> Value {
  await withCheckedContinuation { continuation in
    let thread = Thread { continuation.resume(returning: body()) }
    thread.name = name
    thread.start()
  }
}
