import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// The reliable queue against a real redis-server, with time on a manual clock.
@Suite("Reliable job queue")
struct JobQueueReliableTests {
  let bed: JobQueueTestBed
  init() throws { bed = try JobQueueTestBed() }

  private var now: Double { bed.manualClock.now }

  @Test func enqueueLeaseAckUsesTheDocumentedKeys() throws {
    let configuration = bed.manualConfiguration()
    let queue = try bed.queue(configuration)
    let id = try queue.enqueue(#"{"hello":"world"}"#)
    #expect(id == "1")
    let keys = configuration.keys
    #expect(keys.pending == "rt:demo:queue:{emails}:pending")
    #expect(
      try queue.keys.existingKeys(using: queue.connection)
        == [keys.job(id), keys.pending, keys.sequence].sorted())

    let jobs = try queue.dequeue(worker: "w1")
    #expect(jobs.count == 1)
    let job = try #require(jobs.first)
    #expect(job.id == id && job.attempt == 1 && job.delivery == 1 && job.worker == "w1")
    #expect(job.payloadText == #"{"hello":"world"}"#)
    #expect(job.startedAt == now && job.leaseExpiresAt == now + 30)
    let leased = try #require(try queue.job(id))
    #expect(leased.state == .active && leased.worker == "w1" && leased.leaseExpiresAt == now + 30)
    #expect(
      try queue.stats()
        == QueueStats(pending: 0, active: 1, retry: 0, dead: 0, done: 0, enqueued: 1))

