import Demos
import Foundation
import Patterns
import RedisClient
import RedisSandbox
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Worker pools on real threads against a real redis-server, time from Redis.
@Suite("Job queue worker pool")
struct JobQueueWorkerPoolTests {
  struct InjectedFailure: Error, CustomStringConvertible {
    var description: String { "injected failure" }
  }

  private func finishedLines(_ log: JobLogBuffer) -> [[String: String]] {
    log.lines.map(JobLog.parse).filter { $0["event"] == "finished" }
  }

  @Test func everyJobEndsDoneOrDeadCountedExactly() throws {
    let server = try RedisServerFixture()
    let jobs = 200
    let fraction = 0.3
    let backoff = BackoffPolicy(base: 0.001, cap: 0.004, maxAttempts: 3)
    let configuration = QueueConfiguration(name: "work", lease: 10, backoff: backoff)
    let producer = try ReliableQueue(connection: server.connect(), configuration: configuration)
    try producer.enqueueBatch((1...jobs).map { Array("job \($0)".utf8) })
    let log = JobLogBuffer()
    let pool = try WorkerPool(
      options: server.options, queue: configuration, count: 4,
      settings: .init(
        blockTimeout: 0.2, maintenanceInterval: 0.005, random: SeededRandom(seed: 1),
        log: log.log)
    ) { job, _ in
      if injectedFailure(job: job.id.rawValue, attempt: job.attempt, fraction: fraction) {
        throw InjectedFailure()
      }
    }
    pool.start()
    let settled = eventually(within: .seconds(60)) {
      guard let stats = try? producer.stats() else { return false }
      return stats.isSettled && stats.done + stats.dead == jobs
    }
    pool.shutdown(deadline: 5)
    #expect(settled)

    let expectedDead = jobsThatAlwaysFail(count: jobs, attempts: 3, fraction: fraction)
    let stats = try producer.stats()
    #expect(!expectedDead.isEmpty)
    #expect(stats.dead == expectedDead.count)
    #expect(stats.done == jobs - expectedDead.count)
    #expect(stats.unaccounted == 0 && stats.enqueued == jobs)
    #expect(Set(try producer.deadJobs(limit: 1_000).map(\.id.rawValue)) == expectedDead)
    let totals = pool.totals()
    #expect(totals.done == stats.done && totals.dead == stats.dead && totals.leaseLost == 0)

    let finished = finishedLines(log)
    #expect(finished.filter { $0["outcome"] == "done" }.count == stats.done)
    #expect(finished.filter { $0["outcome"] == "dead" }.count == stats.dead)
    #expect(finished.filter { $0["outcome"] == "retry" }.count == totals.retried)
    for line in finished {
      #expect(line["job"] != nil && line["queue_wait_ms"] != nil && line["run_ms"] != nil)
      #expect(line["attempts"] != nil && line["queue"] == "work")
    }
    let retries = finished.filter { $0["outcome"] == "retry" }
    #expect(
      retries.allSatisfy { line in
        guard let delay = line["retry_in_ms"].flatMap(Int.init),
          let attempt = line["attempts"].flatMap(Int.init)
        else { return false }
        return delay >= 0 && Double(delay) <= backoff.ceiling(afterFailures: attempt) * 1000 + 1
      })
  }

  @Test func aWorkerThatDiesMidJobLosesNothingAndTheEmailGoesOutOnce() throws {
    let server = try RedisServerFixture()
    let directory = try TemporaryDirectory.make(prefix: "outbox")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outbox = try Outbox(directory: directory)
    let configuration = QueueConfiguration(
      name: "emails", lease: 0.5, validatePayload: EmailJob.validatePayload)
    let producer = try ReliableQueue(connection: server.connect(), configuration: configuration)
    let keys = ["order-1", "order-2", "order-3"]
    for key in keys {
      try producer.enqueue(
        try EmailJob(to: "ada@example.com", subject: "Receipt", body: key, idempotencyKey: key)
          .payload())
    }
    let delivery = EmailDelivery(sender: EmailSender(outbox: outbox), claimTTL: 0.5)
    let log = JobLogBuffer()
    let pool = try WorkerPool(
      options: server.options, queue: configuration, count: 4,
      settings: .init(blockTimeout: 0.2, maintenanceInterval: 0.05, log: log.log)
    ) { job, context in
      try delivery.handler(job, context)
      // Every first delivery kills its worker after sending, before the ack.
      if job.delivery == 1 { context.simulateCrash() }
    }
    pool.start()
    let finished = eventually(within: .seconds(30)) { (try? producer.stats().done) == keys.count }
    pool.shutdown(deadline: 5)
    #expect(finished)

    for key in keys {
      #expect(try outbox.messages(withIdempotencyKey: key).count == 1, "\(key)")
      #expect(try outbox.deliveries(withIdempotencyKey: key) == 1, "\(key)")
    }
    #expect(try outbox.messages().count == keys.count)
    let stats = try producer.stats()
    #expect(stats.done == keys.count && stats.unaccounted == 0 && stats.dead == 0)
    #expect(pool.workers().filter { $0.phase == .crashed }.count == keys.count)
    let parsed = log.lines.map(JobLog.parse)
    let expired = parsed.filter { $0["event"] == "lease_expired" }
    #expect(expired.count == keys.count)
    let crashed = Set(pool.workers().filter { $0.phase == .crashed }.map(\.name))
    #expect(Set(expired.compactMap { $0["worker"] }) == crashed)
    #expect(parsed.filter { $0["email"] == "duplicate_skipped" }.count == keys.count)
    for id in ["1", "2", "3"] { #expect(try producer.job(JobID(id))?.deliveries == 2) }
  }

  @Test func aHungHandlersLeaseExpiresAndTheJobRunsElsewhere() throws {
    let server = try RedisServerFixture()
    let configuration = QueueConfiguration(name: "hang", lease: 0.3)
    let producer = try ReliableQueue(connection: server.connect(), configuration: configuration)
    let id = try producer.enqueue("slow")
    let gate = HandlerGate()
    let log = JobLogBuffer()
    let pool = try WorkerPool(
      options: server.options, queue: configuration, count: 2,
      settings: .init(blockTimeout: 0.2, maintenanceInterval: 0.02, log: log.log)
    ) { job, _ in
      if job.delivery == 1 { gate.pass() }  // the first delivery hangs
    }
    pool.start()
    #expect(eventually(within: .seconds(20)) { (try? producer.stats().done) == 1 })
    let hung = try #require(pool.workers().first { $0.running == id })
    #expect(hung.phase == .running)
    let expired = log.lines.map(JobLog.parse).filter { $0["event"] == "lease_expired" }
    #expect(expired.map { $0["worker"] } == [hung.name], "the hung worker is reported")

    gate.openGate()
    #expect(eventually { pool.totals().leaseLost == 1 }, "the late result is refused")
    pool.shutdown(deadline: 5)
    #expect(
      try producer.stats()
        == QueueStats(pending: 0, active: 0, retry: 0, dead: 0, done: 1, enqueued: 1))
    #expect(try producer.job(id)?.deliveries == 2)
  }

  @Test func gracefulShutdownHandsRunningJobsBackAtTheDeadline() throws {
    let server = try RedisServerFixture()
    let configuration = QueueConfiguration(name: "stop", lease: 30)
    let producer = try ReliableQueue(connection: server.connect(), configuration: configuration)
    try producer.enqueueBatch((1...5).map { Array("job \($0)".utf8) })
    let gate = HandlerGate()
    let pool = try WorkerPool(
      options: server.options, queue: configuration, count: 2, settings: .init(blockTimeout: 0.2)
    ) { _, _ in gate.pass() }
    pool.start()
    #expect(eventually { gate.held == 2 })
    let running = Set(pool.workers().compactMap(\.running))
    #expect(running.count == 2)

    let report = pool.shutdown(deadline: 0.2)
    #expect(!report.finishedInTime)
    #expect(Set(report.returnedToPending) == running)
    #expect(Set(report.workersStillRunning) == Set(pool.workers().map(\.name)))
    #expect(
      try producer.stats()
        == QueueStats(pending: 5, active: 0, retry: 0, dead: 0, done: 0, enqueued: 5))
    for id in running {
      let record = try #require(try producer.job(id))
      #expect(record.state == .pending && record.attempts == 0)
    }
    gate.openGate()
    #expect(eventually { pool.workers().allSatisfy { $0.phase == .stopped } })
    #expect(try producer.stats().done == 0, "a released job's late result is not recorded")
  }

  @Test func gracefulShutdownFinishesInTimeWhenJobsAreQuick() throws {
    let server = try RedisServerFixture()
    let configuration = QueueConfiguration(name: "quick", lease: 30)
    let producer = try ReliableQueue(connection: server.connect(), configuration: configuration)
    try producer.enqueueBatch((1...50).map { Array("job \($0)".utf8) })
    let pool = try WorkerPool(
      options: server.options, queue: configuration, count: 3,
      settings: .init(batchSize: 8, blockTimeout: 5)
    ) { _, _ in }
    pool.start()
    #expect(eventually { (try? producer.stats().done) == 50 })
    let report = pool.shutdown(deadline: 10)
    #expect(report.finishedInTime && report.returnedToPending.isEmpty)
    #expect(pool.workers().allSatisfy { $0.phase == .stopped && $0.holding.isEmpty })
    #expect(pool.totals().done == 50)
  }

  @Test func redisRestartedMidRunWithAOFLosesNothing() throws {
    let aof = ["--appendonly", "yes", "--appendfsync", "always"]
    let server = try RedisServerFixture(extraArguments: aof)
    let jobs = 400
    let configuration = QueueConfiguration(name: "restart", lease: 2)
    let producer = try ReliableQueue(connection: server.connect(), configuration: configuration)
    try producer.enqueueBatch((1...jobs).map { Array("job \($0)".utf8) })
    let handled = JobQueueShared(Set<String>())
    let log = JobLogBuffer()
    let pool = try WorkerPool(
      options: server.options, queue: configuration, count: 3,
      settings: .init(
        blockTimeout: 0.2, maintenanceInterval: 0.05,
        redisRetry: BackoffPolicy(base: 0.02, cap: 0.2, maxAttempts: 1), log: log.log)
    ) { job, _ in
      handled.withLock { _ = $0.insert(job.id.rawValue) }
      DemoClock.system.sleep(0.001)
    }
    pool.start()
    #expect(eventually(within: .seconds(30)) { ((try? producer.stats().done) ?? 0) >= 100 })

    // Crash the server (no shutdown save), then start a new one on the same port and data.
    kill(server.pid, SIGKILL)
    #expect(eventually { !server.isRunning })
    let restarted = try RedisServerProcess(
      executable: try #require(RedisServerFixture.findExecutable("redis-server")),
      arguments: ["--dir", server.directory.path, "--save", "", "--daemonize", "no"] + aof,
      logPath: server.directory.appendingPathComponent("redis-restarted.log").path,
      preferredPort: server.port, attempts: 1)
    defer { restarted.process.terminate() }

    let settled = eventually(within: .seconds(60)) {
      guard let stats = try? producer.stats() else { return false }
      return stats.isSettled && stats.done == jobs
    }
    pool.shutdown(deadline: 5)
    #expect(settled)
    let stats = try producer.stats()
    #expect(
      stats == QueueStats(pending: 0, active: 0, retry: 0, dead: 0, done: jobs, enqueued: jobs))
    #expect(handled.withLock { $0.count } == jobs)
    #expect(log.lines.contains { $0.contains("event=redis_unavailable") })
  }

  @Test func theWorkerProcessEntryPointRunsUntilStopped() throws {
    let server = try RedisServerFixture()
    let producer = try ReliableQueue(
      connection: server.connect(), configuration: QueueConfiguration(name: "proc"))
    try producer.enqueueBatch((1...20).map { Array("job \($0)".utf8) })
    let stop = StopSignal()
    let log = JobLogBuffer()
    let exitCode = JobQueueShared<Int32?>(nil)
    let settings = QueueWorkerProcess.Settings(
      connection: server.options, queueName: "proc", workers: 2, lease: 5, seed: 1,
      log: log.log)
    let thread = Thread {
      let code = QueueWorkerProcess.run(settings: settings, stop: stop, handlesSignals: false)
      exitCode.withLock { $0 = code }
    }
    thread.start()
    #expect(eventually { (try? producer.stats().done) == 20 })
    stop.trigger()
    #expect(eventually { exitCode.withLock { $0 } != nil })
    #expect(exitCode.withLock { $0 } == 0)
    let events = log.lines.map(JobLog.parse).compactMap { $0["event"] }
    #expect(events.first == "worker_ready" && events.last == "worker_stopped")
    #expect(log.lines.last?.contains("done=20") == true)
  }

  @Test func badWorkerSettingsExitWithAMessage() throws {
    let settings = QueueWorkerProcess.Settings(
      connection: ConnectionOptions(), queueName: "bad name", log: .discard)
    #expect(QueueWorkerProcess.run(settings: settings, handlesSignals: false) == 1)
  }
}
