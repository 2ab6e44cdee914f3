import ArgumentParser
import Foundation
import Patterns
import RedisClient
import RedisSandbox
import Service
import TutorFiles

/// `redis-tutor-serve`: the Day 6 service (cache, limiter, queue behind HTTP), and its
/// separate `worker` process.
@main
struct RedisTutorServe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor-serve",
    abstract: "Serve items, rate limits and an email queue over HTTP, backed by Redis.",
    discussion: """
      Routes: GET/PUT /items/:id (cache-aside over SQLite), POST /notifications and \
      GET /notifications/:id (the email queue), GET /healthz, GET /metrics (Prometheus). \
      Redis keys live under rt:svc:. Files live in $XDG_DATA_HOME/redis-tutor/service: \
      items.sqlite, outbox/, service.log (one JSON line per request and per job). \
      SIGINT or SIGTERM shuts down gracefully. With --stage-env it runs under the stage \
      tester instead: PORT, REDIS_URL and KEY_PREFIX (all its keys under it), ITEMS_URL (an \
      item store over HTTP), EMAIL_URL (an email provider over HTTP), WORKERS, MAX_ATTEMPTS \
      and BACKOFF_MS come from the environment, and each finished job prints a job_done line: \
      redis-tutor test day6-integration -- redis-tutor-serve --stage-env
      """,
    subcommands: [WorkerCommand.self],
    helpNames: [.long])

  @Option(help: "Port to listen on (0: any free port).") var port = 8080
  @Option(
    name: .customLong("bind"),
    help: ArgumentHelp("Address to listen on (-h/--host names Redis's).", valueName: "address"))
  var bindAddress = "127.0.0.1"
  @Option(help: "Email workers in this process (0: none; run `redis-tutor-serve worker`).")
  var workers = 2
  @Option(help: ArgumentHelp("Rate-limit rules (JSON; default: built-in).", valueName: "file"))
  var rules: String?
  @Option(help: "Items seeded into the store on first start.") var items = 10_000
  @Option(name: .customLong("read-latency-ms"), help: "The store's read latency in ms.")
  var readLatencyMilliseconds = 20.0
  @Flag(name: .customLong("log-stdout"), help: "Also print log lines to standard output.")
  var logToStandardOutput = false
  @Flag(
    name: .customLong("stage-env"),
    help: ArgumentHelp(
      "Take the port, Redis, key prefix, item store, email provider and workers from the "
        + "stage tester's environment (PORT, REDIS_URL, KEY_PREFIX, ITEMS_URL, EMAIL_URL, WORKERS, "
        + "MAX_ATTEMPTS, BACKOFF_MS)."))
  var stageEnvironment = false
  @OptionGroup var server: RedisServerOptions

  func validate() throws {
    if stageEnvironment && (server.redisHost != nil || server.redisPort != nil || server.sandbox) {
      throw ValidationError(
        "--stage-env takes Redis from REDIS_URL; leave out -h/--host, -p/--redis-port and --sandbox"
      )
    }
  }

  func run() async throws {
    umask(0o077)  // the service's files (items, outbox, log) are the learner's alone
    signal(SIGPIPE, SIG_IGN)
    let environment = ProcessInfo.processInfo.environment
    let ruleSet: RuleSet
    do {
      ruleSet = try ServiceRules.load(path: rules)
    } catch {
      fail("redis-tutor serve: \(error)")
    }
    let directory = TutorPaths(environment: environment).serviceDirectory
    let redis: RedisServerOptions.Opened
    var configuration: ServiceConfiguration
    if stageEnvironment {
      do {
        configuration = try StageEnvironment.configuration(environment, directory: directory)
      } catch {
        fail("redis-tutor serve: \(error)")
      }
      redis = RedisServerOptions.Opened(options: configuration.redis, sandbox: nil)
    } else {
      redis = try server.open(environment: environment)
      configuration = ServiceConfiguration(redis: redis.options, directory: directory)
      configuration.host = bindAddress
      configuration.port = port
      configuration.workers = workers
    }
    configuration.rules = ruleSet
    configuration.items = items
    configuration.readLatency = readLatencyMilliseconds / 1000
    configuration.logToStandardOutput = logToStandardOutput
    let workers = configuration.workers
    let app: ServiceApp
    do {
      app = try ServiceApp(configuration: configuration)
    } catch {
      redis.sandbox?.stop()
      fail("redis-tutor serve: \(error)")
    }
    let workerText = workers == 1 ? "1 worker" : "\(workers) workers"
    let host = configuration.host
    let port = configuration.port
    let logPath = configuration.logPath
    let redisText = redis.options.endpoint.description
    do {
      let report = try await app.run(shutdownSignals: [.sigterm, .sigint]) { port in
        print(
          "redis-tutor serve: listening on http://\(host):\(port) "
            + "(Redis \(redisText), \(workerText), log \(logPath))")
        fflush(nil)
      }
      let sandboxShared = redis.sandbox?.isShared == true
      redis.sandbox?.stop()
      var parts = ["requests finished"]
      if workers > 0 {
        parts.append(
          report.workersFinishedInTime
            ? "workers finished their jobs"
            : "\(report.jobsHandedBack) unfinished jobs handed back to the queue")
      }
      if redis.sandbox != nil {
        parts.append(sandboxShared ? "sandbox left to the other redis-tutor" : "sandbox stopped")
      }
      print("redis-tutor serve: stopped (\(parts.joined(separator: ", ")))")
      fflush(nil)
    } catch {
      redis.sandbox?.stop()
      fail(
        "redis-tutor serve: cannot serve on \(host):\(port): \(error); pick another --port")
    }
  }
}

