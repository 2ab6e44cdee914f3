import Foundation
import LineEditor
import Progress
import Recording
import RedisCLIFormat
import RedisClient
import Shell

/// Records a shell session: what the terminal showed, as an asciicast v2 file, and every
/// command with its reply, database, time, duration and lesson step, in the progress
/// database.
///
/// Secrets never reach either: AUTH and other credential-carrying commands are redacted in
/// the typed line and in the log, and replies that could show one (CONFIG GET requirepass,
/// ACL GETUSER) are replaced by `(reply hidden in the recording)`.
public final class SessionRecorder {
  /// Limits kept as settings in the progress database.
  public struct Limits: Sendable, Equatable {
    /// The size cap of one recording's file.
    public var maximumBytes: Int
    /// How many recordings are kept; the oldest are pruned when a new one starts.
    public var keep: Int

    public static let settingMaximumMegabytes = "recordings.max-mb"
    public static let settingKeep = "recordings.keep"

    public init(maximumBytes: Int = 5_000_000, keep: Int = 50) {
      self.maximumBytes = maximumBytes
      self.keep = keep
    }

    /// The limits saved in `store`, or the defaults.
    public init(store: ProgressStore) {
      self.init()
      if let megabytes = ((try? store.setting(Self.settingMaximumMegabytes)) ?? nil)
        .flatMap(Double.init), megabytes > 0
      {
        maximumBytes = Int(megabytes * 1_000_000)
      }
      if let keep = ((try? store.setting(Self.settingKeep)) ?? nil).flatMap(Int.init), keep > 0 {
        self.keep = keep
      }
    }
  }

  /// What the recording is of, for its header and the sessions list.
  public struct Details: Sendable {
    public var title: String
    public var width: Int
    public var height: Int
    public var server: String
    public var day: Int?
    /// `$TERM`, for the header.
    public var terminal: String

    public init(
      title: String, width: Int, height: Int, server: String, day: Int?, terminal: String
    ) {
      self.title = title
      self.width = width
      self.height = height
      self.server = server
      self.day = day
      self.terminal = terminal
    }
  }

  private let openStore: () -> ProgressStore?
  private var openedStore: ProgressStore??
  private let directory: String
  private let now: () -> Double
  private let note: (String) -> Void
  private var writer: AsciicastWriter?
  private var details: Details?
  private var startedAt: Double = 0
  private var castPath = ""
  private var recordingID: Int64?
  private var pending: [LoggedCommandRecord] = []
  private var sequence = 0
  private var hiddenReplies: [Bool] = []
  private var step: (day: Int, id: String)?
  /// Starts a new recording for `:record on`; a message when it cannot.
  private var restart: (() -> String?)?
  /// A typed line whose quote is still open, with the prompts and lines the terminal echoed.
  private var openLine: (line: LogicalLine, echoes: [(prompt: String, line: [UInt8])])?

  /// A recorder that keeps files in `directory` and its index and log in a store.
  ///
  /// `openStore` opens the store on first need: a session pays for the database only once it
  /// has something to keep. `note` tells the learner when recording stops on its own.
  public init(
    directory: String, now: @escaping () -> Double, note: @escaping (String) -> Void,
    openStore: @escaping () -> ProgressStore?
  ) {
    self.openStore = openStore
    self.directory = directory
    self.now = now
    self.note = note
  }

  private var store: ProgressStore? {
    if let openedStore { return openedStore }
    let store = openStore()
    openedStore = .some(store)
    return store
  }

  /// The recording's id while recording (its row is made now if it was not yet).
  public var currentID: Int64? { writer == nil ? nil : ensureRow() }

  /// Starts a recording: opens the file and writes its header.
  ///
  /// The database row (and the pruning of old recordings) waits until the first commands are
  /// saved.
  public func start(_ details: Details) throws {
    guard writer == nil else { return }
    try Self.makeDirectory(directory)
    startedAt = now()
    castPath = directory + "/" + Self.fileName(startedAt)
    let writer = try AsciicastWriter(
      path: castPath,
      header: AsciicastHeader(
        width: details.width, height: details.height, timestamp: Int(startedAt),
        title: details.title, env: ["TERM": details.terminal]),
      maximumBytes: Limits().maximumBytes, now: now)
    writer.onStop = { [weak self] reason in self?.stoppedOnItsOwn(reason) }
    self.details = details
    self.writer = writer
    recordingID = nil
    sequence = 0
  }

