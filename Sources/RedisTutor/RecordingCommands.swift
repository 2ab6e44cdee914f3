import ArgumentParser
import Foundation
import Lessons
import Progress
import Recording
import TerminalUI
import TutorApp

/// The recording `id`, or exit with one line saying how to find one.
private func recording(_ id: Int64, in store: ProgressStore) throws -> RecordingInfo {
  guard let found = try store.recording(id) else {
    printError("redis-tutor: there is no session \(id); redis-tutor sessions lists them")
    throw ExitCode(1)
  }
  return found
}

/// Writes to stdout now, unbuffered, for players.
private func writeNow(_ text: String) {
  let bytes = Array(text.utf8)
  var offset = 0
  while offset < bytes.count {
    let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    if written <= 0 { return }
    offset += written
  }
}

/// The terminal's settings when a player started, restored if Ctrl-C ends it mid-wait.
nonisolated(unsafe) private var terminalAtStart = termios()

/// Makes Ctrl-C during playback restore the terminal before exiting.
private func restoreTerminalOnInterrupt() {
  guard isatty(0) == 1, tcgetattr(0, &terminalAtStart) == 0 else { return }
  signal(SIGINT) { _ in
    tcsetattr(0, TCSANOW, &terminalAtStart)
    _ = write(1, "\r\n", 2)
    _exit(130)
  }
}

/// `redis-tutor sessions [rm ID]`: the recorded sessions.
struct SessionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor sessions",
    abstract: "List recorded sessions, or remove one (sessions rm ID).",
    discussion: """
      Every shell session on a terminal is recorded (--no-record or :record off to stop): \
      what the terminal showed, as an asciicast v2 file, and each command with its reply in \
      the progress database. redis-tutor replay ID plays one; replay ID --rerun re-runs it \
      on a fresh server and shows what changed; export ID writes it as .cast or Markdown.
      """,
    subcommands: [List.self, Remove.self], defaultSubcommand: List.self)

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List recordings, newest first; --keep and --max-mb set the limits.")

    @Option(
      name: .customLong("keep"),
      help: ArgumentHelp("Keep the newest N recordings (default 50; saved).", valueName: "N"))
    var keep: Int?

    @Option(
      name: .customLong("max-mb"),
      help: ArgumentHelp("Stop a recording at this size in MB (default 5; saved).", valueName: "MB")
    )
    var maximumMegabytes: Double?

    func validate() throws {
      if let keep, keep < 1 { throw ValidationError("--keep \(keep): keep at least 1 recording") }
      if let maximumMegabytes, !(maximumMegabytes > 0) {
        throw ValidationError("--max-mb \(maximumMegabytes): use a size above 0")
      }
    }

    func run() throws {
      let store = try LessonSetup.openStore()
      if keep != nil || maximumMegabytes != nil {
        var saved: [String] = []
        if let keep {
          try store.setSetting(SessionRecorder.Limits.settingKeep, String(keep))
          saved.append("keep \(keep) recording\(keep == 1 ? "" : "s")")
        }
        if let maximumMegabytes {
          try store.setSetting(
            SessionRecorder.Limits.settingMaximumMegabytes, String(maximumMegabytes))
          let text =
            maximumMegabytes == maximumMegabytes.rounded()
            ? String(Int(maximumMegabytes)) : String(maximumMegabytes)
          saved.append("\(text) MB each")
        }
        printError("Recording settings saved: \(saved.joined(separator: ", ")).")
      }
      let recordings = try store.recordings()
      guard !recordings.isEmpty else {
        print("No recorded sessions yet: sessions on a terminal are recorded as you work.")
        return
      }
      var rows: [[String]] = []
      for info in recordings {
        let days = Set(try store.commandLog(info.id).compactMap(\.day)).union(
          info.day.map { [$0] } ?? [])
        rows.append([
          String(info.id), SessionsCommand.dateText(info.startedAt),
          SessionsCommand.durationText(info),
          days.isEmpty ? "-" : "day " + days.sorted().map(String.init).joined(separator: ","),
          String(info.commands),
          SessionsCommand.sizeText(info.bytes)
            + (info.stoppedReason == nil ? "" : " (stopped)"),
          info.server,
        ])
      }
      print(SessionsCommand.table(rows), terminator: "")
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rm", abstract: "Remove a recording: its file and its command log.")

    @Argument(help: "The session id, from redis-tutor sessions.") var id: Int64

    func run() throws {
      let store = try LessonSetup.openStore()
      let info = try recording(id, in: store)
      try? FileManager.default.removeItem(atPath: info.castPath)
      try store.deleteRecording(id)
      print("Removed session \(id).")
    }
  }

  static func dateText(_ time: Double) -> String {
    var seconds = time_t(time)
    var parts = tm()
    localtime_r(&seconds, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return
      "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
  }

  static func durationText(_ info: RecordingInfo) -> String {
    guard let end = info.endedAt ?? info.lastCommandAt else { return "-" }
    let seconds = Int(max(0, end - info.startedAt).rounded())
    let text =
      seconds >= 3600
      ? "\(seconds / 3600)h \(seconds % 3600 / 60)m"
      : "\(seconds / 60)m \(seconds % 60 < 10 ? "0" : "")\(seconds % 60)s"
    return info.endedAt == nil ? text + "+" : text
  }

  static func sizeText(_ bytes: Int) -> String {
    bytes < 1000
      ? "\(bytes) B" : bytes < 1_000_000 ? "\(bytes / 1000) KB" : "\(bytes / 1_000_000) MB"
  }

  /// The recordings, one line each under a header, lined up in display columns.
  static func table(_ rows: [[String]]) -> String {
    var table = TextTable(
      headers: ["id", "started", "duration", "lesson", "commands", "size", "server"],
      rightAligned: [4], headerStyle: .plain)
    rows.forEach { table.addRow($0) }
    return table.render() + "\n"
  }
}

