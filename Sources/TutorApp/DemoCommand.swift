import ArgumentParser
import Demos
import Foundation
import Patterns
import RedisClient
import RedisSandbox
import Shell
import TutorFiles

/// `redis-tutor demo NAME`: demos that teach with numbers.
public struct DemoCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "redis-tutor demo",
    abstract: "Demos that teach with numbers: cache, limiter, queue (jobs), worker, enqueue.",
    subcommands: [
      CacheDemoCommand.self, LimiterDemoCommand.self, QueueDemoCommand.self,
      QueueWorkerCommand.self, EnqueueCommand.self, CacheDemoWorkerCommand.self,
    ], helpNames: [.long])

  public init() {}

  /// Runs `redis-tutor demo …`; a mistake in the options is one line, not the usage text.
  public static func main(commandLine arguments: [String]) {
    // The words the demo command knows, read from its own configuration.
    let known = DemoCommand.configuration.subcommands.flatMap {
      [$0.configuration.commandName ?? ""] + $0.configuration.aliases
    }
    if let name = arguments.first, !name.hasPrefix("-"), name != "help", !known.contains(name) {
      printError(
        "redis-tutor demo: '\(name)' is not a demo; the demos are cache, limiter, queue (and jobs)")
      DemoCommand.exit(withError: ExitCode(64))
    }
    do {
      var command = try DemoCommand.parseAsRoot(arguments)
      try command.run()
    } catch {
      let code = DemoCommand.exitCode(for: error)
      let message = DemoCommand.fullMessage(for: error)
      if code == .success || error is CleanExit || message.hasPrefix("OVERVIEW") {
        DemoCommand.exit(withError: error)
      }
      if error is ExitCode { DemoCommand.exit(withError: error) }
      var first = message.split(separator: "\n").first.map(String.init) ?? message
      if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
      printError("redis-tutor demo: \(first) (redis-tutor demo NAME --help lists the options)")
      DemoCommand.exit(withError: ExitCode(64))
    }
  }
}

/// Where a demo runs: the sandbox by default, or a server named like redis-cli does.
struct DemoServerOptions: ParsableArguments {
  @Option(
    name: [.customShort("h"), .customLong("host")],
    help: ArgumentHelp("Server hostname (default: the sandbox).", valueName: "host"))
  var host: String?
  @Option(
    name: [.customShort("p"), .customLong("port")],
    help: ArgumentHelp("Server port.", valueName: "port"))
  var port: Int?
  @Option(
    name: [.customShort("s"), .customLong("socket")],
    help: ArgumentHelp("Server socket.", valueName: "socket"))
  var socket: String?
  @Flag(
    name: .customLong("yes"),
    help: "On a named server, write the demo's rt:demo: keys without asking.")
  var assumeYes = false

  /// Whether a server was named (otherwise the sandbox is used).
  var namesServer: Bool { host != nil || port != nil || socket != nil }

  /// Connection options for the named server; REDISCLI_AUTH supplies a password.
  func options(environment: [String: String]) -> ConnectionOptions {
    var options = ConnectionOptions()
    if let socket {
      options.endpoint = .unix(path: socket)
    } else {
      options.endpoint = .tcp(host: host ?? "127.0.0.1", port: port ?? 6379)
    }
    options.password = environment["REDISCLI_AUTH"]
    return options
  }

  /// The server to use: the sandbox, started with this process as one of its users, or the
  /// named server once the learner agreed to the demo's keys there; exits with one line.
  func open(environment: [String: String]) throws -> (ConnectionOptions, Sandbox?) {
    if namesServer {
      let options = self.options(environment: environment)
      if !assumeYes {
        guard isatty(0) == 1 else {
          printError(
            "redis-tutor: the demo writes rt:demo: keys on \(options.endpoint); pass --yes to allow it, or run it on the sandbox (no -h/-p/-s)."
          )
          throw ExitCode(1)
        }
        print(
          "The demo writes keys under rt:demo: on \(options.endpoint). Go on? [y/N] ",
          terminator: "")
        fflush(nil)
        let answer = readLine()?.lowercased() ?? ""
        guard answer == "y" || answer == "yes" else { throw ExitCode(1) }
      }
      return (options, nil)
    }
    do {
      let sandbox = try Sandbox(directory: TutorPaths(environment: environment).sandboxDirectory)
      try sandbox.start()
      return (sandbox.connectionOptions() ?? ConnectionOptions(), sandbox)
    } catch {
      printError("redis-tutor: \(error)")
      throw ExitCode(1)
    }
  }

