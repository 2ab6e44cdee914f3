import Demos
import Foundation
import Patterns
import RedisClient
import RedisSandbox
import Testing
import TutorTestSupport

/// `redis-tutor demo queue|worker|enqueue` and `:queue`, as built, against a real server.
@Suite("End to end: job-queue demo", .serialized)
struct QueueDemoTests {
  let demo: DemoEndToEnd

  init() throws { demo = try DemoEndToEnd("queue", prefix: "tutor-queue") }

  @Test func everyJobEndsDoneOrDeadAndACrashLosesNothing() throws {
    let result = try demo.run(
      ["--json", "--jobs", "300", "--scenario", "pipeline,failures,crash"], deadline: 180)
    #expect(result.status == 0, "\(result.stderr)")
    let pipeline = try DemoEndToEnd.metrics(result, "pipeline")
    let done = pipeline["done"] as? Double ?? -1
    let dead = pipeline["dead"] as? Double ?? -1
    #expect(done + dead == 300)
    #expect(pipeline["unaccounted"] as? Double == 0)
    #expect(pipeline["emails_in_outbox"] as? Double == done, "one email per finished job")
    #expect((pipeline["retried_attempts"] as? Double ?? 0) > 0)
    let failures = try DemoEndToEnd.metrics(result, "failures")
    #expect(failures["dead_after"] as? Double == 0)
    let crash = try DemoEndToEnd.metrics(result, "crash")
    #expect(crash["brpop_lost"] as? Double == 1)
    #expect(crash["reliable_lost"] as? Double == 0)
    #expect(crash["emails_sent"] as? Double == 1)
    #expect((crash["deliveries"] as? Double ?? 0) >= 2)
  }