/// `redis-tutor replay ID [--rerun]` and `redis-tutor replay lesson N`.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor replay",
    abstract: "Play a recorded session, re-run it against a fresh server, or watch a lesson.",
    discussion: """
      redis-tutor replay ID plays a recording at its real pace: space pauses and resumes, n \
      steps while paused, q quits. redis-tutor replay ID --rerun re-executes its commands on a \
      fresh sandbox and shows where today's replies differ from the recorded ones (TTL \
      countdowns, timestamps and random members are expected to differ). redis-tutor replay \
      lesson N types day N's example commands into a fresh sandbox with the prose between them.
      """)

  @Argument(help: "A session id (from redis-tutor sessions), or 'lesson'.") var target: String
  @Argument(help: "With 'lesson': the day, 1-7.") var day: Int?

  @Option(
    name: .customLong("speed"),
    help: ArgumentHelp("Play N times faster (0: no waiting).", valueName: "N"))
  var speed: Double = 1

  @Option(
    name: .customLong("idle-limit"),
    help: ArgumentHelp("Cut pauses longer than S seconds to S.", valueName: "S"))
  var idleLimit: Double?

  @Option(
    name: .customLong("from-step"),
    help: ArgumentHelp(
      "Start at the first lesson step whose marker contains TEXT.", valueName: "TEXT"))
  var fromStep: String?

  @Flag(
    name: .customLong("rerun"), help: "Re-run the commands on a fresh sandbox and diff the replies."
  )
  var rerun = false

  @Option(
    name: .customLong("plan"),
    help: ArgumentHelp("With 'lesson': 4h or 6h (default 4h).", valueName: "plan"))
  var plan: String = "4h"

  @OptionGroup var location: LessonsCommand.Location

  func validate() throws {
    if speed < 0 { throw ValidationError("--speed \(speed): use 0 or more") }
    if let idleLimit, idleLimit <= 0 {
      throw ValidationError("--idle-limit \(idleLimit): use more than 0")
    }
    if target == "lesson" {
      guard let day, (1...7).contains(day) else {
        throw ValidationError("replay lesson N needs a day from 1 to 7")
      }
      if StudyPlan(rawValue: plan.lowercased()) == nil {
        throw ValidationError("--plan \(plan): use 4h or 6h")
      }
    } else if Int64(target) == nil {
      throw ValidationError(
        "'\(target)' is not a session id (redis-tutor sessions lists them) or 'lesson N'")
    }
  }

  func run() throws {
    setlocale(LC_ALL, "")
    signal(SIGPIPE, SIG_IGN)
    if target == "lesson", let day {
      try playLesson(day)
      return
    }
    let store = try LessonSetup.openStore()
    let info = try recording(Int64(target) ?? 0, in: store)
    if rerun {
      try rerunSession(info, store: store)
    } else {
      try play(info)
    }
  }

  private func play(_ info: RecordingInfo) throws {
    let file: AsciicastFile
    do {
      file = try AsciicastFile.read(path: info.castPath)
    } catch {
      printError("redis-tutor: session \(info.id) cannot be played: \(error)")
      throw ExitCode(1)
    }
    restoreTerminalOnInterrupt()
    let player = CastPlayer(
      file: file,
      options: PlaybackOptions(
        speed: speed == 0 ? 1e9 : speed, idleLimit: idleLimit, fromMarker: fromStep),
      write: writeNow,
      waitForKey: { seconds in
        switch RawKeyReader.waitForKey(fd: 0, seconds: seconds) {
        case nil: return nil
        case UInt8(ascii: " "): return .pause
        case UInt8(ascii: "n"): return .step
        case UInt8(ascii: "q"), 3: return .quit
        default: return .other
        }
      })
    switch player.play() {
    case .finished, .quit: return
    case .markerNotFound(let message):
      printError("redis-tutor: \(message)")
      throw ExitCode(1)
    }
  }

  private func rerunSession(_ info: RecordingInfo, store: ProgressStore) throws {
    let commands = try store.commandLog(info.id)
    guard !commands.isEmpty else {
      print("Session \(info.id) has no commands to re-run.")
      return
    }
    let fresh = try ExampleRunner.throwaway("rerun")
    defer { fresh.stop() }
    printError("Re-running session \(info.id)'s \(commands.count) commands on a fresh sandbox…")
    let result = try Rerunner(connection: fresh.connection).run(commands)
    let color = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    print(RerunReport.text(result, color: color), terminator: "")
  }

  private func playLesson(_ day: Int) throws {
    let catalog = try location.learnerCatalog()
    guard let lesson = catalog.lesson(day: day) else {
      printError("redis-tutor: there is no lesson for day \(day)")
      throw ExitCode(1)
    }
    let runner = try ExampleRunner.throwaway("walkthrough")
    runner.stageTester = StageTesterLines.run
    defer { runner.stop() }
    restoreTerminalOnInterrupt()
    let terminal = isatty(1) == 1
    let color = terminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let width = terminal ? min(TerminalSize.current(fd: 1).columns, 100) : 80
    let walkthrough = LessonWalkthrough(
      lesson: lesson, plan: StudyPlan(rawValue: plan.lowercased()) ?? .fourHours, runner: runner,
      pace: .readable(speed: speed), color: color,
      markdown: { TerminalMarkdown(width: width, color: color).render($0) + "\n" },
      write: writeNow, wait: LessonWalkthrough.keyboardWait())
    let result = walkthrough.play()
    if result.stopped { writeNow("\n(walk-through stopped)\n") }
    if !result.failures.isEmpty {
      for failure in result.failures { printError("redis-tutor: \(failure)") }
      throw ExitCode(1)
    }
  }
}

