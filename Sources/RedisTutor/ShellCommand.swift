import ArgumentParser
import TutorApp

/// `redis-tutor [options] [CMD ARG...]`: the shell, or one command like `redis-cli CMD ARG...`.
struct ShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redis-tutor",
    abstract: "A terminal tutor for a week of learning backend work with Redis.",
    discussion: """
      Opens a redis-cli-compatible shell. Without -h/-p/-s/-u it runs on a private sandbox \
      redis-server kept under $XDG_DATA_HOME/redis-tutor/sandbox, whose data survives between \
      runs; with them it talks to that server and asks before FLUSHALL, FLUSHDB, SHUTDOWN, \
      DEBUG, CONFIG SET and KEYS. Given a command (redis-tutor GET key) it runs it once and \
      exits; lines piped on standard input run one by one, with redis-cli's output. Type \
      :help in the shell for the tutor's own commands.

      On a terminal on the sandbox it resumes today's lesson where you left off (--no-lesson \
      for a plain shell), after offering the quiz reviews that are due. Other commands: \
      redis-tutor lessons [list|check], redis-tutor lesson N [--print], redis-tutor progress, \
      redis-tutor quiz [stats], redis-tutor sessions, redis-tutor replay ID|lesson N, \
      redis-tutor export ID, redis-tutor demo NAME, redis-tutor drill, redis-tutor serve (the \
      Day 6 service; built on first use), redis-tutor test STAGE -- COMMAND (your own program \
      against a stage; test list shows them), redis-tutor sandbox url (each with --help). \
      Sessions on a terminal are recorded (--no-record to not).

      Environment: REDISCLI_AUTH (password), NO_COLOR, REDIS_TUTOR_HISTFILE (or /dev/null \
      for no history file), REDIS_TUTOR_LESSONS, XDG_DATA_HOME, XDG_CONFIG_HOME.
      """,
    version: TutorVersion.current,
    helpNames: [.long]
  )

  @Option(
    name: [.customShort("h"), .customLong("host")],
    help: ArgumentHelp("Server hostname (default: 127.0.0.1).", valueName: "host"))
  var host: String?

  @Option(
    name: [.customShort("p"), .customLong("port")],
    help: ArgumentHelp("Server port (default: 6379).", valueName: "port"))
  var port: Int?

  @Option(
    name: [.customShort("s"), .customLong("socket")],
    help: ArgumentHelp("Server socket (overrides hostname and port).", valueName: "socket"))
  var socket: String?

  @Option(
    name: .customShort("a"),
    help: ArgumentHelp(
      "Password to use when connecting (prefer REDISCLI_AUTH).", valueName: "password"))
  var password: String?

  @Option(name: .customLong("user"), help: "ACL user name, used with -a.")
  var user: String?

  @Option(name: .customShort("n"), help: ArgumentHelp("Database number.", valueName: "db"))
  var database: Int?

  @Option(
    name: .customShort("u"),
    help: ArgumentHelp("Server URI: redis://[user:password@]host:port/db.", valueName: "uri"))
  var uri: String?

  @Flag(
    name: .customLong("raw"),
    help: "Use raw formatting for replies (default when output is not a terminal).")
  var raw = false

  @Flag(
    name: .customLong("no-raw"), help: "Force formatted output even when output is not a terminal.")
  var noRaw = false

  @Flag(
    inversion: .prefixedNo,
    help: "Run on the private sandbox server (default when no -h/-p/-s/-u is given).")
  var sandbox: Bool?

  @Flag(name: .customLong("yes"), help: "Run dangerous commands on a named server without asking.")
  var assumeYes = false

  @Flag(name: .customLong("no-auth-warning"), help: "Do not warn about -a on the command line.")
  var noAuthWarning = false

  @Option(
    name: .customLong("lesson"),
    help: ArgumentHelp("Open day N's lesson (also when input is piped).", valueName: "N"))
  var lessonDay: Int?

  @Option(
    name: .customLong("plan"),
    help: ArgumentHelp("Today's plan: 4h or 6h (asked once otherwise).", valueName: "plan"))
  var plan: String?

  @Flag(name: .customLong("no-lesson"), help: "A plain shell: do not resume the daily lesson.")
  var noLesson = false

  @Flag(
    inversion: .prefixedNo,
    help:
      "Record the session (asciicast + command log; default on a terminal, off for piped input).")
  var record: Bool?

  @OptionGroup var lessons: LessonsCommand.Location

  /// Set by `redis-tutor quiz`: run this quiz selection, then exit (or stay in the lesson a
  /// `:lesson` asked for).
  @Option(name: .customLong("quiz"), help: .hidden)
  var quizSelection: String?

  @Argument(parsing: .captureForPassthrough, help: "A Redis command to run once, then exit.")
  var command: [String] = []

  /// The flags as values, for `ShellFlags`'s checks and request.
  var flags: ShellFlags {
    var flags = ShellFlags()
    flags.host = host
    flags.port = port
    flags.socket = socket
    flags.password = password
    flags.user = user
    flags.database = database
    flags.uri = uri
    flags.raw = raw
    flags.noRaw = noRaw
    flags.sandbox = sandbox
    flags.assumeYes = assumeYes
    flags.noAuthWarning = noAuthWarning
    flags.lessonDay = lessonDay
    flags.plan = plan
    flags.noLesson = noLesson
    flags.record = record
    flags.lessonsDirectory = lessons.directory
    flags.quizSelection = quizSelection
    flags.command = command
    return flags
  }

  func validate() throws {
    // Capturing the command for passthrough also captures a leading --help or --version.
    if command.first == "--help" { throw CleanExit.helpRequest(self) }
    if command.first == "--version" { throw CleanExit.message(TutorVersion.current) }
    if let problem = flags.problem { throw ValidationError(problem) }
  }

  func run() throws {
    let request: TutorShell.Request
    do {
      request = try flags.request(environment: ProcessEnvironment.current)
    } catch {
      throw ValidationError(error.description)
    }
    let status = TutorShell.run(request)
    if status != 0 { throw ExitCode(status) }
  }
}
