import Foundation
import Patterns
import RedisClient
import TerminalUI

extension QueueDemo {
  /// Scenario: email jobs through the reliable queue with injected send failures.
  func pipeline(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let jobs = settings.jobs
    let workers = settings.workers
    let title =
      "Producer → queue → \(NumberText.count(workers, "worker")): \(NumberText.count(jobs, "email job")), \(NumberText.percent(settings.failureRate)) of sends fail"
    output.heading(number, title)
    let queue = try ReliableQueue(
      options: environment.options, configuration: configuration("emails"))
    let payloads = try (1...jobs).map { index in
      try EmailJob(
        to: "user\(index)@example.com", subject: "Your order #\(index) has shipped",
        body: "Hello! Order \(index) is on its way.", idempotencyKey: "order-\(index)-shipped"
      ).payload()
    }
    environment.progress.update("enqueueing \(NumberText.count(jobs, "job"))…")
    let enqueueStart = Date()
    _ = try queue.enqueueBatch(payloads)
    let enqueueSeconds = Date().timeIntervalSince(enqueueStart)
    let outbox = try Outbox(directory: URL(fileURLWithPath: outboxPath))
    let sender = EmailSender(
      outbox: outbox,
      faults: .init(
        failureFraction: settings.failureRate, random: SeededRandom(seed: settings.seed)))
    let timings = Timings()
    let log = Locked<[String]>([])
    let pool = try WorkerPool(
      options: environment.options, queue: configuration("emails"), count: workers,
      settings: .init(
        batchSize: 1, blockTimeout: 0.2, random: SeededRandom(seed: settings.seed &+ 1),
        log: JobLog { line in log.withLock { if $0.count < 400 { $0.append(line) } } },
        observer: timings.observer),
      handler: EmailDelivery(sender: sender).handler)
    pool.start()
    defer { _ = pool.shutdown(deadline: 2) }
    let started = Date()
    let stats = try watch(queue, output: output) { $0.isSettled }
    let elapsed = Date().timeIntervalSince(started)

    var table = TextTable(
      headers: ["", "jobs", "queue wait p50", "p95", "p99", "run p50", "p95", "p99"],
      rightAligned: [1, 2, 3, 4, 5, 6, 7])
    table.addRow([
      "attempts", "\(timings.run.count)", output.latency(timings.queueWait.p50),
      output.latency(timings.queueWait.p95), output.latency(timings.queueWait.p99),
      output.latency(timings.run.p50), output.latency(timings.run.p95),
      output.latency(timings.run.p99),
    ])
    output.say(table)
    let outcomes = timings.outcomes.current
    let sent = try outbox.messages().count
    output.paragraph(
      "\(stats.done) done and \(stats.dead) dead of \(jobs) in \(output.duration(elapsed)) (\(NumberText.of((Double(jobs) / elapsed).rounded())) jobs/s; enqueueing all \(jobs) took \(output.duration(enqueueSeconds))). \(NumberText.count(outcomes["retry"] ?? 0, "attempt")) failed and \(outcomes["retry"] == 1 ? "was" : "were") retried with backoff; \(NumberText.count(sent, "email")) \(sent == 1 ? "is" : "are") in the outbox, one per job that finished, never two. Every attempt was logged as a line like:"
    )
    if let sample = log.current.first(where: { $0.contains("event=finished") }) {
      output.paragraph(sample, indent: "  ")
    }
    return ScenarioReport(
      name: "pipeline", title: title,
      metrics: [
        "jobs": .integer(jobs), "done": .integer(stats.done), "dead": .integer(stats.dead),
        "unaccounted": .integer(stats.unaccounted),
        "retried_attempts": .integer(outcomes["retry"] ?? 0),
        "emails_in_outbox": .integer(sent), "queue_wait": timings.queueWait.summary.jsonValue,
        "run": timings.run.summary.jsonValue,
        "headline": .string(
          "\(NumberText.count(jobs, "email job")): \(stats.done) done, \(stats.dead) dead, \(stats.unaccounted) lost; \(NumberText.count(sent, "email")) sent, none twice"
        ),
      ], tables: [ReportTable(table)])
  }