  /// `--backend streams`, as typed: the pipeline on a consumer group, every job accounted for,
  /// and another scenario refused in one line.
  @Test func theStreamsBackendAccountsForEveryJob() throws {
    let result = try demo.run(
      ["--json", "--jobs", "150", "--backend", "streams", "--max-attempts", "2"], deadline: 180)
    #expect(result.status == 0, "\(result.stderr)")
    let pipeline = try DemoEndToEnd.metrics(result, "pipeline")
    let done = pipeline["done"] as? Double ?? -1
    let dead = pipeline["dead"] as? Double ?? -1
    let both = pipeline["done_and_dead"] as? Double ?? -1
    #expect(pipeline["backend"] as? String == "streams")
    #expect(done + dead - both == 150)
    #expect(pipeline["unaccounted"] as? Double == 0)
    #expect(pipeline["pending"] as? Double == 0)
    #expect(pipeline["stream_length"] as? Double == 150)
    #expect(pipeline["dead_poison"] as? Double == 1, "job 100 bounces every time")

    let refused = try demo.run(["--backend", "streams", "--scenario", "crash"], deadline: 30)
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("--backend streams runs the pipeline scenario only"))
  }

  /// Thousands of email jobs while worker processes are killed with SIGKILL and replaced:
  /// every job ends done, none is lost, and each recipient gets exactly one message.
  @Test(.timeLimit(.minutes(5))) func killNineOfWorkerProcessesLosesNoJobAndSendsNoEmailTwice()
    throws
  {
    let jobs = 2000
    let outbox = demo.home.appendingPathComponent("outbox").path
    let queue = try ReliableQueue(
      options: demo.server.options,
      configuration: QueueConfiguration(name: "e2e", validatePayload: EmailJob.validatePayload))
    let payloads = try (1...jobs).map {
      try EmailJob(
        to: "u\($0)@example.com", subject: "Hi", body: "Job \($0)", idempotencyKey: "k\($0)"
      )
      .payload()
    }
    _ = try queue.enqueueBatch(payloads)
    let environment = TutorBinary.environment(home: demo.home)
    func startWorker(_ index: Int) throws -> ChildProcess {
      try ChildProcess(
        executable: TutorBinary.path,
        arguments: [
          "demo", "worker", "--port", String(demo.server.port), "--yes", "--queue", "e2e",
          "--workers", "2",
          "--lease", "1", "--work", "email:\(outbox)",
        ],
        environment: environment,
        streams: .init(
          input: "/dev/null", output: "/dev/null",
          error: demo.home.appendingPathComponent("worker-\(index).err").path, appending: true))
    }
    var workers = try (0..<3).map(startWorker)
    var kills = 0
    var lastDone = -1
    while kills < 12 {
      let done = try queue.stats().done
      if done >= jobs { break }
      // Kill a worker each time some more jobs have been done: always mid-run.
      if done > lastDone + 60 {
        let victim = kills % workers.count
        workers[victim].signal(SIGKILL)
        _ = workers[victim].waitForExit(within: .seconds(5))
        workers[victim] = try startWorker(victim)
        kills += 1
        lastDone = done
      }
      _ = eventually(within: .milliseconds(200), every: .milliseconds(5)) {
        ((try? queue.stats().done) ?? 0) > done
      }
    }
    let settled = eventually(within: .seconds(120), every: .milliseconds(50)) {
      (try? queue.stats()).map { $0.isSettled && $0.done + $0.dead == jobs } ?? false
    }
    for worker in workers { worker.terminate(signal: SIGTERM, grace: .seconds(5)) }
    let stats = try queue.stats()
    #expect(settled, "\(stats)")
    #expect(kills >= 5, "the workers were killed mid-run \(kills) times")
    #expect(stats.done == jobs)
    #expect(stats.dead == 0)
    #expect(stats.unaccounted == 0)
    let box = try Outbox(directory: URL(fileURLWithPath: outbox))
    #expect(try box.messages().count == jobs, "one message per recipient, never two")
    let deliveries = try box.deliveryLog()
    #expect(Set(deliveries).count == jobs)
  }

  @Test func enqueueAndTheQueueCommandsWorkByHand() throws {
    let enqueue = try TutorBinary.run(
      [
        "demo", "enqueue", "-p", String(demo.server.port), "--yes", "--to", "ada@example.com",
        "--subject", "Welcome", "--key", "welcome-ada",
      ], home: demo.home)
    #expect(enqueue.status == 0, "\(enqueue.stderr)")
    #expect(
      String(decoding: enqueue.stdout, as: UTF8.self)
        == "Enqueued job 1 on rt:demo:queue:{emails}:pending\n")
    let bad = try TutorBinary.run(
      [
        "demo", "enqueue", "-p", String(demo.server.port), "--yes", "--to", "not-an-address",
        "--subject", "x",
      ],
      home: demo.home)
    #expect(bad.status == 1)
    #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
    #expect(bad.stderr.hasPrefix("redis-tutor demo enqueue: "))
    let script =
      ":queue stats\n:queue job 1\n:queue dlq\n:queue requeue 7\nLLEN rt:demo:queue:{emails}:pending\n"
    let shell = try demo.runShell(script)
    let text = String(decoding: shell.stdout, as: UTF8.self)
    #expect(
      text.contains("queue emails: pending 1, active 0, retry 0, dead 0, done 0, enqueued 1\n"),
      "\(text)")
    #expect(text.contains("job 1 on emails: "))
    #expect(text.contains("\"idempotencyKey\":\"welcome-ada\""))
    #expect(text.contains("The dead-letter queue of emails is empty.\n"))
    #expect(text.hasSuffix("1\n"), "the malformed job wrote nothing: one job pending")
  }

  @Test func queueStatsCountsTheWorkersOfADemoWorkerProcess() throws {
    let worker = try ChildProcess(
      executable: TutorBinary.path,
      arguments: [
        "demo", "worker", "--port", String(demo.server.port), "--yes", "--queue", "emails",
        "--workers", "3", "--work", "noop",
      ],
      environment: TutorBinary.environment(home: demo.home),
      streams: .init(input: "/dev/null", output: "/dev/null", error: "/dev/null"))
    defer { worker.terminate(signal: SIGKILL, grace: .seconds(1)) }
    func statsScreen() throws -> String {
      String(decoding: try demo.runShell(":queue stats\n").stdout, as: UTF8.self)
    }
    var screen = ""
    let counted = eventually(within: .seconds(30), every: .milliseconds(200)) {
      screen = (try? statsScreen()) ?? ""
      return screen.contains("active 0 · 3 workers")
    }
    #expect(counted, "\(screen)")
    // kill -9 says goodbye to no one: the count drops once its heartbeat runs out.
    worker.signal(SIGKILL)
    _ = worker.waitForExit(within: .seconds(5))
    let dropped = eventually(within: .seconds(30), every: .milliseconds(200)) {
      screen = (try? statsScreen()) ?? ""
      return screen.contains("active 0 · 0 workers")
    }
    #expect(dropped, "\(screen)")
  }

  /// The queue demo in a real terminal of each width: every line fits (the dead letters'
  /// long errors included), the retry policy printed is the one whose attempts the dead
  /// letters show, and the number of deliveries is explained where it is printed.
  @Test(arguments: [80, 120]) func theFailureAndCrashScenariosReadRightInATerminal(width: Int)
    throws
  {
    let session = try TmuxSession(
      [
        TutorBinary.path, "demo", "queue", "-p", String(demo.server.port), "--yes",
        "--scenario", "pipeline,failures,crash", "--jobs", "40", "--failure-rate", "0.9",
      ], environment: TutorBinary.environment(home: demo.home), width: width, height: 200)
    let (finished, _) = try session.waitForScreen(within: .seconds(120)) {
      $0.contains("Summary") && $0.contains("crash ")
    }
    let screen = try session.screen(joiningWrappedLines: true)
    #expect(finished, "\(screen)")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    for line in lines {
      #expect(line.count <= width, "wider than \(width) columns: \(line)")
    }
    let prose = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    let policy = try #require(prose.firstMatch(of: #/The workers' policy: .*?, (\d+) attempts?, /#))
    let deadRow = try #require(screen.firstMatch(of: /\n\s*\d+\s+(\d+)\s+421 4\.7\.0/))
    #expect(deadRow.1 == policy.1, "\(screen)")
    #expect(
      prose.contains(
        "It was delivered 3 times in all: once in the worker process killed mid-job; once that sent the email and then crashed on purpose before acknowledging, so its lease ran out too; once that found the email already sent and acknowledged the job."
      ), "\(screen)")
    #expect(!screen.contains("crash: "), "no progress line is left on the screen")
  }
}