  /// Opens the server, traps Ctrl-C, and runs `body`; exits with its status.
  func run(
    _ body: (ConnectionOptions, TutorPaths, CancellationPipe) throws -> Int32
  ) throws {
    signal(SIGPIPE, SIG_IGN)
    let environment = ProcessInfo.processInfo.environment
    let (options, box) = try open(environment: environment)
    let cancellation = CancellationPipe()
    let lifecycle = Lifecycle(sandbox: box, cancellation: cancellation)
    lifecycle.trapTermination()
    lifecycle.trapInterrupt()
    defer { lifecycle.shutDown() }
    let status = try body(options, TutorPaths(environment: environment), cancellation)
    if status != 0 { throw ExitCode(status) }
  }
}

/// `redis-tutor demo cache`: cache-aside, stampede cures, the stale-set race, write
/// strategies and key TTLs, on a real store and a real Redis.
struct CacheDemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache",
    abstract: "Cache-aside over a slow SQLite store: hit ratio, latency, stampedes, races.",
    discussion: """
      Runs five scenarios (choose with --scenario): workload (a Zipf-skewed load with and \
      without the cache), stampede (a hot key expiring under concurrent clients, with each \
      cure, in one process and in two), race (the stale-set race and its fix), write \
      (write-through vs write-back) and keys (the keys it made, their TTLs and memory). Keys \
      live under rt:demo:cache: and stay afterwards so you can :peek them; --clean removes \
      them. Ctrl-C stops the demo and removes its keys.
      """, helpNames: [.long])

  @Option(help: "Requests in the workload.") var requests = CacheDemoSettings().requests
  @Option(help: "Concurrent clients, each with its own connection.")
  var clients = CacheDemoSettings().clients
  @Option(help: "Items in the store.") var items = CacheDemoSettings().items
  @Option(name: .customLong("latency-ms"), help: "Milliseconds each store read and write takes.")
  var latencyMilliseconds = CacheDemoSettings().storeLatencyMilliseconds
  @Option(help: "Cache TTL in seconds (plus jitter).") var ttl = CacheDemoSettings().ttlSeconds
  @Option(help: "Zipf exponent of the workload (higher: more skewed).")
  var zipf = CacheDemoSettings().zipfExponent
  @Option(help: "Seed for every random choice.") var seed = CacheDemoSettings().seed
  @Option(
    help: ArgumentHelp(
      "Scenarios to run, comma-separated: workload, stampede, race, write, keys (default: all).",
      valueName: "list"))
  var scenario: String?
  @Flag(help: "Print the results as JSON.") var json = false
  @Flag(help: "Remove the demo's keys and exit.") var clean = false
  @OptionGroup var server: DemoServerOptions

  /// The settings the flags describe, or a one-line error.
  func settings() throws -> CacheDemoSettings {
    var settings = CacheDemoSettings()
    settings.requests = requests
    settings.clients = clients
    settings.items = items
    settings.storeLatencyMilliseconds = latencyMilliseconds
    settings.ttlSeconds = ttl
    settings.zipfExponent = zipf
    settings.seed = seed
    settings.json = json
    if let scenario { settings.scenarios = try scenarios(from: scenario) }
    if let problem = settings.problem() { throw ValidationError(problem) }
    return settings
  }

  func validate() throws { _ = try settings() }

  func run() throws {
    try server.run { options, paths, cancellation in
      DemoRunner.runCache(
        settings: try settings(), clean: clean, options: options, paths: paths,
        cancellation: cancellation, output: FileOutput(descriptor: 1), terminal: isatty(1) == 1)
    }
  }
}

