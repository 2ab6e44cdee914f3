import ArgumentParser
import Demos
import Foundation
import Patterns
import RedisClient
import Shell
import TerminalUI
import TutorFiles

/// Runs a demo for the command line and for `:demo` in the shell, with the same output.
enum DemoRunner {
  /// Runs the cache demo (or removes its keys) and returns an exit status.
  static func runCache(
    settings: CacheDemoSettings, clean: Bool, options: ConnectionOptions, paths: TutorPaths,
    cancellation: CancellationPipe?, output: OutputSink, terminal: Bool
  ) -> Int32 {
    run(
      name: "cache", prefix: "rt:demo:cache:",
      clean: clean ? { try CacheDemo.clean(options: options) } : nil,
      options: options, paths: paths, cancellation: cancellation, output: output,
      terminal: terminal
    ) { environment in _ = try CacheDemo(settings: settings, environment: environment).run() }
  }

  /// Runs the rate-limiter demo (or removes its keys) and returns an exit status.
  static func runLimiter(
    settings: LimiterDemoSettings, clean: Bool, options: ConnectionOptions, paths: TutorPaths,
    cancellation: CancellationPipe?, output: OutputSink, terminal: Bool
  ) -> Int32 {
    run(
      name: "limiter", prefix: "rt:demo:limiter:",
      clean: clean ? { try LimiterDemo.clean(options: options) } : nil, options: options,
      paths: paths, cancellation: cancellation, output: output, terminal: terminal
    ) { environment in _ = try LimiterDemo(settings: settings, environment: environment).run() }
  }

  /// Runs the job-queue demo (or removes its queues) and returns an exit status.
  static func runQueue(
    settings: QueueDemoSettings, clean: Bool, options: ConnectionOptions, paths: TutorPaths,
    cancellation: CancellationPipe?, output: OutputSink, terminal: Bool
  ) -> Int32 {
    run(
      name: "queue", prefix: "rt:demo:queue:",
      clean: clean ? { try QueueDemo.clean(options: options) } : nil, options: options,
      paths: paths, cancellation: cancellation, output: output, terminal: terminal
    ) { environment in
      _ = try QueueDemo(
        settings: settings, environment: environment,
        outboxPath: paths.dataDirectory + "/demos/outbox"
      ).run()
    }
  }

  /// The part every demo shares: cleaning, the environment, and one line for each failure.
  private static func run(
    name: String, prefix: String, clean: (() throws -> Int)?, options: ConnectionOptions,
    paths: TutorPaths, cancellation: CancellationPipe?, output: OutputSink, terminal: Bool,
    body: (DemoEnvironment) throws -> Void
  ) -> Int32 {
    if let clean {
      do {
        let removed = try clean()
        output.line("Removed \(removed) demo key(s) under \(prefix).")
        output.flush()
        return 0
      } catch {
        printError("redis-tutor: could not remove the demo's keys: \(error)")
        return 1
      }
    }
    let directory = paths.dataDirectory + "/demos"
    try? FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let width = terminal ? min(TerminalSize.current(fd: 1).columns, 100) : 80
    let unicode =
      (ProcessInfo.processInfo.environment["LANG"] ?? "").uppercased().contains("UTF") || terminal
    let results = SharedOutput(output)
    let environment = DemoEnvironment(
      options: options, storePath: directory + "/items.sqlite",
      executablePath: CompanionProgram.tutorPath(), write: { results.write($0) },
      progress: .standardError(terminalColumns: width), cancellation: cancellation,
      unicode: unicode, width: width)
    do {
      try body(environment)
      return 0
    } catch CacheDemo.Stop.cancelled {
      output.flush()
      printError("Demo stopped (Ctrl-C); its keys were removed.")
      return 130
    } catch let error as RedisError {
      output.flush()
      printError(
        "redis-tutor: the demo stopped: Redis at \(options.endpoint) failed (\(error)); what could be cleaned up was."
      )
      return 1
    } catch {
      output.flush()
      printError("redis-tutor: the \(name) demo stopped: \(error)")
      return 1
    }
  }

