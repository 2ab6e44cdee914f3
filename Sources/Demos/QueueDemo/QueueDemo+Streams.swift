import Foundation
import Patterns
import RedisClient
import TerminalUI

extension QueueDemo {
  /// The stream queue's name: its keys live under `rt:demo:queue:{streams}:`.
  static let streamQueueName = "streams"
  /// Seconds a pending entry must be idle before another worker claims it.
  static let streamMinIdle = 0.5
  /// Every this many jobs, one is poison: its address always bounces.
  static let poisonEvery = 100

  /// What the stream workers did, counted as they did it.
  struct StreamCounters: Sendable, Equatable {
    /// Attempts that failed and were left pending for a retry.
    var failedAttempts = 0
    /// Entries handed over by `XAUTOCLAIM`.
    var claimed = 0
  }

  /// The permanent failure of a poison job: its address bounces on every attempt.
  struct Bounce: Error, CustomStringConvertible {
    var description: String { "550 mailbox unavailable" }
  }

  /// Scenario: the pipeline's email jobs on a Redis Stream with a consumer group, with the
  /// same injected send failures, plus poison jobs and a worker that dies holding jobs.
  func streamsPipeline(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let jobs = settings.jobs
    let workers = settings.workers
    let title =
      "Producer → stream → \(NumberText.count(workers, "worker")) in a consumer group: \(NumberText.count(jobs, "email job")), \(NumberText.percent(settings.failureRate)) of sends fail"
    output.heading(number, title)
    let queue = StreamJobQueue(
      keys: QueueKeys(name: Self.streamQueueName), maxAttempts: settings.maxAttempts,
      minIdle: Self.streamMinIdle)
    let connection = try Connection(environment.options)
    defer { connection.close() }
    try queue.createGroup(connection)

    let poisonKeys = Set(
      stride(from: Self.poisonEvery, through: jobs, by: Self.poisonEvery).map {
        "order-\($0)-shipped"
      })
    let payloads = try (1...jobs).map { index -> (key: String, payload: String) in
      let key = "order-\(index)-shipped"
      let to = poisonKeys.contains(key) ? "user\(index)@bounce.invalid" : "user\(index)@example.com"
      let job = EmailJob(
        to: to, subject: "Your order #\(index) has shipped",
        body: "Hello! Order \(index) is on its way.", idempotencyKey: key)
      return (key, String(decoding: try job.payload(), as: UTF8.self))
    }
    environment.progress.update("XADD \(NumberText.count(jobs, "job"))…")
    let enqueued = try queue.enqueue(payloads, connection).count

    // A worker takes a few jobs and dies before finishing any: its connection closes with
    // nothing acknowledged, which is all Redis sees of a kill -9.
    let crashed = try Connection(environment.options)
    let held = try queue.readNew(crashed, consumer: "crashed-w0", count: 3, blockMilliseconds: 100)
    crashed.close()

    let outbox = try Outbox(directory: URL(fileURLWithPath: outboxPath))
    let sender = EmailSender(
      outbox: outbox,
      faults: .init(
        failureFraction: settings.failureRate, random: SeededRandom(seed: settings.seed)))
    let counters = Locked(StreamCounters())
    let stop = Locked(false)
    let failure = Locked<String?>(nil)
    let finished = DispatchGroup()
    let options = environment.options
    for index in 1...workers {
      finished.enter()
      let thread = Thread {
        defer { finished.leave() }
        do {
          try Self.runStreamWorker(
            "w\(index)", queue: queue, options: options, stop: stop,
            counters: counters, sender: sender)
        } catch {
          failure.withLock { $0 = $0 ?? "stream worker w\(index): \(error)" }
          stop.withLock { $0 = true }
        }
      }
      thread.start()
    }
    defer {
      stop.withLock { $0 = true }
      finished.wait()
    }

    let started = Date()
    let deadline = started.addingTimeInterval(300)
    var stats = try queue.stats(connection)
    while !stats.isSettled {
      try output.checkCancelled()
      if let failure = failure.current { throw CacheDemo.Stop.worker(failure) }
      if Date() > deadline { throw CacheDemo.Stop.worker("the stream did not drain within 300 s") }
      environment.progress.update(
        "stream \(stats.streamLength), pending \(stats.pending), done \(stats.done), dead \(stats.deadLetters)"
      )
      usleep(100_000)
      stats = try queue.stats(connection)
    }
    let elapsed = Date().timeIntervalSince(started)
    stop.withLock { $0 = true }
    finished.wait()
    stats = try queue.stats(connection)
    let counted = counters.current

    let doneKeys = try queue.doneKeys(connection)
    let deadKeys = Set(try queue.deadKeys(connection))
    let dead = deadKeys.count
    let accounted = doneKeys.union(deadKeys)
    let lost = enqueued - accounted.count - stats.pending
    let doneTwice = stats.finishes - stats.done
    let bothDoneAndDead = doneKeys.intersection(deadKeys).count
    let deadPoison = deadKeys.filter(poisonKeys.contains).count
    let recovered = held.filter { accounted.contains($0.key) }.count
    let sends = try outbox.deliveryLog().count
    let sent = try outbox.messages().count

    var table = TextTable(
      headers: ["enqueued", "done", "dead", "lost", "done twice", "pending at end"],
      rightAligned: [0, 1, 2, 3, 4, 5])
    table.addRow([
      "\(enqueued)", "\(stats.done)", "\(dead)", "\(lost)", "\(doneTwice)",
      "\(stats.pending)",
    ])
    output.say(table)
    var redis = TextTable(headers: ["Redis holds", "", "what it means"], rightAligned: [1])
    redis.addRow([
      "XLEN \(queue.stream)", "\(stats.streamLength)",
      "every job is still an entry: an ACK does not delete it",
    ])
    redis.addRow([
      "XPENDING … \(StreamJobQueue.group)", "\(stats.pending)",
      "delivered and not acknowledged",
    ])
    redis.addRow([
      "XLEN \(queue.deadStream)", "\(stats.deadLetters)",
      "delivered more than \(NumberText.count(settings.maxAttempts, "time")), dead-lettered",
    ])
    output.say(redis)
    let twice =
      doneTwice == 0
      ? "no job was done twice"
      : "\(NumberText.count(doneTwice, "job")) \(doneTwice == 1 ? "was" : "were") done a second time (a worker stalled past \(output.duration(Self.streamMinIdle)) and another claimed its job)"
    output.paragraph(
      "\(stats.done) done + \(dead) dead = \(stats.done + dead) of \(enqueued) enqueued in \(output.duration(elapsed)); \(lost) lost and \(twice). \(NumberText.count(counted.failedAttempts, "attempt")) failed and stayed pending until XAUTOCLAIM handed \(counted.failedAttempts == 1 ? "it" : "them") to a worker again after \(output.duration(Self.streamMinIdle)) idle (\(NumberText.count(counted.claimed, "claim")) in all). A worker died holding \(NumberText.count(held.count, "job")); \(recovered) of them \(recovered == 1 ? "was" : "were") claimed and finished or dead-lettered. \(NumberText.count(poisonKeys.count, "poison job")) bounced every time; \(deadPoison) of them \(deadPoison == 1 ? "is" : "are") in the dead-letter stream, with \(dead - deadPoison) more that failed \(NumberText.count(settings.maxAttempts, "time")) by chance. The sender delivered \(NumberText.count(sends, "message")), \(NumberText.count(sent, "distinct email")) in the outbox."
    )
    if bothDoneAndDead > 0 {
      output.paragraph(
        "\(NumberText.count(bothDoneAndDead, "job")) \(bothDoneAndDead == 1 ? "was" : "were") both done and dead-lettered: a slow worker finished \(bothDoneAndDead == 1 ? "it" : "them") after another had given up."
      )
    }
    return ScenarioReport(
      name: "pipeline", title: title,
      metrics: [
        "backend": .string("streams"), "jobs": .integer(enqueued), "done": .integer(stats.done),
        "dead": .integer(dead), "dead_letters": .integer(stats.deadLetters),
        "unaccounted": .integer(lost),
        "done_twice": .integer(doneTwice), "done_and_dead": .integer(bothDoneAndDead),
        "pending": .integer(stats.pending), "stream_length": .integer(stats.streamLength),
        "failed_attempts": .integer(counted.failedAttempts), "claimed": .integer(counted.claimed),
        "crashed_holding": .integer(held.count), "recovered": .integer(recovered),
        "poison": .integer(poisonKeys.count), "dead_poison": .integer(deadPoison),
        "sender_runs": .integer(sends), "emails_in_outbox": .integer(sent),
        "headline": .string(
          "\(NumberText.count(enqueued, "email job")) on a stream: \(stats.done) done, \(dead) dead, \(lost) lost, \(doneTwice) done twice; \(stats.pending) pending at the end"
        ),
      ], tables: [ReportTable(table), ReportTable(redis)])
  }