/// The hidden `demo cache-worker`: the second client process of the two-process stampede.
struct CacheDemoWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache-worker", abstract: "A client process for the cache demo (internal).",
    shouldDisplay: false, helpNames: [.long])

  @Option var port: Int
  @Option var host = "127.0.0.1"
  @Option var store: String
  @Option var clients: Int
  @Option var protection: String
  @Option var item: Int
  @Option var ready: String
  @Option var go: String
  @Option(name: .customLong("latency-ms")) var latencyMilliseconds: Double

  func run() throws {
    var options = ConnectionOptions(endpoint: .tcp(host: host, port: port))
    options.password = ProcessInfo.processInfo.environment["REDISCLI_AUTH"]
    let result = CacheDemoWorker(
      options: options, storePath: store, clients: clients, protection: protection, item: item,
      readyKey: ready, goKey: go, storeLatencyMilliseconds: latencyMilliseconds
    ).run()
    print(result)
  }
}

/// `redis-tutor demo limiter`: five rate-limiting algorithms and their trade-offs.
struct LimiterDemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "limiter",
    abstract: "Rate limiters in Redis: five algorithms on the same traffic, and their trade-offs.",
    discussion: """
      Scenarios (choose with --scenario): traffic (the same requests through fixed window, \
      sliding log, sliding counter, token bucket and GCRA, drawn tick by tick), edge (the \
      fixed window's 2x burst), error (the sliding counter against the exact log), race \
      (GET-then-SET against an atomic script), compare (token bucket vs GCRA), skew (client \
      clocks against Redis TIME) and routes (per-route, per-IP rules with headers, shadow \
      mode and failure modes). Rules come from --rules FILE (JSON; --print-rules shows the \
      format). Keys live under rt:demo:limiter: and stay for :peek; --clean removes them.
      """, helpNames: [.long])

  @Option(help: "The limit every algorithm enforces.") var limit = LimiterDemoSettings().limit
  @Option(help: "Its window in seconds.") var window = LimiterDemoSettings().windowSeconds
  @Option(help: "Concurrent clients in the race.") var clients = LimiterDemoSettings().clients
  @Option(help: "Seed for the random traffic.") var seed = LimiterDemoSettings().seed
  @Option(help: ArgumentHelp("A rules file for the routes scenario.", valueName: "file"))
  var rules: String?
  @Option(
    help: ArgumentHelp(
      "Scenarios, comma-separated: traffic, edge, error, race, compare, skew, routes (default: all).",
      valueName: "list"))
  var scenario: String?
  @Flag(help: "Print the results as JSON.") var json = false
  @Flag(help: "Remove the demo's keys and exit.") var clean = false
  @Flag(name: .customLong("print-rules"), help: "Print the built-in rules file and exit.")
  var printRules = false
  @OptionGroup var server: DemoServerOptions

  func settings() throws -> LimiterDemoSettings {
    var settings = LimiterDemoSettings()
    settings.limit = limit
    settings.windowSeconds = window
    settings.clients = clients
    settings.seed = seed
    settings.json = json
    settings.rulesPath = rules
    if let scenario { settings.scenarios = try scenarios(from: scenario) }
    if let problem = settings.problem() { throw ValidationError(problem) }
    if let rules {
      do {
        _ = try RuleSet.load(path: rules)
      } catch {
        throw ValidationError("\(error)")
      }
    }
    return settings
  }

  func validate() throws { _ = try settings() }

  func run() throws {
    if printRules {
      print(RuleSet.exampleJSON, terminator: "")
      return
    }
    try server.run { options, paths, cancellation in
      DemoRunner.runLimiter(
        settings: try settings(), clean: clean, options: options, paths: paths,
        cancellation: cancellation, output: FileOutput(descriptor: 1), terminal: isatty(1) == 1)
    }
  }
}

