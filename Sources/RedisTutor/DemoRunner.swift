import Demos
import Foundation
import RedisClient
import Shell

/// Runs a demo for the command line and for `:demo` in the shell, with the same output.
enum DemoRunner {
  /// The demos by name, for `:demo` and its help.
  static let names = ["cache"]
  /// Demos that are planned but not built yet.
  static let coming = ["limiter", "queue", "jobs"]

  /// Runs the cache demo (or removes its keys) and returns an exit status.
  static func runCache(
    settings: CacheDemoSettings, clean: Bool, options: ConnectionOptions, paths: TutorPaths,
    cancellation: CancellationPipe?, output: OutputSink, terminal: Bool
  ) -> Int32 {
    if clean {
      do {
        let removed = try CacheDemo.clean(options: options)
        output.line("Removed \(removed) demo key(s) under rt:demo:cache:.")
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
    let width = terminal ? min(TerminalColumns.current(), 100) : 80
    let unicode =
      (ProcessInfo.processInfo.environment["LANG"] ?? "").uppercased().contains("UTF")
      || terminal
    let results = SharedOutput(output)
    let environment = CacheDemo.Environment(
      options: options, storePath: directory + "/items.sqlite",
      executablePath: executablePath(), write: { results.write($0) },
      progress: .standardError(terminalColumns: width), cancellation: cancellation,
      unicode: unicode, width: width)
    do {
      _ = try CacheDemo(settings: settings, environment: environment).run()
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
      printError("redis-tutor: the demo stopped: \(error)")
      return 1
    }
  }

  /// This program's path, to start demo worker processes.
  static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }

  /// `:demo NAME [options]` in the shell: the same demo on the shell's server.
  static func metaCommand(paths: TutorPaths) -> MetaCommand {
    MetaCommand(
      name: "demo", usage: ":demo cache [options]",
      summary: "run a demo (cache; limiter, queue and jobs are coming); :demo cache --help"
    ) { shell, words in
      guard let name = words.first?.lowercased() else {
        shell.note("Usage: :demo cache [options]. Demos: cache (limiter, queue, jobs coming).")
        return
      }
      guard name == "cache" else {
        if coming.contains(name) {
          shell.note("The \(name) demo is coming in a later release; :demo cache runs today.")
        } else {
          shell.note("Unknown demo '\(name)'. Demos: cache (limiter, queue, jobs coming).")
        }
        return
      }
      let command: CacheDemoCommand
      do {
        command = try CacheDemoCommand.parse(Array(words.dropFirst()))
      } catch {
        let message = CacheDemoCommand.fullMessage(for: error)
        if message.hasPrefix("OVERVIEW") || message.hasPrefix("USAGE") {
          shell.output.write(message + "\n")
        } else {
          shell.note(message.split(separator: "\n").first.map(String.init) ?? message)
        }
        return
      }
      guard let connection = try? shell.link.connect() else {
        shell.note("The demo needs a server, and there is no connection.")
        return
      }
      if !shell.link.onSandbox && !shell.settings.assumeYes {
        guard shell.input.isInteractive,
          case .line(let answer) = shell.input.readLine(
            prompt:
              "The demo writes keys under rt:demo:cache: on \(connection.options.endpoint). Go on? [y/N] "
          ),
          ["y", "yes"].contains(String(decoding: answer, as: UTF8.self).lowercased())
        else {
          shell.note("Not run.")
          return
        }
      }
      guard let settings = try? command.settings() else { return }
      shell.cancellation.reset()
      _ = runCache(
        settings: settings, clean: command.clean, options: connection.options, paths: paths,
        cancellation: shell.input.isInteractive ? shell.cancellation : nil, output: shell.output,
        terminal: shell.input.isInteractive)
    }
  }
}

/// The terminal's width, for charts.
enum TerminalColumns {
  static func current() -> Int {
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
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
