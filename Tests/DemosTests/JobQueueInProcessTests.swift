import Demos
import Foundation
import Patterns
import Testing
import TutorTestSupport

/// The in-memory queue: a bounded channel, worker threads, retries, and what a crash loses.
@Suite("In-process job queue")
struct JobQueueInProcessTests {
  struct InjectedFailure: Error {}

  @Test func theChannelIsBoundedFirstInFirstOutAndDrainsAfterClose() {
    let channel = BoundedChannel<Int>(capacity: 2)
    #expect(channel.trySend(1) && channel.trySend(2))
    #expect(!channel.trySend(3), "full")
    let sent = JobQueueShared(false)
    let thread = Thread {
      channel.send(3)  // blocks until there is room
      sent.withLock { $0 = true }
    }
    thread.start()
    #expect(channel.receive() == 1)
    #expect(eventually { sent.withLock { $0 } })
    channel.close()
    #expect(!channel.send(4))
    #expect(channel.receive() == 2 && channel.receive() == 3)
    #expect(channel.receive() == nil)
  }

  @Test func everyJobFinishesOrDiesWithRetries() throws {
    let jobs = 150
    let fraction = 0.35
    let queue = try InProcessJobQueue(
      capacity: 16, workers: 4, backoff: BackoffPolicy(base: 0.001, cap: 0.004, maxAttempts: 3),
      random: SeededRandom(seed: 5)
    ) { job in
      if injectedFailure(job: String(job.id), attempt: job.attempt, fraction: fraction) {
        throw InjectedFailure()
      }
    }
    queue.start()
    for index in 1...jobs { #expect(queue.submit("job \(index)") == index) }
    #expect(queue.shutdown(deadline: 30))
    let counts = queue.counts()
    let expectedDead = jobsThatAlwaysFail(count: jobs, attempts: 3, fraction: fraction).count
    #expect(counts.submitted == jobs && counts.dead == expectedDead)
    #expect(counts.done == jobs - expectedDead)
    #expect(counts.buffered == 0 && counts.running == 0 && counts.waitingForRetry == 0)
    #expect(queue.submit("late") == nil)
  }

  @Test func aCrashLosesEveryJobStillInMemory() throws {
    let gate = HandlerGate()
    let queue = try InProcessJobQueue(capacity: 10, workers: 2) { job in
      if job.id > 3 { gate.pass() }
    }
    queue.start()
    for index in 1...3 { queue.submit("quick \(index)") }
    #expect(eventually { queue.counts().done == 3 })
    for index in 4...15 { queue.submit("slow \(index)") }  // 2 running, 10 buffered
    #expect(eventually { gate.held == 2 })
    let report = queue.crash()
    #expect(report.done == 3)
    #expect(report.running.map(\.id) == [4, 5])
    #expect(report.buffered.map(\.id) == Array(6...15))
    #expect(report.lost == 12)
    #expect(queue.counts().running == 0 && queue.counts().buffered == 0)
    gate.openGate()
    #expect(!queue.shutdown(deadline: 10), "waits for the threads; nothing settles after a crash")
    #expect(queue.counts().done == 3, "results after the crash are never recorded")
  }
}
