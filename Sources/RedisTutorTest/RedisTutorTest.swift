import ArgumentParser
import Foundation
import Progress
import RedisClient
import RedisSandbox
import TerminalUI
import TutorFiles

#if canImport(Glibc)
  import Glibc
#endif

/// `redis-tutor-test`, run as `redis-tutor test`: the stage tester for the learner's programs.
///
/// `list` and `init` are subcommands; any other first word is a stage to run.
@main
enum RedisTutorTest {
  static func main() {
    umask(0o077)
    signal(SIGPIPE, SIG_IGN)
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch arguments.first {
    case "list": ListCommand.main(Array(arguments.dropFirst()))
    case "init": InitCommand.main(Array(arguments.dropFirst()))
    default:
      // Ctrl-C and SIGTERM are blocked in every thread (each inherits this thread's mask)
      // and read by `Interrupt`'s signal sources; a thread started before them with the
      // signals open would take one and drop it.
      var stops = sigset_t()
      sigemptyset(&stops)
      sigaddset(&stops, SIGINT)
      sigaddset(&stops, SIGTERM)
      pthread_sigmask(SIG_BLOCK, &stops, nil)
      RunCommand.main(arguments)
    }
  }
}

/// Prints `line` to standard error and exits with `status`.
func fail(_ line: String, status: Int32 = 1) -> Never {
  FileHandle.standardError.write(Data(("redis-tutor test: " + line + "\n").utf8))
  exit(status)
}

/// Prints `text`, each line fitted to the terminal's width when standard output is one
/// (piped, it is left as it is).
func show(_ text: String) {
  if let columns = TerminalSize.of(fd: 1)?.columns {
    print(MessageWrapper(width: columns).wrap(text))
  } else {
    print(text)
  }
}

/// The process's environment.
var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

/// The stage catalog, or exit with where it was looked for.
func catalog() -> StageCatalog {
  switch StageCatalog.locate(environment: processEnvironment) {
  case .success(let catalog): return catalog
  case .failure(let missing): fail("\(missing)")
  }
}

/// `redis-tutor test list [STAGE]`.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor test list",
    abstract: "List the stages, or show one stage's contract and expectations.")

  @Argument(help: "A stage to show in full.") var stage: String?

  func run() throws {
    let stages = catalog()
    do {
      if let stage {
        show(describe(try stages.stage(stage), contract: try stages.contract()))
      } else {
        show(try overview(stages))
      }
    } catch {
      fail("\(error)", status: 64)
    }
  }

  func overview(_ stages: StageCatalog) throws(CatalogError) -> String {
    var lines = [
      "Stages for your own programs (redis-tutor test list STAGE shows one in full):", "",
    ]
    for name in try stages.names() {
      let stage = try stages.stage(name)
      lines.append("Day \(stage.day)  \(name): \(stage.title)")
      for expectation in stage.expectations {
        lines.append("    • \(expectation.name): \(expectation.summary)")
      }
      lines.append("")
    }
    lines.append("Run one: redis-tutor test STAGE -- YOUR COMMAND (e.g. -- go run .)")
    lines.append("Start one: redis-tutor test init STAGE --lang go|python")
    return lines.joined(separator: "\n")
  }

  func describe(_ stage: StageText, contract: String) -> String {
    var lines = ["\(stage.name) (day \(stage.day)): \(stage.title)", ""]
    if !stage.buildsOn.isEmpty {
      lines += ["It extends your \(stage.buildsOn.joined(separator: " and ")) program.", ""]
    }
    if !stage.description.isEmpty { lines += [stage.description, ""] }
    lines.append("Variables your program gets:")
    lines.append("    REDIS_URL, KEY_PREFIX" + (stage.isService ? ", PORT" : ""))
    lines += stage.environment.map { "    " + $0 }
    lines += ["", "Expectations, checked in this order:"]
    for expectation in stage.expectations {
      lines.append("    • \(expectation.name): \(expectation.summary)")
      lines.append("      taught in \(expectation.lessonPointer)")
    }
    lines += ["", contract]
    return lines.joined(separator: "\n")
  }
}