    #expect(try queue.ack(job))
    #expect(try queue.ack(job), "a repeated ack (after a lost reply) is harmless")
    #expect(
      try queue.stats()
        == QueueStats(pending: 0, active: 0, retry: 0, dead: 0, done: 1, enqueued: 1))
    #expect(try queue.job(id)?.state == .done)
    #expect(try queue.dequeue(worker: "w1").isEmpty)
  }

  @Test func malformedPayloadIsRejectedAndNothingWritten() throws {
    let queue = try bed.queue(bed.manualConfiguration(validatePayload: EmailJob.validatePayload))
    let good = try EmailJob(
      to: "ada@example.com", subject: "Hi", body: "b", idempotencyKey: "k1"
    ).payload()
    let bad: [(String, String)] = [
      (
        "{\"to\":\"nobody\",\"subject\":\"s\",\"body\":\"b\",\"idempotencyKey\":\"k\"}",
        "exactly one @"
      ),
      ("{\"to\":\"a@b.co\"}", "missing field"),
      ("<xml/>", "not a JSON object"),
      ("", "the payload is empty"),
    ]
    for (payload, expected) in bad {
      do {
        try queue.enqueue(payload)
        Issue.record("accepted \(payload)")
      } catch let JobQueueError.invalidPayload(reason) {
        #expect(reason.contains(expected), "\(payload): \(reason)")
      }
    }
    do {
      try queue.enqueueBatch([good, Array("nope".utf8), good])
      Issue.record("accepted a batch with a bad payload")
    } catch let error as JobQueueError {
      #expect(error.description.hasPrefix("Job payload rejected: payload 2 of 3:"))
    }
    #expect(try queue.keys.existingKeys(using: queue.connection).isEmpty)
    #expect(try queue.enqueue(good) == "1")
  }

  @Test func anExpiredLeaseBringsTheJobBackAndFencesTheOldWorker() throws {
    let queue = try bed.queue(bed.manualConfiguration(lease: 30))
    try queue.enqueue("job")
    let first = try #require(try queue.dequeue(worker: "w1").first)

    bed.manualClock.advance(by: 29.9)
    #expect(try queue.reapExpiredLeases().isEmpty)
    bed.manualClock.advance(by: 0.2)
    let reaped = try queue.reapExpiredLeases()
    #expect(reaped == [ReapedJob(id: first.id, worker: "w1", outcome: .requeued, attempts: 1)])
    #expect(try queue.stats().pending == 1)
    #expect(try queue.job(first.id)?.lastError == "lease expired: worker w1 stopped or hung")

    let second = try #require(try queue.dequeue(worker: "w2").first)
    #expect(second.id == first.id && second.attempt == 2 && second.delivery == 2)
    #expect(try queue.ack(first) == false, "the first worker's lease is gone")
    #expect(try queue.fail(first, error: "late", delay: 0) == .leaseLost)
    #expect(try queue.release(first) == false)
    #expect(try queue.ack(second))
    #expect(
      try queue.stats()
        == QueueStats(pending: 0, active: 0, retry: 0, dead: 0, done: 1, enqueued: 1))
  }

  @Test func failuresRetryAfterJitteredBackoffThenDie() throws {
    let backoff = BackoffPolicy(base: 1, cap: 8, maxAttempts: 3)
    let queue = try bed.queue(bed.manualConfiguration(backoff: backoff))
    let random = SeededRandom(seed: 42)
    let id = try queue.enqueue("flaky")
    for attempt in 1...2 {
      let job = try #require(try queue.dequeue(worker: "w1").first)
      #expect(job.attempt == attempt)
      guard
        case .retry(let runAt, let delay) = try queue.fail(
          job, error: "boom \(attempt)", random: random)
      else {
        Issue.record("attempt \(attempt) was not scheduled for a retry")
        return
      }
      #expect(delay >= 0 && delay <= backoff.ceiling(afterFailures: attempt))
      #expect(abs(runAt - (now + delay)) < 0.001)
      #expect(try queue.stats().retry == 1)
      #expect(try queue.job(id)?.runAt == runAt)

      bed.manualClock.set(runAt - 0.01)
      #expect(try queue.promoteDueRetries().isEmpty)
      #expect(try queue.dequeue(worker: "w1").isEmpty)
      bed.manualClock.set(runAt)
      #expect(try queue.promoteDueRetries() == [id])
    }
    let last = try #require(try queue.dequeue(worker: "w1").first)
    #expect(last.attempt == 3)
    #expect(try queue.fail(last, error: "boom 3", random: random) == .dead)
    let dead = try queue.deadJobs()
    #expect(dead.map(\.id) == [id])
    #expect(dead.first?.attempts == 3 && dead.first?.lastError == "boom 3")
    #expect(
      try queue.stats()
        == QueueStats(pending: 0, active: 0, retry: 0, dead: 1, done: 0, enqueued: 1))
  }

  @Test func aPermanentFailureSkipsTheRetries() throws {
    let queue = try bed.queue(bed.manualConfiguration())
    try queue.enqueue("undecodable")
    let job = try #require(try queue.dequeue(worker: "w1").first)
    #expect(try queue.fail(job, error: "bad payload", delay: 5, permanent: true) == .dead)
    #expect(try queue.stats().dead == 1)
  }

  @Test func deadLettersCanBeListedInspectedAndRequeued() throws {
    let queue = try bed.queue(bed.manualConfiguration(backoff: BackoffPolicy(maxAttempts: 1)))
    let ids = try queue.enqueueBatch((1...3).map { Array("job \($0)".utf8) })
    #expect(ids == ["1", "2", "3"])
    for _ in ids {
      let job = try #require(try queue.dequeue(worker: "w1").first)
      bed.manualClock.advance(by: 1)
      #expect(try queue.fail(job, error: "no such user \(job.id)", delay: 0) == .dead)
    }
    let dead = try queue.deadJobs()
    #expect(dead.map(\.id) == ids)
    #expect(dead.map(\.payloadText) == ["job 1", "job 2", "job 3"])
    #expect(dead.allSatisfy { $0.state == .dead && $0.lastError == "no such user \($0.id)" })

    try queue.requeueDead("2")
    #expect(
      try queue.stats()
        == QueueStats(pending: 1, active: 0, retry: 0, dead: 2, done: 0, enqueued: 3))
    let record = try #require(try queue.job("2"))
    #expect(record.state == .pending && record.attempts == 0 && record.requeues == 1)
    #expect(record.lastError == "no such user 2", "the history stays")
    #expect(throws: JobQueueError.jobNotFound("99")) { try queue.requeueDead("99") }
    #expect(throws: JobQueueError.notDead("2", state: "pending")) { try queue.requeueDead("2") }

    #expect(try queue.requeueAllDead() == ["1", "3"])
    #expect(try queue.stats().pending == 3)
    let again = try queue.dequeue(worker: "w1", count: 3)
    #expect(again.map(\.id) == ["2", "1", "3"])
    #expect(again.allSatisfy { $0.attempt == 1 })
  }

  @Test func batchesAreFirstInFirstOutAndAcknowledgedInOnePipeline() throws {
    let queue = try bed.queue(bed.manualConfiguration())
    let ids = try queue.enqueueBatch((1...10).map { Array("p\($0)".utf8) })
    #expect(ids == (1...10).map { JobID(String($0)) })
    let batch = try queue.dequeue(worker: "w1", count: 4)
    #expect(batch.map(\.id) == Array(ids[0..<4]))
    #expect(try queue.ack(batch) == [true, true, true, true])
    #expect(
      try queue.stats()
        == QueueStats(pending: 6, active: 0, retry: 0, dead: 0, done: 4, enqueued: 10))
  }

  @Test func aReleasedJobGoesToTheFrontWithoutUsingAnAttempt() throws {
    let queue = try bed.queue(bed.manualConfiguration())
    try queue.enqueueBatch([Array("a".utf8), Array("b".utf8)])
    let job = try #require(try queue.dequeue(worker: "w1").first)
    #expect(try queue.release(job))
    let again = try #require(try queue.dequeue(worker: "w2").first)
    #expect(again.id == job.id && again.attempt == 1 && again.delivery == 2)
  }

  @Test func brpopLosesTheJobOfADeadWorkerTheReliableQueueDoesNot() throws {
    let configuration = bed.manualConfiguration(lease: 5)
    let producer = try bed.queue(configuration)

    try producer.enqueue("plain")
    let naive = try UnreliableConsumer(
      connection: bed.server.connect(), configuration: configuration)
    let taken = try #require(try naive.take(timeout: 1))
    #expect(taken.payload == Array("plain".utf8))
    naive.connection.close()  // the worker dies before finishing
    #expect(try producer.stats().unaccounted == 1, "BRPOP: the job is in no list and never done")

    try producer.enqueue("reliable")
    let dying = try bed.queue(configuration)
    let held = try #require(try dying.dequeue(worker: "doomed").first)
    dying.connection.close()  // dies mid-job, never acknowledges
    #expect(try producer.stats().active == 1)
    bed.manualClock.advance(by: 5)
    #expect(try producer.reapExpiredLeases().map(\.id) == [held.id])
    let survivor = try bed.queue(configuration)
    let again = try #require(try survivor.dequeue(worker: "survivor").first)
    #expect(again.id == held.id && again.attempt == 2)
    #expect(try survivor.ack(again))
    let stats = try producer.stats()
    #expect(stats.done == 1 && stats.unaccounted == 1 && stats.pending == 0 && stats.active == 0)
  }

  @Test func aRedeliveredEmailIsNotSentTwice() throws {
    let directory = try TemporaryDirectory.make(prefix: "outbox")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outbox = try Outbox(directory: directory)
    let delivery = EmailDelivery(sender: EmailSender(outbox: outbox), claimTTL: 10)
    let configuration = bed.manualConfiguration(
      lease: 10, validatePayload: EmailJob.validatePayload)
    let producer = try bed.queue(configuration)
    try producer.enqueue(
      try EmailJob(
        to: "ada@example.com", subject: "Receipt", body: "Thanks", idempotencyKey: "order-7"
      )
      .payload())

    let first = try bed.queue(configuration)
    let job = try #require(try first.dequeue(worker: "w1").first)
    let firstContext = JobContext(
      worker: "w1", connection: first.connection, configuration: configuration)
    guard case .sent = try delivery.deliver(job, context: firstContext) else {
      Issue.record("the first delivery did not send")
      return
    }
    first.connection.close()  // dies after sending, before the ack

    bed.manualClock.advance(by: 10)
    #expect(try producer.reapExpiredLeases().count == 1)
    let second = try bed.queue(configuration)
    let redelivered = try #require(try second.dequeue(worker: "w2").first)
    let secondContext = JobContext(
      worker: "w2", connection: second.connection, configuration: configuration)
    #expect(try delivery.deliver(redelivered, context: secondContext) == .duplicateSkipped)
    #expect(try second.ack(redelivered))
    #expect(try outbox.messages(withIdempotencyKey: "order-7").count == 1)
    #expect(try outbox.deliveries(withIdempotencyKey: "order-7") == 1)
    #expect(try producer.stats().done == 1)
  }

  @Test func aDeliveryThatDiedBeforeSendingIsTakenOverAndSent() throws {
    let directory = try TemporaryDirectory.make(prefix: "outbox")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outbox = try Outbox(directory: directory)
    let configuration = bed.manualConfiguration(lease: 10)
    let queue = try bed.queue(configuration)
    let email = EmailJob(to: "ada@example.com", subject: "S", body: "B", idempotencyKey: "k-9")
    try queue.enqueue(try email.payload())
    let job = try #require(try queue.dequeue(worker: "w1").first)
    // The first delivery claimed the key and died before sending.
    try queue.connection.send(
      "SET", configuration.keys.sent("k-9"), "sending \(job.id) \(job.delivery) w1", "PX", "60000")
    bed.manualClock.advance(by: 10)
    try queue.reapExpiredLeases()
    let again = try #require(try queue.dequeue(worker: "w2").first)
    let context = JobContext(
      worker: "w2", connection: queue.connection, configuration: configuration)
    let outcome = try EmailDelivery(sender: EmailSender(outbox: outbox)).deliver(
      again, context: context)
    guard case .sent = outcome else {
      Issue.record("expected the email to be sent, got \(outcome)")
      return
    }
    #expect(try outbox.messages().count == 1)
    #expect(
      try queue.connection.send("GET", configuration.keys.sent("k-9")).string?.hasPrefix("sent ")
        == true)
  }

  @Test func blockingDequeueWaitsForTheNextJob() throws {
    let configuration = bed.manualConfiguration()
    let bed = self.bed
    let results = try ClientThreads.run(count: 2) { index -> [JobID] in
      let queue = try bed.queue(configuration)
      if index == 0 {
        return try queue.dequeue(worker: "blocked", blockFor: 5).map(\.id)
      }
      let blocked = eventually {
        let info = (try? queue.connection.send("INFO", "clients").string) ?? ""
        return info.contains("blocked_clients:1")
      }
      #expect(blocked)
      return [try queue.enqueue("wake up")]
    }
    #expect(results[0] == results[1])
    let stats = try bed.queue(configuration).stats()
    #expect(stats.active == 1 && stats.pending == 0)
  }

  @Test func anIdMovedByBLMOVEWithoutAClaimIsRequeuedAsAnOrphan() throws {
    let configuration = bed.manualConfiguration()
    let queue = try bed.queue(configuration)
    let id = try queue.enqueue("orphan")
    let keys = configuration.keys
    try queue.connection.send("LMOVE", keys.pending, keys.active, "RIGHT", "LEFT")
    #expect(
      try queue.reapExpiredLeases() == [
        ReapedJob(id: id, worker: "", outcome: .orphan, attempts: 0)
      ])
    let job = try #require(try queue.dequeue(worker: "w1").first)
    #expect(job.id == id && job.attempt == 1)
  }

  @Test func scriptsAreReloadedWhenRedisForgetsThem() throws {
    let queue = try bed.queue(bed.manualConfiguration())
    try queue.enqueue("one")
    try queue.connection.send("SCRIPT", "FLUSH")
    try queue.enqueue("two")
    #expect(try queue.dequeue(worker: "w1", count: 2).count == 2)
  }

  @Test func impossibleConfigurationsAreRefused() throws {
    let connection = try bed.server.connect()
    #expect(throws: JobQueueError.self) {
      try ReliableQueue(connection: connection, configuration: QueueConfiguration(name: "a}b"))
    }
    #expect(throws: JobQueueError.self) {
      try ReliableQueue(connection: connection, configuration: QueueConfiguration(name: ""))
    }
    #expect(throws: JobQueueError.self) {
      try ReliableQueue(
        connection: connection, configuration: QueueConfiguration(name: "q", lease: 0))
    }
  }
}
