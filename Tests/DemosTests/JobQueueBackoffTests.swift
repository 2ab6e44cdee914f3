import Demos
import Patterns
import Testing

/// Exponential backoff with full jitter: each delay inside its window, windows doubling.
@Suite("Job queue backoff")
struct JobQueueBackoffTests {
  let policy = BackoffPolicy(base: 0.5, cap: 8, maxAttempts: 8)

  @Test func windowsDoubleUpToTheCap() {
    let ceilings = (1...8).map { policy.ceiling(afterFailures: $0) }
    #expect(ceilings == [0.5, 1, 2, 4, 8, 8, 8, 8])
    #expect(policy.ceiling(afterFailures: 500) == 8)
  }

  @Test func everyDelayLiesWithinItsJitterWindow() {
    for seed in UInt64(1)...200 {
      let random = SeededRandom(seed: seed)
      for failures in 1...10 {
        let delay = policy.delay(afterFailures: failures, random: random)
        #expect(delay >= 0 && delay <= policy.ceiling(afterFailures: failures))
      }
    }
  }

  @Test func fullJitterSpreadsOverTheWholeWindow() {
    let random = SeededRandom(seed: 7)
    let delays = (0..<2_000).map { _ in policy.delay(afterFailures: 4, random: random) }
    #expect(delays.min()! < 0.2)
    #expect(delays.max()! > 3.8)
    let mean = delays.reduce(0, +) / Double(delays.count)
    #expect(abs(mean - 2) < 0.2)
  }

  @Test func scheduleShowsEachRetryAndRepeatsWithTheSeed() {
    let schedule = policy.schedule(random: SeededRandom(seed: 3))
    #expect(schedule.count == 7)
    #expect(schedule.map(\.failedAttempt) == Array(1...7))
    #expect(schedule.map(\.ceiling) == [0.5, 1, 2, 4, 8, 8, 8])
    #expect(schedule.allSatisfy { $0.delay >= 0 && $0.delay <= $0.ceiling })
    #expect(schedule == policy.schedule(random: SeededRandom(seed: 3)))
    #expect(BackoffPolicy(maxAttempts: 1).schedule(random: SeededRandom(seed: 1)).isEmpty)
  }

  @Test func impossiblePoliciesAreRefused() {
    #expect(throws: JobQueueError.self) { try BackoffPolicy(base: 0).validate() }
    #expect(throws: JobQueueError.self) { try BackoffPolicy(base: 2, cap: 1).validate() }
    #expect(throws: JobQueueError.self) { try BackoffPolicy(maxAttempts: 0).validate() }
    #expect(throws: Never.self) { try policy.validate() }
  }
}