/// `redis-tutor demo queue`: email jobs through a reliable Redis queue.
struct QueueDemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue",
    abstract: "Background jobs: a reliable Redis queue with retries, a DLQ and crash recovery.",
    discussion: """
      Scenarios (choose with --scenario): pipeline (email jobs through producer, queue and \
      workers, drawn live, with injected send failures), failures (the backoff schedule with \
      full jitter, the dead-letter queue, a re-queue), crash (a worker killed with kill -9 \
      mid-job: BRPOP loses the job, the reliable queue returns it after its lease and the \
      idempotency key stops a second email) and throughput (no-op jobs per second). `demo \
      jobs` runs the first three. Keys live under rt:demo:queue:; poke them with :queue \
      stats, :queue dlq, :queue requeue ID|all, :queue job ID, or :peek. --backend streams \
      runs the pipeline on a Redis Stream with a consumer group instead (XADD, XREADGROUP, \
      XACK, XAUTOCLAIM of idle entries, a dead-letter stream for entries delivered more than \
      --max-attempts times), with the same send failures plus poison jobs and a worker that \
      dies holding jobs, and prints the same accounting: done + dead = enqueued.
      """,
    helpNames: [.long], aliases: ["jobs"])

  @Option(help: "Email jobs in the pipeline.") var jobs = QueueDemoSettings().jobs
  @Option(help: "Workers in the pipeline.") var workers = QueueDemoSettings().workers
  @Option(name: .customLong("failure-rate"), help: "Share of sends that fail (0-1).")
  var failureRate = QueueDemoSettings().failureRate
  @Option(name: .customLong("max-attempts"), help: "Attempts before the dead-letter queue.")
  var maxAttempts = QueueDemoSettings().maxAttempts
  @Option(name: .customLong("throughput-jobs"), help: "No-op jobs in the throughput scenario.")
  var throughputJobs = QueueDemoSettings().throughputJobs
  @Option(help: "Seed for failures and jitter.") var seed = QueueDemoSettings().seed
  @Option(
    help: ArgumentHelp(
      "Where the pipeline's jobs wait: lists (the reliable queue) or streams (a consumer group; pipeline only).",
      valueName: "lists|streams"))
  var backend = QueueDemoSettings().backend.rawValue
  @Option(
    help: ArgumentHelp(
      "Scenarios, comma-separated: pipeline, failures, crash, throughput (default: all).",
      valueName: "list"))
  var scenario: String?
  @Flag(help: "Print the results as JSON.") var json = false
  @Flag(help: "Remove the demo's queues and exit.") var clean = false
  @OptionGroup var server: DemoServerOptions

  func settings(jobsOnly: Bool = false) throws -> QueueDemoSettings {
    var settings = QueueDemoSettings()
    settings.jobs = jobs
    settings.workers = workers
    settings.failureRate = failureRate
    settings.maxAttempts = maxAttempts
    settings.throughputJobs = throughputJobs
    settings.seed = seed
    settings.json = json
    guard let backend = QueueDemoSettings.Backend(rawValue: backend) else {
      throw ValidationError("--backend must be lists or streams (got '\(self.backend)')")
    }
    settings.backend = backend
    if jobsOnly { settings.scenarios = [.pipeline, .failures, .crash] }
    if backend == .streams { settings.scenarios = [.pipeline] }
    if let scenario { settings.scenarios = try scenarios(from: scenario) }
    if let problem = settings.problem() { throw ValidationError(problem) }
    return settings
  }

  func validate() throws { _ = try settings() }

  func run() throws {
    let jobsOnly = CommandLine.arguments.dropFirst().prefix(2).last == "jobs"
    try server.run { options, paths, cancellation in
      DemoRunner.runQueue(
        settings: try settings(jobsOnly: jobsOnly), clean: clean, options: options,
        paths: paths, cancellation: cancellation, output: FileOutput(descriptor: 1),
        terminal: isatty(1) == 1)
    }
  }
}