/// `redis-tutor test init STAGE --lang go|python`: a starter project in ./STAGE/.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor test init",
    abstract: "Copy a starter project for a stage into ./STAGE/.")

  @Argument(help: "The stage.") var stage: String
  @Option(help: "go or python.") var lang: String

  func validate() throws {
    guard ["go", "python"].contains(lang) else {
      throw ValidationError("--lang must be go or python, not \(lang)")
    }
  }

  func run() throws {
    do {
      _ = try catalog().stage(stage)
    } catch {
      fail("\(error)", status: 64)
    }
    let starters: String
    switch ContentFolder.find(
      "starters", variable: "REDIS_TUTOR_STARTERS", environment: processEnvironment)
    {
    case .success(let folder): starters = folder
    case .failure(let missing): fail("\(missing)")
    }
    let source = "\(starters)/\(stage)/\(lang)"
    guard FileManager.default.fileExists(atPath: source) else {
      let bases = (try? catalog().stage(stage).buildsOn) ?? []
      fail(
        bases.isEmpty
          ? "there is no \(lang) starter for \(stage) yet"
          : "\(stage) has no starter: it extends your \(bases.joined(separator: " and ")) "
            + "program\(bases.count == 1 ? "" : "s"); test that one again with "
            + "`redis-tutor test \(stage) -- COMMAND` (or start from "
            + "`redis-tutor test init \(bases[bases.count - 1]) --lang \(lang)`)")
    }
    let destination = FileManager.default.currentDirectoryPath + "/" + stage
    guard !FileManager.default.fileExists(atPath: destination) else {
      fail("./\(stage) already exists; nothing copied (move it away or run this elsewhere)")
    }
    do {
      try FileManager.default.copyItem(atPath: source, toPath: destination)
    } catch {
      fail("cannot copy the starter into ./\(stage): \(error.localizedDescription)")
    }
    let files = (try? FileManager.default.subpathsOfDirectory(atPath: destination))?.sorted() ?? []
    show("Created ./\(stage)/ (\(lang)): \(files.joined(separator: ", "))")
    let next =
      lang == "go"
      ? "cd \(stage) && go mod tidy && redis-tutor test \(stage) -- go run ."
      : "cd \(stage) && redis-tutor test \(stage) -- python3 main.py"
    show("Next: \(next)")
  }
}

