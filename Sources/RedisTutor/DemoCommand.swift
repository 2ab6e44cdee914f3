import ArgumentParser
import Demos
import Foundation
import RedisClient
import RedisSandbox
import Shell

/// `redis-tutor demo NAME`: demos that teach with numbers.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor demo",
    abstract: "Demos that teach with numbers: cache, limiter (queue and jobs are coming).",
    subcommands: [CacheDemoCommand.self, LimiterDemoCommand.self, CacheDemoWorkerCommand.self])
}

/// Where a demo runs: the sandbox by default, or a server named like redis-cli does.
struct DemoServerOptions: ParsableArguments {
  @Option(name: .customShort("h"), help: ArgumentHelp("Server hostname.", valueName: "host"))
  var host: String?
  @Option(name: .customShort("p"), help: ArgumentHelp("Server port.", valueName: "port"))
  var port: Int?
  @Option(name: .customShort("s"), help: ArgumentHelp("Server socket.", valueName: "socket"))
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

  /// Starts the sandbox (or checks the named server may be written to), traps Ctrl-C, and
  /// runs `body`; exits with its status.
  func run(
    _ body: (ConnectionOptions, TutorPaths, CancellationPipe) throws -> Int32
  ) throws {
    signal(SIGPIPE, SIG_IGN)
    let environment = ProcessInfo.processInfo.environment
    let paths = TutorPaths(environment: environment)
    var box: Sandbox?
    var options: ConnectionOptions
    if namesServer {
      options = self.options(environment: environment)
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
    } else {
      do {
        let sandbox = try Sandbox(directory: paths.sandboxDirectory)
        let port = try sandbox.start()
        box = sandbox
        options = ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port))
      } catch {
        printError("redis-tutor: \(error)")
        throw ExitCode(1)
      }
    }
    let cancellation = CancellationPipe()
    let lifecycle = Lifecycle(sandbox: box, cancellation: cancellation)
    lifecycle.trapTermination()
    lifecycle.trapInterrupt()
    defer { lifecycle.shutDown() }
    let status = try body(options, paths, cancellation)
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
      """)

  @Option(help: "Requests in the workload.") var requests = CacheDemoSettings().requests
  @Option(help: "Concurrent clients, each with its own connection.")
  var clients = CacheDemoSettings().clients
  @Option(help: "Items in the store.") var items = CacheDemoSettings().items
  @Option(name: .customLong("latency-ms"), help: "The store's read latency in milliseconds.")
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
    if let scenario {
      var chosen: [CacheDemoSettings.Scenario] = []
      for word in scenario.split(separator: ",") {
        let name = word.trimmingCharacters(in: .whitespaces).lowercased()
        guard let known = CacheDemoSettings.Scenario(rawValue: name) else {
          let names = CacheDemoSettings.Scenario.allCases.map(\.rawValue).joined(separator: ", ")
          throw ValidationError("unknown scenario '\(name)' (one of \(names))")
        }
        if !chosen.contains(known) { chosen.append(known) }
      }
      settings.scenarios = CacheDemoSettings.Scenario.allCases.filter(chosen.contains)
    }
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
    shouldDisplay: false)

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
    let options = ConnectionOptions(endpoint: .tcp(host: host, port: port))
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
      """)

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
    if let scenario {
      var chosen: [LimiterDemoSettings.Scenario] = []
      for word in scenario.split(separator: ",") {
        let name = word.trimmingCharacters(in: .whitespaces).lowercased()
        guard let known = LimiterDemoSettings.Scenario(rawValue: name) else {
          let names = LimiterDemoSettings.Scenario.allCases.map(\.rawValue).joined(separator: ", ")
          throw ValidationError("unknown scenario '\(name)' (one of \(names))")
        }
        if !chosen.contains(known) { chosen.append(known) }
      }
      settings.scenarios = LimiterDemoSettings.Scenario.allCases.filter(chosen.contains)
    }
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
