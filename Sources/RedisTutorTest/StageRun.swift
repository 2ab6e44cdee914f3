import Foundation
import RedisClient
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Why an expectation failed: one line, and the request and answer that showed it.
struct Failure: Error {
  var why: String
  var request: String? = nil
  var response: Result<HTTPResponse, HTTPError>? = nil
}

/// How far a run got: expectations passed before the first failure, and its name.
struct StageVerdict {
  var passed: Int
  var total: Int
  /// The expectation that failed (`start` when the program never started), or nil.
  var failed: String?
}

/// One named expectation and the code that checks it; nil from `check` is a pass.
struct Expectation {
  var name: String
  var check: () -> Failure?
}

/// What the learner's program was given and how long it may take.
struct RunSettings {
  var command: [String]
  var directory: String
  /// The learner's environment, to which the run's variables are added.
  var environment: [String: String]
  var redisURL: String
  var redisOptions: ConnectionOptions
  /// Seconds a service has to listen on PORT, or a client to finish.
  var startTimeout: Double
  /// Seconds each request to the service may take.
  var requestTimeout: Double = 5
  /// Bytes of output after which the program counts as flooding it.
  var outputCap: Int = 1 << 20
}

/// One run of a stage against the learner's command: the run's prefix and port, the fakes,
/// the program, and the report printed as it goes.
///
/// Whatever the verdict (and on Ctrl-C, through `abort`), `finish` kills the program's whole
/// process group, checks nothing of it is left, and deletes the keys under the prefix.
final class StageRun: @unchecked Sendable {
  let stage: StageText
  let settings: RunSettings
  let prefix: String
  let port: Int
  let keys: PrefixKeys
  /// The stage's item store, when it has one.
  private(set) var store: FakeItemStore?
  /// The stage's email provider, when it has one.
  private(set) var email: FakeEmailProvider?
  /// The stage's job sink, when it has one.
  private(set) var sink: FakeSink?
  /// Variables the stage adds for the program.
  private var stageEnvironment: [String: String] = [:]
  /// Parts a stage adds to a failure's report: a title and its lines, read when reporting.
  private var reportSections: [(title: String, lines: () -> [String])] = []
  private let program = Mutex<LearnerProgram?>(nil)
  private let finished = Mutex(false)
  /// Processes of the program that could not be stopped (none, normally).
  private let leftovers = Mutex<[pid_t]>([])
  private var lastRequest: (text: String, result: Result<HTTPResponse, HTTPError>)?

  init(stage: StageText, settings: RunSettings) throws(StartFailure) {
    self.stage = stage
    self.settings = settings
    let token = UInt64.random(in: 0x10_0000_0000...0xff_ffff_ffff)
    prefix = "rt:test:\(stage.name):\(String(token, radix: 16)):"
    guard let port = Socket.freePort() else {
      throw StartFailure(reason: "cannot find a free port on 127.0.0.1")
    }
    self.port = port
    do {
      keys = PrefixKeys(connection: try Connection(settings.redisOptions), prefix: prefix)
    } catch {
      throw StartFailure(
        reason: "cannot reach Redis at \(settings.redisOptions.endpoint): \(error)")
    }
  }

  /// Starts the stage's item store with `items` (id → JSON), given as `ITEMS_URL`.
  func startStore(items: [String: String], latency: Double) throws(StartFailure) {
    guard let store = FakeItemStore(items: items, latency: latency) else {
      throw StartFailure(reason: "cannot start the fake item store on 127.0.0.1")
    }
    self.store = store
    stageEnvironment["ITEMS_URL"] = store.url
  }

  /// Starts the stage's email provider, each send taking `latency` seconds, given as
  /// `EMAIL_URL`.
  func startEmail(latency: Double) throws(StartFailure) {
    guard let email = FakeEmailProvider(latency: latency) else {
      throw StartFailure(reason: "cannot start the fake email provider on 127.0.0.1")
    }
    self.email = email
    stageEnvironment["EMAIL_URL"] = email.url
    addReportSection("the email provider saw:") { email.summary() }
  }

