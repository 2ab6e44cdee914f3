import Demos
import Foundation
import Patterns
import RedisClient
import TutorTestSupport

/// A real redis-server and a manual clock: what the reliable-queue tests start from.
final class JobQueueTestBed: Sendable {
  let server: RedisServerFixture
  let manualClock = ManualDemoClock()

  init(extraArguments: [String] = []) throws {
    server = try RedisServerFixture(extraArguments: extraArguments)
  }

  /// A queue whose time is the manual clock (leases and retries move only when told).
  func manualConfiguration(
    name: String = "emails", lease: Double = 30,
    backoff: BackoffPolicy = BackoffPolicy(base: 1, cap: 8, maxAttempts: 3),
    validatePayload: (@Sendable ([UInt8]) throws -> Void)? = nil
  ) -> QueueConfiguration {
    QueueConfiguration(
      name: name, lease: lease, backoff: backoff, time: .clock(manualClock.clock),
      validatePayload: validatePayload)
  }

  /// A queue over a new connection.
  func queue(_ configuration: QueueConfiguration) throws -> ReliableQueue {
    try ReliableQueue(connection: server.connect(), configuration: configuration)
  }
}

/// Whether attempt `attempt` of job `id` fails: decided by a seed per (job, attempt), so the
/// outcome does not depend on which thread runs the job or when.
func injectedFailure(job id: String, attempt: Int, fraction: Double) -> Bool {
  let seed = UInt64(Int(id) ?? 0) &* 1_000 &+ UInt64(attempt)
  return SeededRandom(seed: seed).nextDouble() < fraction
}

/// The jobs among 1...count whose every attempt fails, so they must end in the DLQ.
func jobsThatAlwaysFail(count: Int, attempts: Int, fraction: Double) -> Set<String> {
  Set(
    (1...count).map(String.init).filter { id in
      (1...attempts).allSatisfy { injectedFailure(job: id, attempt: $0, fraction: fraction) }
    })
}

/// A semaphore-backed gate that holds handler threads until the test opens it.
final class HandlerGate: @unchecked Sendable {
  private let condition = NSCondition()
  private var open = false
  private var waiting = 0

  /// Blocks until `openGate()`.
  func pass() {
    condition.lock()
    waiting += 1
    while !open { condition.wait() }
    waiting -= 1
    condition.unlock()
  }

  /// How many threads are held now.
  var held: Int {
    condition.lock()
    defer { condition.unlock() }
    return waiting
  }

  /// Lets every held (and later) thread through.
  func openGate() {
    condition.lock()
    open = true
    condition.broadcast()
    condition.unlock()
  }
}

/// A value shared between test threads.
final class JobQueueShared<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  init(_ value: Value) { self.value = value }
  func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