  /// `:demo NAME [options]` in the shell: the same demo on the shell's server.
  static func metaCommand(paths: TutorPaths) -> MetaCommand {
    MetaCommand(
      name: "demo", usage: ":demo cache|limiter|queue|jobs [options]",
      summary: "run a demo: cache, limiter, queue, jobs (:demo NAME --help for options)"
    ) { shell, words in
      let list = "Demos: cache, limiter, queue, jobs."
      guard let name = words.first?.lowercased() else {
        shell.note("Usage: :demo NAME [options]. \(list)")
        return
      }
      let arguments = Array(words.dropFirst())
      let run: ((ConnectionOptions) -> Void)?
      switch name {
      case "cache":
        guard let command = parse(CacheDemoCommand.self, arguments, shell),
          let settings = try? command.settings()
        else { return }
        run = { options in
          _ = runCache(
            settings: settings, clean: command.clean, options: options, paths: paths,
            cancellation: shell.input.isInteractive ? shell.cancellation : nil,
            output: shell.output, terminal: shell.input.isInteractive)
        }
      case "limiter":
        guard let command = parse(LimiterDemoCommand.self, arguments, shell),
          let settings = try? command.settings()
        else { return }
        if command.printRules {
          shell.output.write(RuleSet.exampleJSON)
          return
        }
        run = { options in
          _ = runLimiter(
            settings: settings, clean: command.clean, options: options, paths: paths,
            cancellation: shell.input.isInteractive ? shell.cancellation : nil,
            output: shell.output, terminal: shell.input.isInteractive)
        }
      case "queue", "jobs":
        guard let command = parse(QueueDemoCommand.self, arguments, shell),
          let settings = try? command.settings(jobsOnly: name == "jobs")
        else { return }
        run = { options in
          _ = runQueue(
            settings: settings, clean: command.clean, options: options, paths: paths,
            cancellation: shell.input.isInteractive ? shell.cancellation : nil,
            output: shell.output, terminal: shell.input.isInteractive)
        }
      default:
        shell.note("Unknown demo '\(name)'. \(list)")
        run = nil
      }
      guard let run else { return }
      guard let connection = try? shell.link.connect() else {
        shell.note("The demo needs a server, and there is no connection.")
        return
      }
      if !shell.link.onSandbox && !shell.settings.assumeYes {
        guard shell.input.isInteractive,
          case .line(let answer) = shell.input.readLine(
            prompt:
              "The demo writes keys under rt:demo:\(name): on \(connection.options.endpoint). Go on? [y/N] "
          ),
          ["y", "yes"].contains(String(decoding: answer, as: UTF8.self).lowercased())
        else {
          shell.note("Not run.")
          return
        }
      }
      shell.cancellation.reset()
      run(connection.options)
    }
  }

  /// Parses a demo's options for `:demo`; help goes to the output, a mistake is one note.
  private static func parse<Command: ParsableCommand>(
    _ type: Command.Type, _ arguments: [String], _ shell: Shell
  ) -> Command? {
    do {
      return try Command.parse(arguments)
    } catch {
      let message = Command.fullMessage(for: error)
      if message.hasPrefix("OVERVIEW") || message.hasPrefix("USAGE") {
        shell.say(message + "\n")
      } else {
        var first = message.split(separator: "\n").first.map(String.init) ?? message
        if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
        shell.note(first)
      }
      return nil
    }
  }
}

/// An output sink that demo threads may write to: one writer at a time, flushed each time.
final class SharedOutput: @unchecked Sendable {
  private let sink: OutputSink
  private let lock = NSLock()

  init(_ sink: OutputSink) { self.sink = sink }

  func write(_ text: String) {
    lock.withLock {
      sink.write(text)
      sink.flush()
    }
  }
}