  /// Scenario: the retry schedule with jitter, the dead-letter queue, and a re-queue.
  func failures(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let title = "Retries with backoff and full jitter; the dead-letter queue"
    output.heading(number, title)
    // The policy the workers use, so this schedule and the retry_in_ms of their log agree.
    let policy = backoff
    var schedule = TextTable(
      headers: ["failed attempt", "ceiling min(cap, base·2^(n-1))", "drawn delay (full jitter)"],
      rightAligned: [0, 1, 2])
    for step in policy.schedule(random: SeededRandom(seed: settings.seed)) {
      schedule.addRow([
        "\(step.failedAttempt)", output.duration(step.ceiling), output.duration(step.delay),
      ])
    }
    output.paragraph(
      "The workers' policy: base \(output.duration(policy.base)), cap \(output.duration(policy.cap)), \(NumberText.count(policy.maxAttempts, "attempt")), and a schedule drawn from it:"
    )
    output.say(schedule)
    output.paragraph(
      "Full jitter draws each delay from 0 up to the ceiling, so a thousand jobs that failed together do not all come back at the same moment (AWS found it does the least work of the jitter schemes). After the last attempt a job goes to the dead-letter queue, where someone can read why it failed."
    )

    let queue = try ReliableQueue(
      options: environment.options, configuration: configuration("emails"))
    var dead = try queue.deadJobs(limit: 5)
    if dead.isEmpty {
      // The pipeline scenario did not run (or nothing died): make one job fail every time.
      let id = try queue.enqueue(
        try EmailJob(
          to: "bounce@example.com", subject: "Welcome", body: "Hi", idempotencyKey: "welcome-bounce"
        ).payload())
      for _ in 0..<settings.maxAttempts {
        _ = try queue.promoteDueRetries()
        guard let job = try queue.dequeue(worker: "demo").first else { break }
        _ = try queue.fail(job, error: "550 mailbox unavailable", delay: 0)
      }
      dead = try queue.deadJobs(limit: 5)
      _ = id
    }
    var table = TextTable(headers: ["job", "attempts", "last error", "payload"], rightAligned: [1])
    for record in dead {
      table.addRow([
        record.id.rawValue, "\(record.attempts)", record.lastError ?? "",
        String(record.payloadText.prefix(40)) + "…",
      ])
    }
    let deadCount = try queue.stats().dead
    output.say(
      "The dead-letter queue (\(NumberText.count(deadCount, "job")); first \(dead.count)):")
    output.say(table)
    // Re-queue them with the faults gone: each is sent once.
    let requeued = try queue.requeueAllDead()
    let outbox = try Outbox(directory: URL(fileURLWithPath: outboxPath))
    let pool = try WorkerPool(
      options: environment.options, queue: configuration("emails"), count: 2,
      settings: .init(batchSize: 1, blockTimeout: 0.2),
      handler: EmailDelivery(sender: EmailSender(outbox: outbox)).handler)
    pool.start()
    let after = try watch(
      queue, output: DemoOutput(environment: environment, json: true)
    ) {
      $0.isSettled
    }
    _ = pool.shutdown(deadline: 2)
    output.paragraph(
      "Re-queued \(NumberText.count(requeued.count, "dead job")) (:queue requeue all does the same by hand) with the fault fixed: the queue now has \(after.dead) dead and \(after.done) done. Look at a job's record with :queue job ID, or at the raw keys with :peek."
    )
    return ScenarioReport(
      name: "failures", title: title,
      metrics: [
        "dead_before_requeue": .integer(deadCount), "requeued": .integer(requeued.count),
        "dead_after": .integer(after.dead),
        "headline": .string(
          "\(NumberText.count(deadCount, "job")) reached the dead-letter queue; re-queued, \(deadCount - after.dead) of them finished"
        ),
      ], tables: [ReportTable(schedule), ReportTable(table)])
  }
}
