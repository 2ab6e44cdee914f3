import LineEditor
import RedisCLIFormat
import RedisClient
import RedisSandbox
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// The REPL: reads lines, runs them as Redis commands or tutor meta-commands, and prints
/// what redis-cli would print.
public final class Shell {
  /// The connection and how to rebuild it.
  public let link: ServerLink
  /// Output mode, colour, hints, confirmations.
  public var settings: ShellSettings
  /// Meta-commands by name (without the colon).
  public private(set) var metaCommands: [String: MetaCommand] = [:]
  /// Triggered (by the SIGINT handler) to cancel a command that is waiting for its reply.
  public let cancellation = CancellationPipe()
  /// Where replies and messages go.
  public let output: OutputSink
  /// Where warnings go when output is piped (stderr).
  public let errors: OutputSink

  /// The features installed, in the order they were installed.
  private var plugins: [any ShellPlugin] = []

  /// Where lines come from: the line editor, or a script in tests.
  public let input: LineSource
  private var commandTableCache: CommandTable?
  private var quitRequested = false
  /// Set when a reply could not be read: the exit status then says the output is incomplete.
  private var lostReplies = false
  private let monotonicSeconds: () -> Double
  /// The rows and columns of the terminal the output goes to, or nil when it is not a
  /// terminal; asked again for each message, so a resized window is used at once.
  public let terminalSize: () -> (rows: Int, columns: Int)?

  /// The fewest columns the prompt must leave free to type in before it takes its compact form.
  public static let typingRoom = 40

  public init(
    link: ServerLink, settings: ShellSettings, input: LineSource, output: OutputSink,
    errors: OutputSink, monotonicSeconds: @escaping () -> Double = Shell.systemMonotonicSeconds,
    terminalSize: @escaping () -> (rows: Int, columns: Int)? = { TerminalSize.of(fd: 1) }
  ) {
    self.link = link
    self.settings = settings
    self.input = input
    self.output = output
    self.errors = errors
    self.monotonicSeconds = monotonicSeconds
    self.terminalSize = terminalSize
    for command in BuiltinMetaCommands.all { register(command) }
  }

  /// Plugs a feature in: its meta-commands are registered (replacing any of the same name)
  /// and its hooks are called from now on.
  public func install(_ plugin: any ShellPlugin) {
    plugins.append(plugin)
    for command in plugin.metaCommands { register(command) }
  }

  private func register(_ command: MetaCommand) { metaCommands[command.name] = command }

  /// The prompt for the current state.
  public var prompt: Prompt {
    guard link.isConnected, let connection = link.connection else {
      return Prompt(endpoint: nil)
    }
    return Prompt(
      endpoint: connection.options.endpoint, database: connection.database,
      inTransaction: connection.inTransaction, onSandbox: link.onSandbox, color: settings.color)
  }

  /// The prompt shown on a terminal: the plugins' segments, then redis-cli's prompt.
  ///
  /// When that leaves fewer than `typingRoom` columns to type in, the segments and the
  /// sandbox's prompt take their compact forms; a named server's prompt stays redis-cli's.
  public var interactivePrompt: String {
    let redisPrompt = prompt
    let full = plugins.compactMap { $0.promptSegment(compact: false) }.joined() + redisPrompt.text
    guard let columns = terminalSize()?.columns,
      columns - DisplayWidth.visibleWidth(full) < Self.typingRoom
    else { return full }
    return plugins.compactMap { $0.promptSegment(compact: true) }.joined()
      + redisPrompt.compactText
  }

  /// Connects at start-up; on failure prints redis-cli's line and carries on unconnected.
  public func connectAtStart() {
    do {
      try link.connect()
    } catch {
      report(error)
    }
  }

  /// Runs lines until `quit`, `exit` or end of input, and returns the exit status.
  public func run() -> Int32 {
    while !quitRequested {
      for plugin in plugins { plugin.shellWillPrompt(self) }
      output.flush()
      let result = input.readLine(prompt: input.isInteractive ? interactivePrompt : prompt.text)
      switch result {
      case .endOfFile:
        quitRequested = true
      case .interrupted:
        continue
      case .line(let line):
        if input.isInteractive {
          handle(line: line)
        } else {
          handlePiped(first: line)
        }
      }
    }
    for plugin in plugins { plugin.shellWillExit(self) }
    output.flush()
    return lostReplies ? 1 : 0
  }

  /// Runs one command given on the command line (`redis-tutor GET key`).
  public func runOnce(_ argv: [[UInt8]]) -> Int32 {
    guard !argv.isEmpty else { return 0 }
    let succeeded = execute(argv, repeat: 1)
    output.flush()
    return succeeded ? 0 : 1
  }

