import Foundation
import Lessons
import LineEditor
import Progress
import RedisCLIFormat
import RedisClient
import RedisSandbox
import SelfQuiz
import Shell
import Spawn
import Synchronization
import TerminalUI
import TutorFiles

/// The tutor's shell, assembled: the redis-cli-style shell with every feature plugged in.
public enum TutorShell {
  /// What the command line asked for.
  public struct Request {
    /// The server to talk to (its endpoint is replaced by the sandbox's when `useSandbox`).
    public var options: ConnectionOptions
    /// Run on the private sandbox server.
    public var useSandbox: Bool
    /// Raw replies (`--raw`), formatted ones (`--no-raw`), or nil: by whether stdout is a
    /// terminal.
    public var rawOutput: Bool?
    /// Run dangerous commands on a named server without asking (`--yes`).
    public var assumeYes = false
    /// The day to open (`--lesson N`), or nil for where the learner left off.
    public var lessonDay: Int?
    /// The plan given with `--plan`.
    public var plan: StudyPlan?
    /// Whether the lessons are plugged in at all (`--no-lesson` turns them off).
    public var lessons = true
    /// Record the session, or nil: when input is a terminal.
    public var record: Bool?
    /// The lessons' folder given with `--lessons-dir`.
    public var lessonsDirectory: String?
    /// Run this quiz, then exit (`redis-tutor quiz`).
    public var quiz: QuizSelection?
    /// A command to run once, then exit (`redis-tutor GET key`).
    public var command: [String] = []

    public init(options: ConnectionOptions, useSandbox: Bool) {
      self.options = options
      self.useSandbox = useSandbox
    }
  }

  /// Runs the shell for `request` and returns the exit status.
  public static func run(_ request: Request) -> Int32 {
    setlocale(LC_ALL, "")
    signal(SIGPIPE, SIG_IGN)
    let environment = ProcessEnvironment.current
    let paths = TutorPaths(environment: environment)
    let stdinIsTerminal = isatty(0) == 1
    let oneShot = !request.command.isEmpty
    var options = request.options
    var box: Sandbox?
    let startedEarly = earlySandbox.withLock { $0 }
    if request.useSandbox {
      do {
        box = try startedEarly ?? Sandbox(directory: paths.sandboxDirectory)
      } catch {
        printError("redis-tutor: \(error)")
        return 1
      }
      options.endpoint = .tcp(host: "127.0.0.1", port: 0)
    } else {
      startedEarly?.stop()
    }
    let link = ServerLink(options: options, sandbox: box)
    let editor = LineEditor(
      programName: "redis-tutor",
      historyFile: (stdinIsTerminal && !oneShot) ? paths.historyFile : nil)
    let output = RecordedOutput(FileOutput(descriptor: 1))
    let errors = RecordedOutput(FileOutput(descriptor: 2))
    let lines = RecordedLines(editor)
    let shell = Shell(
      link: link, settings: settings(request, environment: environment), input: lines,
      output: output, errors: errors)
    shell.install(on: editor)

    let lifecycle = Lifecycle(sandbox: box, cancellation: shell.cancellation)
    lifecycle.trapTermination()
    if stdinIsTerminal && !oneShot { lifecycle.trapInterrupt() }
    defer { lifecycle.shutDown() }

    if oneShot {
      do {
        try link.connect()
      } catch {
        printError(describe(error))
        return 1
      }
      return shell.runOnce(request.command.map { Array($0.utf8) })
    }
    if box != nil && stdinIsTerminal {
      if case .failure(let error) = Result(catching: { try link.connect() }) {
        printError("redis-tutor: \(describe(error))")
        return 1
      }
    } else {
      shell.connectAtStart()
    }

    // Every feature, plugged in; each brings its own meta-commands. `:test` verdicts go to
    // the lesson (for its `:stage` checks) once it is set up below.
    let stageRuns = StageRunRelay()
    if let box { shell.install(SandboxConfigurationWatch(sandbox: box)) }
    shell.install(
      MetaCommandSet([
        DemoRunner.metaCommand(paths: paths), QueueMetaCommand.command,
        StageTestMetaCommand.command(paths: paths) { shell, stage, passed in
          stageRuns.lessons?.recordStageRun(stage, passed: passed, shell: shell)
        },
        ServiceLogView.command(path: TutorPaths.serviceLog(in: paths.serviceDirectory)),
      ]))
    var recorder: SessionRecorder?
    if request.record ?? stdinIsTerminal {
      recorder = startRecording(
        request, paths: paths, environment: environment, shell: shell, sinks: [output, errors],
        lines: lines, onSandbox: box != nil)
    }
    if request.lessons {
      let setup = LessonSetup(
        paths: paths, environment: environment, directory: request.lessonsDirectory, shell: shell)
      let (lessonController, quiz) = setup.attach(plan: request.plan)
      stageRuns.lessons = lessonController
      if let recorder {
        lessonController.onStepShown = { recorder.stepShown(day: $0, stepID: $1, title: $2) }
      }
      if let selection = request.quiz {
        // `redis-tutor quiz`: the quiz, then the shell only if `:lesson` opened a step.
        guard case .openLesson = quiz.run(selection, on: shell) else { return 0 }
      } else if request.lessonDay != nil || (stdinIsTerminal && box != nil) {
        // The daily session: due reviews first, then the lesson where it was left.
        if request.lessonDay == nil && stdinIsTerminal { quiz.greet(shell) }
        lessonController.start(day: request.lessonDay, plan: request.plan)
      }
    }
    return shell.run()
  }

