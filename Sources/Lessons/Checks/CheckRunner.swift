import RedisCLIFormat
import RedisClient
import Synchronization

/// Runs a step's check on the live server: read-only commands, every reply matched.
///
/// "Not done yet" (a reply that does not match) is a different outcome from "the check
/// could not run" (refused command, server too old, connection lost, no answer in time), as
/// in rustlings.
public final class CheckRunner {
  /// How long a check waits for each reply, in seconds.
  ///
  /// A step's check runs on the learner's own connection, which waits for ever for what the
  /// learner types; a check reads a few keys, so a server silent this long is busy (a long
  /// script, `DEBUG SLEEP`) or paused, and the tutor must not hang behind it.
  public static let defaultReplyTimeout = 3.0

  private let connection: Connection
  private let safety: CommandSafety
  private let replyTimeout: Double
  private let labEvents: LabEventLog?

  /// A runner on `connection`; `labEvents` is what happened to the sandbox since the step
  /// opened, which `:lab` lines read (without it, they fail: labs run on the sandbox only).
  public init(
    connection: Connection, safety: CommandSafety = CommandSafety(),
    replyTimeout: Double = CheckRunner.defaultReplyTimeout, labEvents: LabEventLog? = nil
  ) {
    self.connection = connection
    self.safety = safety
    self.replyTimeout = replyTimeout
    self.labEvents = labEvents
  }

  /// Runs every line of `check` and reports the first failures.
  public func run(_ check: Check) throws(CheckError) -> CheckResult {
    try withReplyTimeout { () throws(RedisError) -> CheckResult in
      if let needs = check.needs, let version = try fetchServerVersion(), version < needs {
        return .needsNewerRedis(needs, have: version)
      }
      var failures: [CheckFailure] = []
      for line in check.lines {
        if let refusal = try safety.refusal(for: line.argv, on: connection) {
          return .refused(line, refusal)
        }
        let reply = try connection.send(line.argv)
        if !line.matcher.matches(reply) { failures.append(CheckFailure(line: line, reply: reply)) }
      }
      for lab in check.labEvents {
        if let missing = try labMiss(lab) {
          failures.append(CheckFailure(lab: lab, missing: missing))
        }
      }
      for stage in check.stageRuns {
        let missing =
          labEvents.map { stage.missing(in: $0.events) }
          ?? "runs of the stage tester are recorded in the tutor's shell only"
        if let missing {
          failures.append(
            CheckFailure(source: stage.source, message: stage.message, missing: missing))
        }
      }
      return failures.isEmpty ? .passed : .notYet(failures)
    }
  }

  /// What a `:lab` line finds missing in the lab events, or nil when they hold it.
  private func labMiss(_ lab: LabEventCheck) throws(RedisError) -> String? {
    guard let labEvents else {
      return "lab events are recorded on the tutor's sandbox only, and this check has none"
    }
    var failure: RedisError?
    let missing = lab.missing(
      in: labEvents.events, keysOf: { LessonKeys.keys(of: $0, on: connection) },
      writes: { argv in
        do throws(RedisError) {
          return try safety.refusal(for: argv, on: connection) != nil
        } catch {
          failure = failure ?? error
          return false
        }
      })
    if let failure { throw failure }
    return missing
  }

  private var cachedVersion: RedisVersion??

  /// The server's version from INFO server, asked once.
  public func serverVersion() throws(CheckError) -> RedisVersion? {
    try withReplyTimeout { () throws(RedisError) in try fetchServerVersion() }
  }

  private func fetchServerVersion() throws(RedisError) -> RedisVersion? {
    if let cachedVersion { return cachedVersion }
    let info = try connection.send("INFO", "server").string ?? ""
    let version = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("redis_version:") }
      .flatMap {
        RedisVersion(String($0.dropFirst("redis_version:".count)).trimmed())
      }
    cachedVersion = .some(version)
    return version
  }

  /// Runs `body` with the connection's read timeout lowered to `replyTimeout`, then puts the
  /// learner's own timeout back.
  ///
  /// A reply that does not come in time leaves the connection broken (hiredis cannot resume a
  /// half-read reply); its next command reconnects, as after any transport failure.
  private func withReplyTimeout<Value>(_ body: () throws(RedisError) -> Value) throws(CheckError)
    -> Value
  {
    let learnerTimeout = connection.options.readTimeout
    let timeout = min(learnerTimeout ?? replyTimeout, replyTimeout)
    connection.setReadTimeout(timeout)
    defer { connection.setReadTimeout(learnerTimeout) }
    do {
      return try body()
    } catch .timeout {
      throw .unanswered(seconds: timeout)
    } catch {
      throw .connection(error)
    }
  }
}

/// Why a check could not run at all (as opposed to running and not passing).
public enum CheckError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server did not answer one of the check's commands within `seconds`.
  case unanswered(seconds: Double)
  /// The connection failed (lost, refused, protocol error).
  case connection(RedisError)

  /// One line for the learner: what happened and what to do.
  public var description: String {
    switch self {
    case .unanswered(let seconds):
      let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
      return
        "the server did not answer within \(shown) s; it is busy (a long script or DEBUG SLEEP) or paused, so the check gave up: try again once it answers"
    case .connection(let error):
      return error.description
    }
  }
}

/// What running a check found.
public enum CheckResult: Sendable {
  /// Every line matched.
  case passed
  /// Some lines did not match: the step is not done yet.
  case notYet([CheckFailure])
  /// A line was refused because it could change data.
  case refused(CheckLine, String)
  /// The server is older than the step needs.
  case needsNewerRedis(RedisVersion, have: RedisVersion)