  /// Asks the loop to end after the current line.
  public func requestQuit() { quitRequested = true }

  // MARK: - Lines

  /// Handles one typed line: continuation of open quotes, history, then dispatch.
  public func handle(line: [UInt8]) {
    var logical = LogicalLine(line)
    var parsed = logical.parsed
    while parsed == .unterminatedQuote && input.isInteractive {
      switch input.readLine(prompt: Prompt.continuation) {
      case .line(let more):
        logical.append(more)
        parsed = logical.parsed
      case .interrupted:
        return
      case .endOfFile:
        parsed = .invalidArguments
      }
    }
    if parsed != .empty {
      input.addHistory(
        logical.text, persist: !SensitiveCommand.isSensitive(line: logical.text))
    }
    dispatch(parsed)
  }

  private func dispatch(_ parsed: ParsedLine) {
    switch parsed {
    case .empty: return
    case .invalidArguments, .unterminatedQuote: output.line("Invalid argument(s)")
    case .invalidRepeat: output.line("Invalid redis-cli repeat command option value.")
    case .command(let count, let argv): execute(argv, repeat: count)
    }
  }

  /// Piped input: consecutive plain commands already buffered are sent as one pipeline,
  /// which is what makes a piped script faster than redis-cli's one round trip per line.
  private func handlePiped(first line: [UInt8]) {
    var batch: [[[UInt8]]] = []
    var next: ParsedLine? = CommandLineParser.parse(line)
    while let parsed = next {
      next = nil
      if case .command(let count, let argv) = parsed, isPipelinable(argv) {
        batch.append(contentsOf: Array(repeating: argv, count: count))
        if input.hasBufferedLine && batch.count < 4096,
          case .line(let more) = input.readLine(prompt: "")
        {
          next = CommandLineParser.parse(more)
        }
      } else {
        sendBatch(batch)
        batch.removeAll()
        dispatch(parsed)
      }
    }
    sendBatch(batch)
  }

  private func isPipelinable(_ argv: [[UInt8]]) -> Bool {
    let name = CommandCatalogue.name(argv)
    if name.hasPrefix(":") || Self.localCommands.contains(name) { return false }
    if CommandCatalogue.isStreaming(argv) || CommandCatalogue.danger(argv) != nil { return false }
    return !["SHUTDOWN", "HELLO", "RESET", "QUIT", "CLIENT"].contains(name)
  }

  private func sendBatch(_ batch: [[[UInt8]]]) {
    guard !batch.isEmpty else { return }
    if batch.count == 1 {
      execute(batch[0], repeat: 1)
      return
    }
    let connection: Connection
    do {
      connection = try link.connect()
    } catch {
      // redis-cli tries to connect once per command and says so each time.
      for _ in batch { report(error) }
      return
    }
    printNotices()
    let database = connection.database
    for argv in batch { for plugin in plugins { plugin.shellWillSend(argv) } }
    let timed = !plugins.isEmpty
    let started = timed ? monotonicSeconds() : 0
    var replies: [Reply] = []
    replies.reserveCapacity(batch.count)
    do {
      try connection.pipeline(batch) { index, reply in
        printReply(reply, for: batch[index])
        replies.append(reply)
      }
    } catch {
      // The replies before the failure are printed; the one that failed and every one
      // queued behind it are gone with the connection, and each gets its own line.
      report(error)
      noteLostReply(error)
      for argv in batch.dropFirst(replies.count + 1) {
        report(
          "Error: no reply to \(CommandCatalogue.name(argv)): an earlier reply in this pipeline could not be read; the server may have run it, so check before running it again"
        )
      }
    }
    let each = timed ? (monotonicSeconds() - started) / Double(max(replies.count, 1)) : 0
    for (argv, reply) in zip(batch, replies) {
      notify(argv, reply, database: database, duration: each)
    }
    for plugin in plugins { plugin.shellDidRunCommands(self) }
  }

  /// Remembers, for the exit status, a failure that lost a reply the server may have sent.
  private func noteLostReply(_ error: Error) {
    switch error {
    case RedisError.protocolError, RedisError.closed, RedisError.io, RedisError.timeout:
      lostReplies = true
    default: break
    }
  }

  // MARK: - Commands

  static let localCommands: Set<String> = ["QUIT", "EXIT", "CLEAR", "HELP", "?", "CONNECT"]