  /// A sandbox whose server began starting while the command line was still being read.
  private static let earlySandbox = Mutex<Sandbox?>(nil)

  /// Starts the sandbox's server on another thread, so redis-server loads while the rest of
  /// start-up runs; the first connection waits for it.
  ///
  /// For command lines that surely open the shell on the sandbox (`ShellFlags.parseCommon`).
  public static func startSandboxEarly() {
    guard
      let box = try? Sandbox(
        directory: TutorPaths(environment: ProcessEnvironment.current).sandboxDirectory)
    else { return }
    earlySandbox.withLock { $0 = box }
    Thread.detachNewThread { _ = try? box.start() }
  }

  /// Output mode, colour and hints from the request and the environment.
  private static func settings(_ request: Request, environment: [String: String]) -> ShellSettings {
    let stdoutIsTerminal = isatty(1) == 1
    let wantsColor =
      stdoutIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    let raw = request.rawOutput ?? !stdoutIsTerminal
    return ShellSettings(
      outputMode: raw ? .raw : .terminal, color: wantsColor, hints: environment["NO_COLOR"] == nil,
      assumeYes: request.assumeYes, version: TutorVersion.current)
  }

  /// Starts recording the session; says in one line why not when it cannot.
  private static func startRecording(
    _ request: Request, paths: TutorPaths, environment: [String: String], shell: Shell,
    sinks: [RecordedOutput], lines: RecordedLines, onSandbox: Bool
  ) -> SessionRecorder? {
    let clock = LessonSetup.clock(environment)
    let recorder = SessionRecorder(
      directory: paths.dataDirectory + "/recordings", now: clock.now,
      note: { [weak shell] in shell?.note($0) },
      openStore: { [weak shell] in
        do {
          return try ProgressStore(path: LessonSetup.progressPath(paths))
        } catch {
          shell?.note("This session's recording is not indexed: \(error)")
          return nil
        }
      })
    let size = TerminalSize.current(fd: 1)
    var server = "sandbox"
    if !onSandbox {
      switch shell.link.options.endpoint {
      case .tcp(let host, let port): server = "\(host):\(port)"
      case .unix(let path): server = path
      }
    }
    let details = SessionRecorder.Details(
      title: "redis-tutor" + (request.lessonDay.map { " · day \($0)" } ?? ""),
      width: size.columns, height: size.rows, server: server, day: request.lessonDay,
      terminal: environment["TERM"] ?? "xterm")
    func begin() -> String? {
      do {
        try recorder.start(details)
      } catch {
        return "\(error)"
      }
      for sink in sinks { sink.recorder = recorder }
      lines.recorder = recorder
      return nil
    }
    recorder.attach(to: shell, start: begin)
    if let problem = begin() { shell.note("This session is not recorded: \(problem)") }
    return recorder
  }

  /// One line for a failure to reach the server, in redis-cli's words where it has them.
  public static func describe(_ error: Error) -> String {
    if case RedisError.connectFailed(let message) = error { return message }
    return "\(error)"
  }
}

/// Remembers a learner's own `CONFIG SET` (appendonly, save, ...) on the sandbox, so a
/// restart after a crash loads the newest files.
final class SandboxConfigurationWatch: ShellPlugin {
  private let sandbox: Sandbox

  init(sandbox: Sandbox) { self.sandbox = sandbox }

  func shellDidReceive(_ event: CommandEvent) {
    guard event.argv.count >= 2, !event.reply.isError,
      String(decoding: event.argv[0], as: UTF8.self).uppercased() == "CONFIG",
      String(decoding: event.argv[1], as: UTF8.self).uppercased() == "SET"
    else { return }
    sandbox.recordRunningConfiguration()
  }
}

/// Writes one line to stderr.
public func printError(_ line: String) {
  let bytes = Array((line + "\n").utf8)
  _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// The process environment as a dictionary, without Foundation.
public enum ProcessEnvironment {
  public static var current: [String: String] {
    var result: [String: String] = [:]
    for text in Spawn.currentEnvironment() {
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
    }
    return result
  }
}

/// Carries `:test` verdicts to the lesson controller, which is set up after `:test` is.
final class StageRunRelay {
  weak var lessons: LessonController?
}