  /// Adds a part to a failure's report, after the item store's: what a stage's own probes
  /// or fakes saw (`lines` is called when a failure is reported).
  func addReportSection(_ title: String, lines: @escaping () -> [String]) {
    reportSections.append((title, lines))
  }

  /// Starts the stage's job sink, given as `SINK_URL`.
  func startSink() throws(StartFailure) {
    guard let sink = FakeSink() else {
      throw StartFailure(reason: "cannot start the fake job sink on 127.0.0.1")
    }
    self.sink = sink
    stageEnvironment["SINK_URL"] = sink.url
    addReportSection("the job sink saw:") { sink.summary() }
  }

  /// Adds a variable for the program (`WINDOW_SECONDS`).
  func setEnvironment(_ name: String, _ value: String) { stageEnvironment[name] = value }

  /// The environment the program runs with.
  var environment: [String: String] {
    var environment = settings.environment
    environment["REDIS_URL"] = settings.redisURL
    environment["KEY_PREFIX"] = prefix
    if stage.isService { environment["PORT"] = String(port) }
    environment.merge(stageEnvironment) { _, new in new }
    return environment
  }

  /// The line naming the run, printed first.
  var heading: String {
    var parts = ["KEY_PREFIX \(prefix)"]
    if stage.isService { parts.insert("PORT \(port)", at: 0) }
    return "redis-tutor test \(stage.name): \(settings.command.joined(separator: " ")) "
      + "(\(parts.joined(separator: ", ")))"
  }

  // MARK: the program

  /// Starts the program; a service must then accept connections on PORT within the deadline.
  func startProgram() -> Failure? {
    let started: LearnerProgram
    do {
      started = try LearnerProgram(
        command: settings.command, environment: environment, directory: settings.directory,
        outputCap: settings.outputCap)
    } catch {
      return Failure(why: "\(error)")
    }
    program.withLock { $0 = started }
    guard stage.isService else { return nil }
    let end = MonotonicClock.now + settings.startTimeout
    while true {
      if let failure = programTrouble(during: "before listening on PORT \(port)") {
        return failure
      }
      if Socket.accepts(port: port) { return nil }
      if MonotonicClock.now >= end {
        let elsewhere = started.listeningPorts()
        return Failure(
          why: "nothing listened on 127.0.0.1:\(port) within \(Self.seconds(settings.startTimeout))"
            + (elsewhere.isEmpty
              ? ": does your program read PORT from the environment?"
              : ": your program listens on port \(elsewhere.map { String($0) }.joined(separator: ", ")) "
                + "instead; listen on PORT (\(port)) from the environment"))
      }
      _ = started.waitForExit(seconds: 0.05)
    }
  }

  /// Runs a client program to its end; a failure when it does not exit 0 in time.
  func runClientToEnd() -> Failure? {
    if let failure = startProgram() { return failure }
    guard let running = program.withLock({ $0 }) else { return Failure(why: "not started") }
    let end = MonotonicClock.now + settings.startTimeout
    while MonotonicClock.now < end {
      if running.flooded { return floodFailure() }
      if let exit = running.waitForExit(seconds: 0.05) {
        stopProgram()
        if running.flooded { return floodFailure() }
        return exit == .code(0) ? nil : Failure(why: "your program \(exit)")
      }
    }
    stopProgram()
    return Failure(
      why: "your program did not finish within \(Self.seconds(settings.startTimeout)); "
        + "it was stopped (a client should do its work and exit)")
  }

  private func floodFailure() -> Failure {
    stopProgram()
    return Failure(
      why: "your program printed more than \(settings.outputCap / 1024) KiB; it was stopped "
        + "(print a line per request at most)")
  }