  /// Runs a command `count` times; returns false when it could not be sent or got an error.
  @discardableResult
  public func execute(_ argv: [[UInt8]], repeat count: Int) -> Bool {
    let name = CommandCatalogue.name(argv)
    if name.hasPrefix(":") {
      runMeta(argv)
      return true
    }
    switch name {
    case "QUIT", "EXIT":
      quitRequested = true
      return true
    case "CLEAR":
      output.write("\u{1B}[H\u{1B}[2J")
      return true
    case "HELP", "?":
      printHelp(Array(argv.dropFirst()).map { String(decoding: $0, as: UTF8.self) })
      return true
    case "CONNECT":
      return connectCommand(argv)
    default: break
    }
    if !link.onSandbox, let danger = CommandCatalogue.danger(argv), !confirm(argv, danger) {
      return false
    }
    let started = monotonicSeconds()
    var succeeded = true
    for _ in 0..<count {
      guard send(argv) else {
        succeeded = false
        break
      }
    }
    for plugin in plugins { plugin.shellDidRunCommands(self) }
    let elapsed = monotonicSeconds() - started
    if elapsed >= 0.5 && settings.outputMode == .terminal && input.isInteractive {
      output.line("(" + Self.twoDecimals(elapsed) + "s)")
    }
    return succeeded
  }

  /// Sends one command and prints its reply; false on a transport failure or error reply.
  private func send(_ argv: [[UInt8]]) -> Bool {
    // Reset first: a Ctrl-C at the prompt also triggered the pipe.
    cancellation.reset()
    let connection: Connection
    do {
      connection = try link.connect(cancel: input.isInteractive ? cancellation : nil)
    } catch RedisError.cancelled {
      output.line("")
      say(Self.interruptedUnconnected + "\n")
      return false
    } catch {
      report(error)
      return false
    }
    printNotices()
    if CommandCatalogue.isStreaming(argv) { return stream(argv, on: connection) }
    output.flush()
    do {
      let database = connection.database
      for plugin in plugins { plugin.shellWillSend(argv) }
      let timed = !plugins.isEmpty
      let started = timed ? monotonicSeconds() : 0
      let reply = try connection.send(argv, cancel: input.isInteractive ? cancellation : nil)
      printReply(reply, for: argv)
      if timed { notify(argv, reply, database: database, duration: monotonicSeconds() - started) }
      return !reply.isError
    } catch RedisError.cancelled {
      output.line("")
      say(cancelledMessage(connection) + "\n")
      return false
    } catch RedisError.refused(let message) {
      printReply(.error(Array(message.utf8)), for: argv)
      return false
    } catch {
      report(error)
      noteLostReply(error)
      return false
    }
  }

  private func notify(_ argv: [[UInt8]], _ reply: Reply, database: Int, duration: Double) {
    guard !plugins.isEmpty else { return }
    let event = CommandEvent(argv: argv, reply: reply, database: database, duration: duration)
    for plugin in plugins { plugin.shellDidReceive(event) }
  }

  /// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and MONITOR: print messages as they arrive until
  /// Ctrl-C, then rebuild the connection and return to the prompt.
  private func stream(_ argv: [[UInt8]], on connection: Connection) -> Bool {
    let isMonitor = CommandCatalogue.name(argv) == "MONITOR"
    cancellation.reset()
    do {
      try connection.append(argv)
      if !isMonitor && settings.outputMode == .terminal {
        output.line("Reading messages... (press Ctrl-C to quit)")
      }
      while true {
        output.flush()
        let reply = try connection.readReply(cancel: cancellation)
        printReply(reply, for: argv)
        if reply.isError { return false }
      }
    } catch RedisError.cancelled {
      output.line("")
      say(cancelledMessage(connection) + "\n")
      return true
    } catch {
      report(error)
      return false
    }
  }

  private func cancelledMessage(_ connection: Connection) -> String {
    let database = connection.database == 0 ? "" : ", db \(connection.database) re-selected"
    if connection.isBroken { return Self.interruptedUnconnected }
    return "(interrupted) Stopped waiting; the connection was rebuilt\(database)."
  }

  static let interruptedUnconnected =
    "(interrupted) Not connected: the server did not answer the reconnect in time; the next command tries again."

  /// Prints a reply in the mode redis-cli would use for this command.
  func printReply(_ reply: Reply, for argv: [[UInt8]]) {
    let mode = ReplyFormatter.mode(for: argv, default: settings.outputMode)
    output.write(ReplyFormatter.format(reply, mode: mode))
  }

  /// Prints one line for a failure, in redis-cli's words where it has them.
  public func report(_ error: Error) {
    switch error {
    case RedisError.connectFailed(let text): report(text)
    default: report("Error: \(error)")
    }
  }

  /// Prints one failure line: with the output on a terminal, to stderr when piped.
  private func report(_ message: String) {
    if input.isInteractive {
      say(message + "\n")
    } else {
      output.flush()
      errors.line(message)
      errors.flush()
    }
  }

