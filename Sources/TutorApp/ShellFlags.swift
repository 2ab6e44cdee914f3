import Lessons
import RedisClient
import SelfQuiz

/// The shell's command-line flags as values: what they ask for, what is wrong with them, and
/// the `TutorShell.Request` they make.
///
/// `redis-tutor` fills them from ArgumentParser, which also writes the help; the usual
/// start-ups (`redis-tutor`, `--no-lesson`, `--lesson 3 --plan 6h`) are read by `parseCommon`
/// instead, because ArgumentParser's reflection takes more CPU than the rest of the shell's
/// start-up together.
public struct ShellFlags: Equatable, Sendable {
  /// `-h/--host`.
  public var host: String?
  /// `-p/--port`.
  public var port: Int?
  /// `-s/--socket`.
  public var socket: String?
  /// `-a`: a password on the command line.
  public var password: String?
  /// `--user`: the ACL user for `-a`.
  public var user: String?
  /// `-n`: the database number.
  public var database: Int?
  /// `-u`: a `redis://` URL.
  public var uri: String?
  /// `--raw`.
  public var raw = false
  /// `--no-raw`.
  public var noRaw = false
  /// `--sandbox` (true), `--no-sandbox` (false), or neither.
  public var sandbox: Bool?
  /// `--yes`.
  public var assumeYes = false
  /// `--no-auth-warning`.
  public var noAuthWarning = false
  /// `--lesson N`.
  public var lessonDay: Int?
  /// `--plan 4h|6h`.
  public var plan: String?
  /// `--no-lesson`.
  public var noLesson = false
  /// `--record` (true), `--no-record` (false), or neither.
  public var record: Bool?
  /// `--lessons DIR`.
  public var lessonsDirectory: String?
  /// `--quiz SELECTION` (from `redis-tutor quiz`).
  public var quizSelection: String?
  /// A Redis command to run once.
  public var command: [String] = []

  public init() {}

  /// Whether the flags name a server of the learner's (so the sandbox is not the default).
  public var namesServer: Bool { host != nil || port != nil || socket != nil || uri != nil }

  /// What is wrong with the flags, in one line, or nil when nothing is.
  public var problem: String? {
    if let port, !(1...65535).contains(port) {
      return "-p \(port) is not a port number (1-65535)"
    }
    if let database, database < 0 { return "-n \(database): database numbers start at 0" }
    if raw && noRaw { return "--raw and --no-raw cannot be used together" }
    if let plan, StudyPlan(rawValue: plan.lowercased()) == nil {
      return "--plan \(plan): use 4h or 6h"
    }
    if let lessonDay, !(1...7).contains(lessonDay) {
      return "--lesson \(lessonDay): days run from 1 to 7"
    }
    if noLesson && lessonDay != nil { return "--lesson and --no-lesson cannot be used together" }
    if let quizSelection, QuizSelection(encoded: quizSelection) == nil {
      return "--quiz \(quizSelection): not a quiz selection"
    }
    return nil
  }

  /// The shell's request; throws a one-line message for a `-u` URL that cannot be read.
  ///
  /// Like redis-cli, a password from `-a` or the URL warns on stderr (unless
  /// `--no-auth-warning`); one from `REDISCLI_AUTH` in `environment` does not.
  public func request(environment: [String: String]) throws(ShellFlagError) -> TutorShell.Request {
    var request = TutorShell.Request(
      options: try connectionOptions(environment: environment),
      useSandbox: sandbox ?? !namesServer)
    request.rawOutput = raw ? true : noRaw ? false : nil
    request.assumeYes = assumeYes
    request.lessonDay = lessonDay
    request.plan = plan.flatMap { StudyPlan(rawValue: $0.lowercased()) }
    request.lessons = !noLesson
    request.record = record
    request.lessonsDirectory = lessonsDirectory
    request.quiz = quizSelection.flatMap(QuizSelection.init(encoded:))
    request.command = command
    return request
  }

  /// Connection options from the flags, the URL and `REDISCLI_AUTH`.
  private func connectionOptions(environment: [String: String]) throws(ShellFlagError)
    -> ConnectionOptions
  {
    var options = ConnectionOptions()
    if let uri {
      do {
        options = try ConnectionOptions(url: uri)
      } catch {
        throw ShellFlagError(description: error.description)
      }
    }
    if let socket { options.endpoint = .unix(path: socket) }
    if host != nil || port != nil {
      var currentHost = "127.0.0.1"
      var currentPort = 6379
      if case .tcp(let existingHost, let existingPort) = options.endpoint {
        currentHost = existingHost
        currentPort = existingPort
      }
      options.endpoint = .tcp(host: host ?? currentHost, port: port ?? currentPort)
    }
    if let user { options.username = user }
    if let password { options.password = password }
    if options.password != nil {
      if !noAuthWarning {
        printError(
          "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."
        )
      }
    } else if let fromEnvironment = environment["REDISCLI_AUTH"] {
      options.password = fromEnvironment
    }
    if let database { options.database = database }
    options.readTimeout = nil
    return options
  }

  /// The flags of a usual start-up on the sandbox, or nil for any other command line.
  ///
  /// Reads only `--no-lesson`, `--sandbox`, `--record`, `--no-record`, `--raw`, `--no-raw`,
  /// `--lesson N` and `--plan P`, each spelled out and at most once, and only when nothing is
  /// wrong with them: anything else (another flag, a command, `--help`, a mistake) is left to
  /// ArgumentParser, which says what is wrong in its own words.
  public static func parseCommon(_ arguments: [String]) -> ShellFlags? {
    var flags = ShellFlags()
    var seen: Set<String> = []
    var remaining = arguments[...]
    while let word = remaining.popFirst() {
      guard seen.insert(word).inserted else { return nil }
      switch word {
      case "--no-lesson": flags.noLesson = true
      case "--sandbox": flags.sandbox = true
      case "--record", "--no-record":
        guard flags.record == nil else { return nil }
        flags.record = word == "--record"
      case "--raw": flags.raw = true
      case "--no-raw": flags.noRaw = true
      case "--lesson":
        guard let value = remaining.popFirst(), let day = Int(value) else { return nil }
        flags.lessonDay = day
      case "--plan":
        guard let value = remaining.popFirst(), !value.hasPrefix("-") else { return nil }
        flags.plan = value
      default: return nil
      }
    }
    return flags.problem == nil ? flags : nil
  }
}

/// A command line the shell cannot use, in one line.
public struct ShellFlagError: Error, CustomStringConvertible, Equatable {
  public let description: String
}