/// `redis-tutor demo worker`: a worker process for a demo queue, until SIGTERM or Ctrl-C.
struct QueueWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker",
    abstract:
      "Run queue workers in this process until SIGTERM or Ctrl-C (kill -9 it to test recovery).",
    helpNames: [.long], aliases: ["queue-worker"])

  @OptionGroup var server: DemoServerOptions
  @Option(help: "The queue's name.") var queue = "emails"
  @Option(help: "Worker threads.") var workers = 4
  @Option(help: "Lease per job, seconds.") var lease = 5.0
  @Option(help: "Jobs claimed per call.") var batch = 1
  @Option(
    help: ArgumentHelp(
      "What each job does: noop, sleep:SECONDS, or email:OUTBOX[:FAILURE-RATE].",
      valueName: "work"))
  var work = "email"
  @Option(name: .customLong("max-attempts"), help: "Attempts before the dead-letter queue.")
  var maxAttempts = 3

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let paths = TutorPaths(environment: environment)
    let parts = work.split(separator: ":", maxSplits: 2).map(String.init)
    let kind: QueueWorkerProcess.Work
    switch parts.first {
    case "noop": kind = .noop
    case "sleep": kind = .sleep(Double(parts.count > 1 ? parts[1] : "1") ?? 1)
    case "email":
      let outbox = parts.count > 1 ? parts[1] : paths.dataDirectory + "/demos/outbox"
      let rate = parts.count > 2 ? Double(parts[2]) ?? 0 : 0
      kind = .email(outboxPath: outbox, failureFraction: rate, hangFraction: 0, hangSeconds: 0)
    default:
      throw ValidationError("--work \(work): use noop, sleep:SECONDS or email:OUTBOX[:RATE]")
    }
    let (options, sandbox) = try server.open(environment: environment)
    // On the sandbox, this worker is one of its users: it keeps the server running, and
    // starts it again on the same address if it dies.
    sandbox?.restartWhenDead(checkingEvery: .seconds(1))
    defer { sandbox?.stop() }
    let settings = QueueWorkerProcess.Settings(
      connection: options, queueName: queue, workers: workers, lease: lease,
      backoff: BackoffPolicy(base: 0.05, cap: 1, maxAttempts: maxAttempts), batchSize: batch,
      work: kind)
    let status = QueueWorkerProcess.run(settings: settings)
    if status != 0 { throw ExitCode(status) }
  }
}

/// `redis-tutor demo enqueue`: puts one email job on a demo queue.
struct EnqueueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "enqueue", abstract: "Enqueue one email job on the demo's queue (rt:demo:queue:).",
    helpNames: [.long])

  @Option(help: "Recipient address.") var to: String
  @Option(help: "Subject line.") var subject: String
  @Option(help: "Body text.") var body = ""
  @Option(help: "Idempotency key (default: a new one).") var key: String?
  @Option(help: "The queue's name.") var queue = "emails"
  @OptionGroup var server: DemoServerOptions

  func run() throws {
    try server.run { options, _, _ in
      do {
        let job = EmailJob(
          to: to, subject: subject, body: body, idempotencyKey: key ?? UUID().uuidString)
        let reliable = try ReliableQueue(
          options: options,
          configuration: QueueConfiguration(name: queue, validatePayload: EmailJob.validatePayload))
        let id = try reliable.enqueue(try job.payload())
        print("Enqueued job \(id.rawValue) on \(reliable.keys.pending)")
        return 0
      } catch {
        printError("redis-tutor demo enqueue: \(error)")
        return 1
      }
    }
  }
}

/// Reads `--scenario a,b`: the named scenarios in the demo's own order, each once.
func scenarios<Scenario: RawRepresentable & CaseIterable & Equatable>(from list: String) throws
  -> [Scenario] where Scenario.RawValue == String
{
  var chosen: [Scenario] = []
  for word in list.split(separator: ",") {
    let name = word.trimmingCharacters(in: .whitespaces).lowercased()
    guard let known = Scenario(rawValue: name) else {
      let names = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
      throw ValidationError("unknown scenario '\(name)' (one of \(names))")
    }
    if !chosen.contains(known) { chosen.append(known) }
  }
  return Scenario.allCases.filter(chosen.contains)
}