  private func printNotices() {
    for notice in link.takeNotices() { note(notice) }
  }

  /// `text` as it fits the terminal: each line too wide word-wrapped to its current width.
  ///
  /// Unchanged when the output is not a terminal, so piped output is byte for byte what
  /// was printed. Redis replies never pass through here: redis-cli prints them as they are.
  public func fitted(_ text: String) -> String {
    guard let columns = terminalSize()?.columns else { return text }
    return MessageWrapper(width: columns).wrap(text)
  }

  /// Prints tutor text (not a Redis reply) on stdout, fitted to the terminal's width.
  public func say(_ text: String) {
    output.write(fitted(text))
  }

  /// Prints a tutor message: wrapped and dim on a terminal, to stderr when output is piped.
  public func note(_ text: String) {
    if input.isInteractive {
      let fitted = fitted(text)
      output.line(settings.color ? "\u{1B}[2m\(fitted)\u{1B}[0m" : fitted)
    } else {
      errors.line(text)
      errors.flush()
    }
  }

  private func confirm(_ argv: [[UInt8]], _ danger: String) -> Bool {
    if settings.assumeYes { return true }
    let server = link.options.endpoint.description
    guard input.isInteractive else {
      note(
        "Refused: \(danger). \(server) is not the sandbox and there is no terminal to confirm on; pass --yes to allow it."
      )
      return false
    }
    let question = "\(danger). \(server) is not the sandbox. Run it? [y/N] "
    guard case .line(let answer) = input.readLine(prompt: question) else {
      output.line("")
      return false
    }
    let word = String(decoding: answer, as: UTF8.self).lowercased()
    if word == "y" || word == "yes" { return true }
    note("Not run.")
    return false
  }

  private func connectCommand(_ argv: [[UInt8]]) -> Bool {
    let words = argv.dropFirst().map { String(decoding: $0, as: UTF8.self) }
    guard let host = words.first else {
      note("Usage: CONNECT host [port]")
      return false
    }
    let port = words.count > 1 ? Int(words[1]) : 6379
    guard let port else {
      note("CONNECT: '\(words[1])' is not a port number")
      return false
    }
    var options = link.options
    options.endpoint = .tcp(host: host, port: port)
    options.database = 0
    do {
      try link.retarget(options)
      commandTableCache = nil
      return true
    } catch {
      report(error)
      return false
    }
  }

  // MARK: - Meta-commands and help

  private func runMeta(_ argv: [[UInt8]]) {
    let words = argv.map { String(decoding: $0, as: UTF8.self) }
    let name = String(words[0].dropFirst()).lowercased()
    guard let command = metaCommands[name] else {
      note("Unknown tutor command ':\(name)'. Type :help to list them.")
      return
    }
    command.run(self, Array(words.dropFirst()))
    let heard = [name] + words.dropFirst()
    for plugin in plugins { plugin.shellDidRunMetaCommand(self, words: heard) }
  }

  /// The server's command table, read from COMMAND DOCS on first use.
  public var commandTable: CommandTable {
    if let commandTableCache { return commandTableCache }
    guard let connection = try? link.connect(), !connection.inTransaction,
      let table = try? CommandTable.fetch(from: connection), !table.isEmpty
    else { return CommandTable() }
    commandTableCache = table
    return table
  }

  private func printHelp(_ words: [String]) {
    if words.isEmpty {
      output.write(helpText)
      return
    }
    let table = commandTable
    if table.isEmpty {
      note("HELP needs a connection to a Redis 7 server (it reads COMMAND DOCS).")
      return
    }
    if words[0].hasPrefix("@") {
      if let text = table.help(group: String(words[0].dropFirst())) {
        output.write(text)
      } else {
        note(
          "No command group '\(words[0].dropFirst())'. Groups: \(table.groups.joined(separator: ", "))."
        )
      }
      return
    }
    if let text = table.help(for: words) {
      output.write(text)
    } else {
      note("No help for '\(words.joined(separator: " "))': not a command this server knows.")
    }
  }

  /// The text of `help` and `:help`, laid out for the terminal's width.
  var helpText: String {
    BuiltinMetaCommands.helpText(
      version: settings.version, metaCommands: metaCommands, width: terminalSize()?.columns)
  }

  static func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
  }

  /// Seconds from a monotonic clock.
  public static func systemMonotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}

/// A command that got a reply from the server.
public struct CommandEvent {
  /// The command as sent (secrets included: observers redact before keeping anything).
  public var argv: [[UInt8]]
  /// The server's reply.
  public var reply: Reply
  /// The database the command ran in.
  public var database: Int
  /// Seconds from sending to the reply (a pipelined batch shares its time evenly).
  public var duration: Double
}