  /// The recording's row, made on first need: prunes the oldest recordings beyond the
  /// limit, applies the learner's size cap, and adds the row.
  @discardableResult
  private func ensureRow() -> Int64? {
    if let recordingID { return recordingID }
    guard let store, let details else { return nil }
    let limits = Limits(store: store)
    do {
      for old in try store.recordingsBeyond(keep: max(0, limits.keep - 1), excluding: nil) {
        try? FileManager.default.removeItem(atPath: old.castPath)
        try store.deleteRecording(old.id)
      }
      recordingID = try store.startRecording(
        startedAt: startedAt, title: details.title, castPath: castPath, width: details.width,
        height: details.height, server: details.server, day: details.day)
    } catch {
      note("This session's recording could not be indexed: \(error)")
      return nil
    }
    writer?.limit(to: limits.maximumBytes)
    return recordingID
  }

  /// Creates `path` and its missing parents, mode 0700 (without Foundation, which the
  /// shell's start-up does not otherwise load).
  static func makeDirectory(_ path: String) throws {
    if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
    guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
      throw RecordingDirectoryError(path: path, code: errno)
    }
    try makeDirectory(String(path[..<slash]))
    if mkdir(path, 0o700) != 0 && errno != EEXIST {
      throw RecordingDirectoryError(path: path, code: errno)
    }
  }

  private static func fileName(_ time: Double) -> String {
    let seconds = Int(time)
    return "session-\(seconds)-\(getpid()).cast"
  }

  private func stoppedOnItsOwn(_ reason: String) {
    note("Recording stopped: \(reason). The session goes on unrecorded.")
    if let id = ensureRow() { try? store?.noteRecordingStopped(id, reason: reason) }
  }

  // MARK: - What the terminal shows

  /// Terminal output, as the learner saw it.
  public func output(_ text: String) {
    echoOpenLine()
    guard let writer, hiddenReplies.first != true else { return }
    writer.output(Self.terminalNewlines(text))
  }

  /// A line the learner typed after `prompt` (the terminal echoed it; the cast shows it).
  ///
  /// A line with an open quote is held until the lines that continue it arrive: a secret
  /// can start on one line and end on the next, so redaction waits for all of it.
  public func typed(prompt: String, line: [UInt8]) {
    guard writer != nil else { return }
    var held = (line: LogicalLine(line), echoes: [(prompt: prompt, line: line)])
    if prompt == Prompt.continuation, let openLine {
      held = openLine
      held.line.append(line)
      held.echoes.append((prompt, line))
    } else {
      echoOpenLine()
    }
    openLine = held
    if !held.line.isOpen { echoOpenLine() }
  }

  /// Writes the held typed line: as the terminal showed it, or as one redacted line when it
  /// holds a secret.
  private func echoOpenLine() {
    guard let openLine else { return }
    self.openLine = nil
    guard let writer else { return }
    if let redacted = SensitiveCommand.redacted(line: openLine.line.text) {
      let shown = LoggedCommand.commandLine(redacted.map { String(decoding: $0, as: UTF8.self) })
      writer.output(openLine.echoes[0].prompt + shown + "\r\n")
    } else {
      for echo in openLine.echoes {
        writer.output(echo.prompt + String(decoding: echo.line, as: UTF8.self) + "\r\n")
      }
    }
  }

  /// A lesson step was shown: a marker in the cast, and the step of the commands that follow.
  public func stepShown(day: Int, stepID: String, title: String) {
    step = (day, stepID)
    writer?.marker("day \(day) · \(stepID) · \(title)")
  }

  // MARK: - Commands

  /// Called before a command is sent.
  public func willSend(_ argv: [[UInt8]]) {
    guard writer != nil else { return }
    let hidden = SensitiveCommand.revealsSecret(argv)
    if hidden && hiddenReplies.allSatisfy({ !$0 }) {
      writer?.output(LoggedCommand.hiddenReply.replacingOccurrences(of: "\n", with: "\r\n"))
    }
    hiddenReplies.append(hidden)
  }

  /// A command that got its reply.
  public func command(_ event: CommandEvent) {
    let hidden = hiddenReplies.isEmpty ? false : hiddenReplies.removeFirst()
    guard writer != nil else { return }
    sequence += 1
    let argv = SensitiveCommand.redacted(event.argv).map { String(decoding: $0, as: UTF8.self) }
    let reply =
      hidden
      ? LoggedCommand.hiddenReply : LoggedCommand.replyText(event.reply, to: argv)
    pending.append(
      LoggedCommandRecord(
        seq: sequence, argv: argv,
        reply: reply, isError: event.reply.isError, database: event.database,
        at: now() - event.duration, duration: max(0, event.duration), day: step?.day,
        step: step?.id))
    if pending.count >= 500 { flush() }
  }

  /// Called before each prompt: saves the log, and forgets replies that never came.
  public func atPrompt() {
    echoOpenLine()
    hiddenReplies.removeAll()
    flush()
  }

  /// Saves the commands logged since the last flush (one transaction).
  public func flush() {
    guard !pending.isEmpty, let recordingID = ensureRow(), let store else { return }
    do {
      try store.logCommands(pending, recording: recordingID)
    } catch {
      note("The command log could not be saved: \(error)")
    }
    pending.removeAll()
  }

  /// Stops recording (`:record off`, or the end of the session) and closes the file.
  public func stop() {
    echoOpenLine()
    flush()
    guard let writer else { return }
    let bytes = writer.bytesWritten
    let reason = writer.stopReason
    writer.close()
    if let recordingID = ensureRow() {
      try? store?.finishRecording(
        recordingID, endedAt: now(), bytes: bytes, stoppedReason: reason)
    }
    self.writer = nil
  }

  // MARK: - Text

  /// The text with every lone "\n" turned into "\r\n", as a terminal receives it.
  static func terminalNewlines(_ text: String) -> String {
    guard text.contains("\n") else { return text }
    var result = ""
    result.reserveCapacity(text.count + 8)
    var previous: Character?
    for character in text {
      if character == "\n" && previous != "\r" { result.append("\r") }
      result.append(character)
      previous = character
    }
    return result
  }
}