/// `redis-tutor export ID --format cast|md`.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor export",
    abstract: "Write a recorded session as an asciicast file or a Markdown transcript.")

  @Argument(help: "The session id, from redis-tutor sessions.") var id: Int64

  @Option(name: .customLong("format"), help: "cast (asciicast v2, plays in asciinema) or md.")
  var format: String = "md"

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
  var output: String?

  func validate() throws {
    if !["cast", "md"].contains(format) {
      throw ValidationError("--format \(format): use cast or md")
    }
  }

  func run() throws {
    let store = try LessonSetup.openStore()
    let info = try recording(id, in: store)
    let text: String
    if format == "cast" {
      do {
        text = try String(contentsOfFile: info.castPath, encoding: .utf8)
      } catch {
        printError("redis-tutor: session \(id)'s recording file is missing (\(info.castPath))")
        throw ExitCode(1)
      }
    } else {
      let commands = try store.commandLog(id)
      let days = Set(commands.compactMap(\.day)).sorted()
      var title = "Session \(id) — \(SessionsCommand.dateText(info.startedAt))"
      if !days.isEmpty { title += ", day " + days.map(String.init).joined(separator: ", ") }
      text = MarkdownExport.text(title: title, commands: commands)
    }
    if let output {
      do {
        try text.write(toFile: output, atomically: true, encoding: .utf8)
      } catch {
        printError("redis-tutor: could not write \(output): \(error.localizedDescription)")
        throw ExitCode(1)
      }
      printError("Wrote session \(id) to \(output).")
    } else {
      print(text, terminator: "")
    }
  }
}
