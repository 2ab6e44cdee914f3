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
      "Producer → queue → \(workers) workers: \(jobs) email jobs, \(NumberText.percent(settings.failureRate)) of sends fail"
    output.heading(number, title)
    let queue = try ReliableQueue(
      options: environment.options, configuration: configuration("emails"))
    let payloads = try (1...jobs).map { index in
      try EmailJob(
        to: "user\(index)@example.com", subject: "Your order #\(index) has shipped",
        body: "Hello! Order \(index) is on its way.", idempotencyKey: "order-\(index)-shipped"
      ).payload()
    }
    environment.progress.update("enqueueing \(jobs) jobs…")
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
    let stats = try watch(queue, workers: workers, output: output) { $0.isSettled }
    let elapsed = Date().timeIntervalSince(started)

    var table = TextTable(
      headers: ["", "jobs", "queue wait p50", "p95", "p99", "run p50", "p95", "p99"],
      rightAligned: [1, 2, 3, 4, 5, 6, 7])
    table.addRow([
      "attempts", "\(timings.run.count)", output.duration(timings.queueWait.p50),
      output.duration(timings.queueWait.p95), output.duration(timings.queueWait.p99),
      output.duration(timings.run.p50), output.duration(timings.run.p95),
      output.duration(timings.run.p99),
    ])
    output.say(table.render())
    let outcomes = timings.outcomes.current
    let sent = try outbox.messages().count
    output.paragraph(
      "\(stats.done) done and \(stats.dead) dead of \(jobs) in \(output.duration(elapsed)) (\(NumberText.of((Double(jobs) / elapsed).rounded())) jobs/s; enqueueing all \(jobs) took \(output.duration(enqueueSeconds))). \(outcomes["retry"] ?? 0) attempts failed and were retried with backoff; \(sent) emails are in the outbox, one per job that finished, never two. Every attempt was logged as a line like:"
    )
    if let sample = log.current.first(where: { $0.contains("event=finished") }) {
      output.say("  " + sample)
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
          "\(jobs) email jobs: \(stats.done) done, \(stats.dead) dead, \(stats.unaccounted) lost; \(sent) emails sent once each"
        ),
      ], tables: [ReportTable(table)])
  }

  /// Scenario: the retry schedule with jitter, the dead-letter queue, and a re-queue.
  func failures(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let title = "Retries with backoff and full jitter; the dead-letter queue"
    output.heading(number, title)
    let policy = BackoffPolicy(base: 1, cap: 30, maxAttempts: 6)
    var schedule = TextTable(
      headers: ["failed attempt", "ceiling min(cap, base·2^(n-1))", "drawn delay (full jitter)"],
      rightAligned: [0, 1, 2])
    for step in policy.schedule(random: SeededRandom(seed: settings.seed)) {
      schedule.addRow([
        "\(step.failedAttempt)", output.duration(step.ceiling), output.duration(step.delay),
      ])
    }
    output.say("A policy with base 1 s, cap 30 s, 6 attempts (one job's schedule):")
    output.say(schedule.render())
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
    output.say("The dead-letter queue (\(deadCount) jobs; first \(dead.count)):")
    output.say(table.render())
    // Re-queue them with the faults gone: each is sent once.
    let requeued = try queue.requeueAllDead()
    let outbox = try Outbox(directory: URL(fileURLWithPath: outboxPath))
    let pool = try WorkerPool(
      options: environment.options, queue: configuration("emails"), count: 2,
      settings: .init(batchSize: 1, blockTimeout: 0.2),
      handler: EmailDelivery(sender: EmailSender(outbox: outbox)).handler)
    pool.start()
    let after = try watch(
      queue, workers: 2, output: DemoOutput(environment: environment, json: true)
    ) {
      $0.isSettled
    }
    _ = pool.shutdown(deadline: 2)
    output.paragraph(
      "Re-queued \(requeued.count) dead jobs (:queue requeue all does the same by hand) with the fault fixed: the queue now has \(after.dead) dead and \(after.done) done. Look at a job's record with :queue job ID, or at the raw keys with :peek."
    )
    return ScenarioReport(
      name: "failures", title: title,
      metrics: [
        "dead_before_requeue": .integer(deadCount), "requeued": .integer(requeued.count),
        "dead_after": .integer(after.dead),
        "headline": .string(
          "\(deadCount) jobs reached the dead-letter queue; re-queued, \(deadCount - after.dead) of them finished"
        ),
      ], tables: [ReportTable(schedule), ReportTable(table)])
  }
}