/// `redis-tutor-serve worker`: email workers for the service's queue in a process of their own.
struct WorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker",
    abstract: "Run email workers for the service's queue until SIGTERM or Ctrl-C.",
    discussion: """
      Takes jobs from rt:svc:queue:{notifications} (the queue POST /notifications fills) and \
      delivers them into $XDG_DATA_HOME/redis-tutor/service/outbox, logging each attempt to \
      service.log. Use it with `redis-tutor-serve --workers 0`.
      """,
    helpNames: [.long])

  @Option(help: "Worker threads.") var workers = 2
  @Flag(name: .customLong("log-stdout"), help: "Also print log lines to standard output.")
  var logToStandardOutput = false
  @OptionGroup var server: RedisServerOptions

  func run() throws {
    umask(0o077)
    signal(SIGPIPE, SIG_IGN)
    guard workers >= 1 else { fail("redis-tutor-serve worker: --workers must be at least 1") }
    let environment = ProcessInfo.processInfo.environment
    let redis = try server.open(environment: environment)
    let directory = TutorPaths(environment: environment).serviceDirectory
    let configuration = ServiceConfiguration(redis: redis.options, directory: directory)
    let pool: WorkerPool
    do {
      let log = try ServiceLog(path: configuration.logPath, echo: logToStandardOutput)
      pool = try NotificationWorkers.makePool(
        redis: redis.options, queue: configuration.queue, count: workers,
        outboxPath: configuration.outboxPath, log: log)
    } catch {
      redis.sandbox?.stop()
      fail("redis-tutor-serve worker: \(error)")
    }
    let stop = StopSignal()
    let sources = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { stop.trigger() }
      source.resume()
      return source
    }
    pool.start()
    print(
      "redis-tutor-serve worker: \(workers) workers on \(configuration.queue.keys.pending) "
        + "(Redis \(redis.options.endpoint), log \(configuration.logPath))")
    fflush(nil)
    stop.wait()
    let report = pool.shutdown(deadline: configuration.shutdownDeadline)
    sources.forEach { $0.cancel() }
    redis.sandbox?.stop()
    print(
      "redis-tutor-serve worker: stopped (\(report.returnedToPending.count) unfinished jobs handed back)"
    )
    fflush(nil)
  }
}

/// Which Redis to use: the shell's sandbox (default) or a server named like redis-cli does.
struct RedisServerOptions: ParsableArguments {
  @Option(
    name: [.customShort("h"), .customLong("host")],
    help: ArgumentHelp("Redis hostname (default: the sandbox).", valueName: "host"))
  var redisHost: String?
  @Option(
    name: [.customShort("p"), .customLong("redis-port")],
    help: ArgumentHelp("Redis port (--port is the one the service listens on).", valueName: "port"))
  var redisPort: Int?
  @Flag(help: "Use the tutor's sandbox server (the default), shared with the shell.")
  var sandbox = false

  /// The Redis to use, with the sandbox when one was started or attached to.
  struct Opened {
    var options: ConnectionOptions
    var sandbox: Sandbox?
  }

  func validate() throws {
    if sandbox && (redisHost != nil || redisPort != nil) {
      throw ValidationError("use either --sandbox or -h/--host and -p/--redis-port, not both")
    }
  }

  /// Starts (or attaches to) the sandbox, or names the server; exits with a one-line error.
  func open(environment: [String: String]) throws -> Opened {
    // Short timeouts: while Redis is down a request must fail fast and fall back.
    var options = ConnectionOptions(connectTimeout: 0.5, readTimeout: 2)
    options.password = environment["REDISCLI_AUTH"]
    if redisHost != nil || redisPort != nil {
      options.endpoint = .tcp(host: redisHost ?? "127.0.0.1", port: redisPort ?? 6379)
      return Opened(options: options, sandbox: nil)
    }
    do {
      let box = try Sandbox(
        directory: TutorPaths(environment: environment).sandboxDirectory)
      try box.start()
      if let sandboxOptions = box.connectionOptions() {
        options.endpoint = sandboxOptions.endpoint
        options.password = sandboxOptions.password
      }
      box.restartWhenDead(checkingEvery: .seconds(1))
      return Opened(options: options, sandbox: box)
    } catch {
      fail("redis-tutor serve: \(error)")
    }
  }
}

/// Prints `line` to standard error and exits with status 1.
func fail(_ line: String) -> Never {
  FileHandle.standardError.write(Data((line + "\n").utf8))
  exit(1)
}