  /// Whether the check passed.
  public var passed: Bool {
    if case .passed = self { return true }
    return false
  }
}

/// A check line whose reply did not match.
public struct CheckFailure: Sendable {
  /// The line.
  public var line: CheckLine
  /// What the server replied.
  public var reply: Reply
  /// For a `:lab` or `:stage` line: what the lab events lack.
  public var labMiss: String?

  public init(line: CheckLine, reply: Reply) {
    self.line = line
    self.reply = reply
  }

  /// A `:lab` line that did not pass, with what the lab events lack.
  init(lab: LabEventCheck, missing: String) {
    self.init(source: lab.source, message: lab.message, missing: missing)
  }

  /// A `:lab` or `:stage` line (`source`) that did not pass, with what the events lack.
  init(source: SourceLine, message: String?, missing: String) {
    let words = source.text.trimmed().split(separator: " ").map { Array($0.utf8) }
    line = CheckLine(argv: words, matcher: .isNil, message: message, source: source)
    reply = .null
    labMiss = missing
  }

  /// One line for the learner: the command, what came back, what was expected, and why.
  public var explanation: String {
    if let labMiss {
      let text = line.source.text
      let asked = text.firstRange(of: " #").map { String(text[..<$0.lowerBound]) } ?? text
      return "\(asked.trimmed()) → \(labMiss)" + (line.message.map { " — \($0)" } ?? "")
    }
    let got =
      reply.isError
      ? "(error) " + (reply.string ?? "") : Self.describe(reply) + Self.expiryMeaning(reply, line)
    var text = "\(line.commandText) → \(got), expected \(line.matcher.expectation)"
    if let message = line.message { text += " — \(message)" }
    return text
  }

  /// What a TTL-family reply of -1 or -2 means, so only a key with no expiry is told it has
  /// none (a lock set with `EX 120` reads `(integer) 120`, a TTL that is too long).
  static func expiryMeaning(_ reply: Reply, _ line: CheckLine) -> String {
    let expiryCommands: Set<String> = ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]
    guard let name = line.argv.first.map({ String(decoding: $0, as: UTF8.self).uppercased() }),
      expiryCommands.contains(name)
    else { return "" }
    switch reply {
    case .integer(-1): return " (the key has no expiry)"
    case .integer(-2): return " (no such key)"
    default: return ""
    }
  }

  static func describe(_ reply: Reply) -> String {
    switch reply {
    case .null: return "(nil)"
    case .integer(let value): return "(integer) \(value)"
    case .bulk: return "\"\(reply.string ?? "")\""
    case .status, .error: return reply.string ?? ""
    case .array(let elements):
      if elements.isEmpty { return "(empty array)" }
      let shown = elements.prefix(6).map(describe).joined(separator: " ")
      return "[" + shown + (elements.count > 6 ? " …" : "") + "]"
    }
  }
}

/// Decides whether a command may run in a check: only what the server flags read-only, and
/// never a script.
///
/// The flags come from `COMMAND INFO` on the live server, so a new read-only command is
/// allowed without a table here; a few introspection commands that change nothing but are
/// not flagged `readonly` (INFO, CONFIG GET, PING, TIME) are allowed by name. Commands in the
/// `@scripting` ACL category are refused even when flagged `readonly` (`EVAL_RO`,
/// `FCALL_RO`): a read-only script can still loop and keep the server busy for everyone.
public final class CommandSafety: Sendable {
  /// Verdicts by command (and subcommand) name, shared by every check that asks.
  private let cache = Mutex<[String: String?]>([:])

  public init() {}

  /// Nil when `argv` may run in a check; otherwise why not.
  public func refusal(for argv: [[UInt8]], on connection: Connection) throws(RedisError) -> String?
  {
    guard let first = argv.first else { return "an empty command" }
    let name = String(decoding: first, as: UTF8.self).lowercased()
    let sub = argv.count > 1 ? String(decoding: argv[1], as: UTF8.self).lowercased() : nil
    let key = sub.map { name + "|" + $0 } ?? name
    if let known = cache.withLock({ $0[key] }) { return known }
    let verdict = try decide(name: name, sub: sub, on: connection)
    cache.withLock { $0[key] = verdict }
    return verdict
  }

  private func decide(name: String, sub: String?, on connection: Connection) throws(RedisError)
    -> String?
  {
    var fullName = name
    var info = try connection.send("COMMAND", "INFO", name)
    if let sub, let entry = info.array?.first, let parts = entry.array, parts.count > 9,
      let subcommands = parts[9].array, !subcommands.isEmpty
    {
      fullName = name + "|" + sub
      info = try connection.send("COMMAND", "INFO", fullName)
    }
    if CommandCatalogue.readOnlyByNature.contains(fullName) { return nil }
    guard let entry = info.array?.first, let parts = entry.array, parts.count > 2,
      let flags = parts[2].array?.compactMap({ $0.string })
    else {
      return "'\(fullName.uppercased())' is not a command this server knows"
    }
    let shownName = fullName.uppercased().replacingOccurrences(of: "|", with: " ")
    let categories = parts.count > 6 ? parts[6].array?.compactMap({ $0.string }) ?? [] : []
    if categories.contains("@scripting") {
      return "'\(shownName)' is a scripting command; a check may not run scripts"
    }
    if flags.contains("readonly") && !flags.contains("blocking") { return nil }
    let reason =
      flags.first { ["write", "admin", "blocking", "pubsub"].contains($0) } ?? "not readonly"
    return "'\(shownName)' is flagged \(reason); a check may only read"
  }
}
