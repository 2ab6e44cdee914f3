import Foundation
import Patterns
import RedisClient
import RedisSandbox
import TerminalUI

extension QueueDemo {
  /// Scenario: a worker dies mid-job; BRPOP loses the job, the reliable queue gets it back.
  func crash(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let title = "A worker dies mid-job: plain BRPOP vs the reliable queue"
    output.heading(number, title)
    let lease = 1.0
    let configuration = self.configuration("crash", lease: lease)
    let queue = try ReliableQueue(options: environment.options, configuration: configuration)
    let outbox = try Outbox(directory: URL(fileURLWithPath: outboxPath))
    func email(_ key: String) throws -> [UInt8] {
      try EmailJob(to: "ada@example.com", subject: "Receipt", body: "Thanks!", idempotencyKey: key)
        .payload()
    }

    // 1. BRPOP: the job leaves Redis the moment a worker takes it.
    environment.progress.update("crash: a BRPOP worker takes a job and dies…")
    let brpopConfiguration = self.configuration("crash-brpop", lease: lease)
    let brpopQueue = try ReliableQueue(
      options: environment.options, configuration: brpopConfiguration)
    _ = try brpopQueue.enqueue(try email("crash-brpop"))
    let consumer = try UnreliableConsumer(
      connection: Connection(environment.options), configuration: brpopConfiguration)
    let taken = try consumer.take(timeout: 1)
    consumer.connection.close()  // the worker is gone before it sends or finishes
    let lostStats = try brpopQueue.stats()
    var steps = TextTable(
      headers: ["consumer", "what happened", "pending", "active", "lost"], rightAligned: [2, 3, 4])
    steps.addRow([
      "BRPOP", "took \(taken?.id.rawValue ?? "?"), then died", "\(lostStats.pending)",
      "\(lostStats.active)", "\(lostStats.unaccounted)",
    ])

    // 2. The reliable queue, with a real worker process killed with SIGKILL mid-job.
    environment.progress.update("crash: starting a worker process…")
    let id = try queue.enqueue(try email("crash-reliable"))
    guard case .tcp(let host, let port) = environment.options.endpoint else {
      throw CacheDemo.Stop.worker("the crash scenario needs a TCP server")
    }
    let worker = try ChildProcess(
      executable: environment.executablePath,
      arguments: [
        "demo", "queue-worker", "--host", host, "--port", String(port), "--yes", "--queue",
        "crash", "--workers", "1", "--lease", String(lease), "--work", "sleep:30",
      ],
      environment: workerEnvironment(password: environment.options.password),
      streams: .init(input: "/dev/null", output: "/dev/null", error: "/dev/null"))
    defer { worker.terminate(signal: SIGKILL, grace: .seconds(1)) }
    let holding = Date().addingTimeInterval(20)
    while try queue.stats().active == 0 {
      try output.checkCancelled()
      if Date() > holding || !worker.isRunning {
        throw CacheDemo.Stop.worker("the worker process did not take the job")
      }
      usleep(10_000)
    }
    let holder = try queue.job(id)?.worker ?? "?"
    worker.signal(SIGKILL)
    _ = worker.waitForExit(within: .seconds(5))
    let afterKill = try queue.stats()
    steps.addRow([
      "reliable", "\(holder) took \(id.rawValue); kill -9", "\(afterKill.pending)",
      "\(afterKill.active)", "\(afterKill.unaccounted)",
    ])

    // A second worker pool: its reaper re-queues the job once the lease runs out. Its first
    // attempt sends the email and then "crashes" before the ack, so the job is delivered a
    // third time and the idempotency key stops a second email.
    let crashedOnce = Locked(false)
    let delivery = EmailDelivery(sender: EmailSender(outbox: outbox))
    let outcomes = Locked<[String]>([])
    let pool = try WorkerPool(
      options: environment.options, queue: configuration, count: 2,
      settings: .init(batchSize: 1, blockTimeout: 0.2, maintenanceInterval: 0.1)
    ) { job, context in
      let outcome = try delivery.deliver(job, context: context)
      outcomes.withLock { $0.append(outcome == .duplicateSkipped ? "duplicate skipped" : "sent") }
      if crashedOnce.withLock({ first -> Bool in
        defer { first = true }
        return !first
      }) {
        context.simulateCrash()
      }
    }
    pool.start()
    defer { _ = pool.shutdown(deadline: 2) }
    let settled = try watch(
      queue, output: DemoOutput(environment: environment, json: true)
    ) {
      $0.isSettled && $0.done >= 1
    }
    let record = try queue.job(id)
    steps.addRow([
      "reliable", "lease expired → re-queued → \(outcomes.current.joined(separator: ", then "))",
      "\(settled.pending)", "\(settled.active)", "\(settled.unaccounted)",
    ])
    output.say(steps)
    let deliveries = try outbox.deliveries(withIdempotencyKey: "crash-reliable")
    let deliveryCount = record?.deliveries ?? 0
    output.paragraph(
      "BRPOP removed the job from Redis when the worker took it, so the crash lost it: no copy anywhere. The reliable queue moved it to the active list with a \(output.duration(lease)) lease; when the killed worker's lease ran out the reaper put it back. \(Self.deliveryStory(deliveries: deliveryCount, pool: outcomes.current)) The email went out \(NumberText.count(deliveries, "time")): a later delivery found its idempotency key already marked sent. Delivery is at least once; the handler makes it effectively once."
    )
    return ScenarioReport(
      name: "crash", title: title,
      metrics: [
        "brpop_lost": .integer(lostStats.unaccounted),
        "reliable_lost": .integer(settled.unaccounted),
        "deliveries": .integer(deliveryCount), "emails_sent": .integer(deliveries),
        "headline": .string(
          "BRPOP lost \(NumberText.count(lostStats.unaccounted, "job")); the reliable queue lost \(settled.unaccounted), delivered it \(NumberText.count(deliveryCount, "time")), sent \(NumberText.count(deliveries, "email"))"
        ),
      ], tables: [ReportTable(steps)])
  }

  /// Why the job ran as often as it did: the killed process's delivery, then the pool's,
  /// whose first one crashes on purpose after its handler.
  static func deliveryStory(deliveries: Int, pool outcomes: [String]) -> String {
    var parts = ["once in the worker process killed mid-job"]
    for (index, outcome) in outcomes.enumerated() {
      let did = outcome == "sent" ? "sent the email" : "found the email already sent"
      parts.append(
        index == 0
          ? "once that \(did) and then crashed on purpose before acknowledging, so its lease ran out too"
          : "once that \(did) and acknowledged the job")
    }
    return
      "It was delivered \(NumberText.count(deliveries, "time")) in all: \(parts.joined(separator: "; "))."
  }
}