/// `redis-tutor test STAGE -- COMMAND…`: runs the learner's command against a stage.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor test",
    abstract: "Run your own program against a stage and check each expectation.",
    discussion: """
      Subcommands: `list [STAGE]` and `init STAGE --lang go|python`. Your command runs in its \
      own process group with REDIS_URL, KEY_PREFIX, PORT and the stage's variables; see \
      `redis-tutor test list STAGE` for the contract. Exit status: 0 passed, 1 failed, \
      2 the run could not be set up, 130 stopped by Ctrl-C.
      """)

  @Argument(help: "The stage (see `redis-tutor test list`).") var stage: String
  @Argument(parsing: .postTerminator, help: "Your program's command, after --.")
  var command: [String] = []
  @Option(
    name: .customLong("redis-url"),
    help: "Another Redis than the tutor's sandbox (needs --yes).")
  var redisURL: String?
  @Flag(help: "Use a Redis other than the sandbox: keys under rt:test: are written and deleted.")
  var yes = false
  @Option(help: "The folder to run your command in (default: the current one).")
  var directory: String?
  @Option(
    help: """
      Run one of the stage's own Python solutions instead of a command: `good` (the \
      reference), or a known-bad one by name, such as bad_no_ttl.
      """)
  var reference: String?
  @Option(
    name: .customLong("start-timeout"),
    help: "Seconds a service has to listen on PORT, or a client to finish.")
  var startTimeout = 30.0
  @Option(
    name: .customLong("store-latency-ms"),
    help: "Milliseconds each item-store request takes (default: the stage's).")
  var storeLatency: Double?

  func validate() throws {
    if reference != nil, !command.isEmpty {
      throw ValidationError("give either --reference NAME or a command after --, not both")
    }
    if command.isEmpty, reference == nil {
      throw ValidationError(
        "give your program's command after --, e.g. redis-tutor test \(stage) -- python3 main.py")
    }
    if let redisURL, !yes {
      // The server's address only: the URL may hold a password.
      let server = (try? ConnectionOptions(url: redisURL))?.endpoint.description ?? "--redis-url"
      throw ValidationError(
        "\(server) is not the tutor's sandbox; the tester writes and deletes keys under "
          + "rt:test: there. Add --yes to use it anyway")
    }
    guard startTimeout > 0 else { throw ValidationError("--start-timeout must be positive") }
    var isFolder: ObjCBool = false
    if let directory,
      !FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder)
        || !isFolder.boolValue
    {
      throw ValidationError("--directory \(directory) is not a folder")
    }
  }

  func run() throws {
    let stageText: StageText
    do {
      stageText = try catalog().stage(stage)
    } catch {
      fail("\(error)", status: 64)
    }
    let program = reference.map { referenceCommand($0, stages: catalog()) } ?? command
    let (url, options, sandbox) = redis()
    let settings = RunSettings(
      command: program, directory: directory ?? FileManager.default.currentDirectoryPath,
      environment: processEnvironment, redisURL: url, redisOptions: options,
      startTimeout: startTimeout)
    let run: StageRun
    let expectations: [Expectation]
    do {
      run = try StageRun(stage: stageText, settings: settings)
      guard
        let prepared = try Stages.prepare(
          run, tuning: Stages.Tuning(storeLatency: storeLatency.map { $0 / 1000 }))
      else {
        fail("the stage \(stage) has no checks in this build of the tester")
      }
      // The stage's file and its code must name the same expectations, in the same order.
      guard prepared.map(\.name) == stageText.expectations.map(\.name) else {
        fail("testers/stages/\(stage).txt and the tester's checks name different expectations")
      }
      expectations = prepared
    } catch {
      sandbox?.stop()
      fail("\(error)", status: 2)
    }
    let interrupt = Interrupt.install {
      StageRun.interrupt()
      run.finish()
      StageRun.write(
        "Stopped by Ctrl-C: your program's process group was killed and its keys deleted.")
      sandbox?.stop()
      Glibc.exit(130)
    }
    run.say(run.heading)
    let verdict: StageVerdict
    if stageText.isService || stageText.isWorker, let failure = run.startProgram() {
      verdict = run.reportStartFailure(failure)
    } else {
      verdict = run.check(expectations)
    }
    run.finish()
    StageRun.stopIfInterrupted()
    interrupt.cancel()
    sandbox?.stop()
    // The tutor's own solutions are not the learner's work: only their programs' runs count.
    if reference == nil { record(verdict, of: stageText) }
    throw ExitCode(verdict.failed == nil ? 0 : 1)
  }

  /// Keeps the run in the learner's progress (`redis-tutor progress` shows it); a database
  /// that cannot be written costs one line, not the verdict.
  func record(_ verdict: StageVerdict, of stage: StageText) {
    let path = TutorPaths(environment: processEnvironment).progressDatabase
    do {
      try ProgressStore(path: path).recordStageRun(
        StageRunRecord(
          stage: stage.name, day: stage.day, passed: verdict.passed, total: verdict.total,
          failedExpectation: verdict.failed, at: Date().timeIntervalSince1970))
    } catch {
      StageRun.write("redis-tutor test: this run was not kept in your progress: \(error)")
    }
  }

  /// The command that runs the stage's own Python solution `name` (`good`: the reference).
  func referenceCommand(_ name: String, stages: StageCatalog) -> [String] {
    let folder = stages.folder + "/references/" + stage
    let files =
      ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".py") }.sorted()
    let good = files.first { !$0.hasPrefix("bad_") }
    guard let file = name == "good" ? good : files.first(where: { $0 == name + ".py" }) else {
      let names = files.map { $0 == good ? "good" : String($0.dropLast(3)) }
      fail(
        names.isEmpty
          ? "the stage \(stage) has no Python solutions to run"
          : "no solution \(name) for \(stage); there are: \(names.joined(separator: ", "))",
        status: 64)
    }
    let python =
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
      ? "/usr/bin/python3" : "python3"
    return [python, folder + "/" + file]
  }

  /// The Redis to use: `--redis-url`, or the tutor's sandbox, started or attached to.
  func redis() -> (url: String, options: ConnectionOptions, sandbox: Sandbox?) {
    if let redisURL {
      do {
        var options = try ConnectionOptions(url: redisURL)
        options.connectTimeout = 2
        options.readTimeout = 5
        return (redisURL, options, nil)
      } catch {
        fail("\(error)", status: 64)
      }
    }
    do {
      let sandbox = try Sandbox(
        directory: TutorPaths(environment: processEnvironment).sandboxDirectory)
      try sandbox.start()
      guard let url = sandbox.url, var options = sandbox.connectionOptions(readTimeout: 5) else {
        fail("the sandbox started but has no address", status: 2)
      }
      options.connectTimeout = 2
      return (url, options, sandbox)
    } catch {
      fail("cannot start the sandbox: \(error)", status: 2)
    }
  }
}

/// Runs a handler on SIGINT or SIGTERM instead of dying, until cancelled.
struct Interrupt {
  private let sources: [any DispatchSourceSignal]

  static func install(_ handler: @escaping @Sendable () -> Void) -> Interrupt {
    Interrupt(
      sources: [SIGINT, SIGTERM].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { handler() }
        source.resume()
        return source
      })
  }

  func cancel() { sources.forEach { $0.cancel() } }
}