/// An output sink that also hands what it writes to the session recorder.
public final class RecordedOutput: OutputSink {
  private let base: OutputSink
  /// The recorder, once recording starts (nil: only the terminal gets the text).
  public var recorder: SessionRecorder?

  public init(_ base: OutputSink) { self.base = base }

  public func write(_ bytes: [UInt8]) {
    base.write(bytes)
    recorder?.output(String(decoding: bytes, as: UTF8.self))
  }

  public func flush() { base.flush() }
}

/// A line source whose typed lines also go into the recording (the terminal echoed them).
public final class RecordedLines: LineSource {
  private let base: LineSource
  /// The recorder, once recording starts.
  public var recorder: SessionRecorder?

  public init(_ base: LineSource) { self.base = base }

  public var isInteractive: Bool { base.isInteractive }
  public var hasBufferedLine: Bool { base.hasBufferedLine }

  public func readLine(prompt: String) -> LineResult {
    let result = base.readLine(prompt: prompt)
    if case .line(let line) = result, isInteractive { recorder?.typed(prompt: prompt, line: line) }
    return result
  }

  public func addHistory(_ line: [UInt8], persist: Bool) {
    base.addHistory(line, persist: persist)
  }
}

extension SessionRecorder: ShellPlugin {
  /// Installs the recorder on `shell`: commands, prompts, the end of the session, `:record`.
  ///
  /// `start` begins a new recording (for `:record on`); it returns a message when it cannot.
  public func attach(to shell: Shell, start: @escaping () -> String?) {
    restart = start
    shell.install(self)
  }

  public func shellWillSend(_ argv: [[UInt8]]) { willSend(argv) }
  public func shellDidReceive(_ event: CommandEvent) { command(event) }
  public func shellWillPrompt(_ shell: Shell) { atPrompt() }
  public func shellWillExit(_ shell: Shell) { stop() }

  /// `:record`.
  public var metaCommands: [MetaCommand] {
    [
      MetaCommand(
        name: "record", usage: ":record [on|off]",
        summary: "whether this session is being recorded (redis-tutor sessions lists them)"
      ) { [self] shell, words in
        switch words.first?.lowercased() {
        case "off":
          guard let id = currentID else {
            shell.note("Not recording.")
            return
          }
          stop()
          shell.note("Recording \(id) stopped; redis-tutor replay \(id) plays it.")
        case "on":
          if let id = currentID {
            shell.note("Already recording (session \(id)).")
          } else if let problem = restart?() {
            shell.note("Could not start recording: \(problem)")
          } else if let id = currentID {
            shell.note("Recording as session \(id).")
          }
        case nil, "status":
          shell.note(
            currentID.map { "Recording as session \($0); :record off stops." }
              ?? "Not recording; :record on starts.")
        default:
          shell.note("Usage: :record [on|off]")
        }
      }
    ]
  }
}

/// The recordings directory could not be created.
struct RecordingDirectoryError: Error, CustomStringConvertible {
  var path: String
  var code: Int32
  var description: String { "cannot create \(path): \(String(cString: strerror(code)))" }
}