  /// A failure when the program has ended (within `waiting` seconds) or flooded its
  /// output, else nil.
  func programTrouble(during what: String, waiting: Double = 0) -> Failure? {
    guard let running = program.withLock({ $0 }) else { return nil }
    if running.flooded { return floodFailure() }
    if let exit = running.waitForExit(seconds: waiting) {
      return Failure(why: "your program \(exit) \(what)")
    }
    return nil
  }

  /// Stops the program (its whole group and everything below it), waiting for the last of
  /// its output; remembers any process that could not be stopped.
  func stopProgram() {
    let left = program.withLock { $0 }?.stop() ?? []
    if !left.isEmpty { leftovers.withLock { $0 += left } }
  }

  /// Sends `number` to the program's process group (SIGKILL mid-job, SIGTERM to ask it to
  /// finish) and waits up to `seconds` for it to end; how it ended, or nil while it runs.
  func signalProgram(_ number: Int32, waiting seconds: Double) -> ProgramExit? {
    guard let running = program.withLock({ $0 }) else { return nil }
    running.signal(number)
    return running.waitForExit(seconds: seconds)
  }

  /// Stops the program if it still runs and starts the same command again, with the same
  /// environment (the same PORT and KEY_PREFIX): a worker restarted after a crash.
  func restartProgram() -> Failure? {
    stopProgram()
    return startProgram()
  }

  /// The lines the program (as started last) printed so far, up to the last 64 KiB.
  func outputLines() -> [String] { program.withLock { $0 }?.lastLines(Int.max) ?? [] }

  // MARK: requests

  /// Sends a request to the learner's service (from the loopback address `source` when
  /// given) and remembers it for the report.
  @discardableResult
  func request(_ method: String, _ path: String, body: String? = nil, from source: String? = nil)
    -> Result<HTTPResponse, HTTPError>
  {
    let result = HTTPProbe.send(
      method, path, port: port, body: body, timeout: settings.requestTimeout, from: source)
    lastRequest = (
      text: "\(method) \(path)" + (body.map { " with body \($0)" } ?? "")
        + (source.map { " from \($0)" } ?? ""),
      result: result
    )
    return result
  }

  /// A failure for the last request: `why`, with the request and its answer.
  func failure(_ why: String) -> Failure {
    Failure(why: why, request: lastRequest?.text, response: lastRequest?.result)
  }

  /// The answer to `GET path` when it has `status`, else a failure saying what came instead.
  func expect(
    _ method: String, _ path: String, body: String? = nil, status: ClosedRange<Int>,
    from source: String? = nil
  ) -> Result<HTTPResponse, Failure> {
    switch request(method, path, body: body, from: source) {
    case .failure(let error):
      // A connection closed by a dying program comes before its exit status: wait a little.
      if let trouble = programTrouble(
        during: "while answering \(method) \(path)", waiting: 0.5)
      {
        return .failure(
          Failure(why: trouble.why, request: lastRequest?.text, response: lastRequest?.result))
      }
      return .failure(failure("no answer to \(method) \(path): \(error)"))
    case .success(let response):
      guard status.contains(response.status) else {
        let wanted =
          status.count == 1 ? "\(status.lowerBound)" : "\(status.lowerBound)–\(status.upperBound)"
        return .failure(failure("expected status \(wanted), got \(response.status)"))
      }
      return .success(response)
    }
  }

  // MARK: the verdict

