import Foundation

/// Holds threads until a given number have arrived, then releases them all together.
///
/// The stampede demo and tests start C client threads at one barrier so their reads of a
/// cold key overlap instead of trickling in as the threads happen to start. Reusable: after
/// a release the next `parties` arrivals form the next round.
public final class ThreadBarrier: @unchecked Sendable {
  /// How many threads each round waits for.
  public let parties: Int
  private let condition = NSCondition()
  private var arrived = 0
  private var round = 0
  private var broken = false

  public init(parties: Int) {
    precondition(parties > 0, "a barrier needs at least one party")
    self.parties = parties
  }

  /// Waits until `parties` threads (this one included) have called this in the current round.
  public func arriveAndWait() {
    condition.lock()
    defer { condition.unlock() }
    let myRound = round
    arrived += 1
    if arrived == parties {
      arrived = 0
      round += 1
      condition.broadcast()
      return
    }
    while round == myRound { condition.wait() }
  }

  /// Waits as `arriveAndWait` does, but at most `seconds`; false when the round did not
  /// fill in time.
  ///
  /// A round that times out breaks the barrier for good: every thread waiting in it, and
  /// every later arrival, gets false at once, so one party that died cannot hold the others
  /// forever.
  public func arriveAndWait(within seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    condition.lock()
    defer { condition.unlock() }
    if broken { return false }
    let myRound = round
    arrived += 1
    if arrived == parties {
      arrived = 0
      round += 1
      condition.broadcast()
      return true
    }
    while round == myRound && !broken {
      if !condition.wait(until: deadline) {
        broken = true
        condition.broadcast()
      }
    }
    return round != myRound
  }
}

/// Runs blocking client work on threads of its own, one thread per client.
///
/// hiredis calls block their thread; on Swift's cooperative pool (two threads on a two-core
/// machine) a few blocked clients would stall everything else, so each client gets a
/// dedicated thread and, inside it, its own `Connection`.
public enum ClientThreads {
  /// Runs `body(index)` for each index in 0..<count, each on a new thread, and waits for all.
  ///
  /// Returns the results in index order; rethrows the first error by index. Blocks the
  /// calling thread until every client is done.
  public static func run<Result: Sendable>(
    count: Int, _ body: @escaping @Sendable (Int) throws -> Result
  ) throws -> [Result] {
    let outcomes = Locked([Swift.Result<Result, any Error>?](repeating: nil, count: count))
    let group = DispatchGroup()
    for index in 0..<count {
      group.enter()
      let thread = Thread {
        let outcome = Swift.Result { try body(index) }
        outcomes.withLock { $0[index] = outcome }
        group.leave()
      }
      thread.name = "cache-client-\(index)"
      thread.start()
    }
    group.wait()
    return try outcomes.current.map { try $0!.get() }
  }
}