  /// One stream worker, until `stop`: claims idle entries (failed or orphaned) first, else
  /// reads new ones; dead-letters an entry delivered more than `maxAttempts` times, runs the
  /// rest, acknowledges each success and leaves each failure pending.
  static func runStreamWorker(
    _ name: String, queue: StreamJobQueue, options: ConnectionOptions, stop: Locked<Bool>,
    counters: Locked<StreamCounters>, sender: EmailSender
  ) throws {
    let connection = try Connection(options)
    defer { connection.close() }
    while !stop.current {
      var entries = try queue.claimIdle(connection, consumer: name, count: 10)
      if entries.isEmpty {
        entries = try queue.readNew(connection, consumer: name, count: 1, blockMilliseconds: 100)
      } else {
        counters.withLock { $0.claimed += entries.count }
      }
      for entry in entries {
        let deliveries = try queue.deliveries(of: entry.id, connection)
        if deliveries == 0 { continue }  // acknowledged by another worker meanwhile
        if deliveries > queue.maxAttempts {
          try queue.deadLetter(
            entry, deliveries: deliveries,
            error: "failed \(queue.maxAttempts) attempts", connection)
          continue
        }
        do {
          let email = try EmailJob.decode(Array((entry.fields["payload"] ?? "").utf8))
          if email.to.hasSuffix("@bounce.invalid") {
            throw Bounce()
          }
          try sender.send(email)
        } catch {
          counters.withLock { $0.failedAttempts += 1 }
          continue  // no XACK: the entry stays pending and is claimed again once idle
        }
        try queue.finish(entry, connection)
      }
    }
  }
}