  /// Checks `expectations` in order, printing ✓ or ✗, and returns how far the program got.
  ///
  /// Stops at the first ✗ and prints all the learner needs to fix it.
  func check(_ expectations: [Expectation]) -> StageVerdict {
    for (index, expectation) in expectations.enumerated() {
      let text = stage.expectation(expectation.name)
      var outcome = expectation.check()
      if outcome == nil, stage.isService || stage.isWorker {
        outcome = programTrouble(during: "during this expectation")
      }
      guard let failure = outcome else {
        say("✓ \(text.name): \(text.summary)")
        continue
      }
      say("✗ \(text.name): \(text.summary)")
      report(failure, lesson: text.lessonPointer)
      say(
        "\(index) of \(expectations.count) expectations passed; stopped at \(text.name)."
          + " Fix it and run the same command again.")
      return StageVerdict(passed: index, total: expectations.count, failed: text.name)
    }
    let all =
      expectations.count == 1 ? "The expectation" : "All \(expectations.count) expectations"
    say("\(all) passed: stage \(stage.name) done.")
    return StageVerdict(passed: expectations.count, total: expectations.count, failed: nil)
  }

  /// Prints a failure that happened before any expectation (the program did not start).
  func reportStartFailure(_ failure: Failure) -> StageVerdict {
    let must =
      stage.isService
      ? "listen on PORT" : stage.isWorker ? "start and keep running" : "run and exit 0"
    say("✗ start: your program must \(must)")
    report(failure, lesson: nil)
    say("0 of \(stage.expectations.count) expectations checked: the program did not start.")
    return StageVerdict(passed: 0, total: stage.expectations.count, failed: "start")
  }

  private func report(_ failure: Failure, lesson: String?) {
    // Stopped first, so its output is complete and Redis no longer changes.
    stopProgram()
    let indent = "    "
    func block(_ title: String, _ lines: [String]) {
      say(indent + title)
      lines.forEach { say(indent + "  " + $0) }
    }
    say(indent + "what went wrong: " + failure.why)
    if let request = failure.request { say(indent + "request sent: " + request) }
    switch failure.response {
    case .some(.success(let response)): block("response:", response.shown())
    case .some(.failure(let error)): say(indent + "response: none (\(error))")
    case nil: break
    }
    block("keys in Redis under \(prefix) (name, type, TTL)", keys.described())
    if let store { block("the item store saw:", store.summary()) }
    for section in reportSections { block(section.title, section.lines()) }
    let lines = program.withLock { $0 }?.lastLines(12) ?? []
    block(
      "your program's last lines of output:", lines.isEmpty ? ["(it printed nothing)"] : lines)
    if let lesson { say(indent + "the fix is taught in " + lesson) }
  }

  /// Ends the run: stops the program and its descendants, deletes the prefix's keys.
  ///
  /// Also stops the fakes; prints a line if anything could not be cleaned. Runs once.
  func finish() {
    // The lock is held throughout: a Ctrl-C during the main thread's cleanup waits for it.
    finished.withLock { done in
      guard !done else { return }
      done = true
      stopProgram()
      let left = leftovers.withLock { $0 }
      if !left.isEmpty {
        Self.write(
          "redis-tutor test: could not stop processes \(left.map { String($0) }.joined(separator: ", "))"
        )
      }
      store?.close()
      email?.close()
      sink?.close()
      do {
        // A fresh connection: a Ctrl-C may arrive while the run's own is in use.
        let cleaner = PrefixKeys(
          connection: try Connection(settings.redisOptions), prefix: prefix)
        try cleaner.deleteAll()
      } catch {
        Self.write("redis-tutor test: could not delete the keys under \(prefix): \(error)")
      }
    }
  }

  /// Marks the run as stopped by Ctrl-C: from then on the main thread prints nothing more
  /// (it waits while the handler cleans up and exits).
  static func interrupt() { interrupted.withLock { $0 = true } }

  /// Set by `interrupt()`.
  private static let interrupted = Mutex(false)

  /// Parks the calling thread for good once the run was interrupted.
  static func stopIfInterrupted() {
    if interrupted.withLock({ $0 }) {
      while true { pause() }
    }
  }

  /// Prints a line of the report now.
  static func write(_ line: String) {
    show(line)
    fflush(nil)
  }

  /// Prints a line of the report, unless the run was interrupted.
  func say(_ line: String) {
    Self.stopIfInterrupted()
    Self.write(line)
  }

  static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }
}
