#if canImport(Glibc)
  import Glibc
#endif

/// The command line: `--tutor PATH` (required), `--quick`, `--no-pin`, `--only GROUP`, `--help`.
struct BenchmarkOptions {
  /// The tutor binary under test, as an absolute path.
  var tutorPath: String
  /// Whether to run the smaller smoke-test counts.
  var quick: Bool
  /// Whether to run everything on one CPU (see `CPUAffinity`).
  var pinToOneCPU: Bool
  /// The groups of rows to run; empty runs them all.
  var groups: Set<BenchmarkGroup> = []

  /// What `--help` prints.
  static let usage = """
    usage: redis-tutor-bench --tutor PATH [--quick] [--no-pin] [--only GROUP[,GROUP…]]

    Measures redis-tutor against redis-cli and redis-benchmark on a private redis-server
    and prints one table of goals (progress goes to stderr, the table to stdout).

      --tutor PATH   the redis-tutor binary to measure (required)
      --quick        smaller counts, for a smoke run of under 20 seconds
      --no-pin       let the scheduler place processes (by default the harness, the
                     servers and the programs measured all share one CPU, which keeps
                     request/reply timings steady on small virtual machines)
      --only GROUPS  run only these groups of rows (comma-separated), of:
                     \(BenchmarkGroup.names)
      --help         show this text
    """

  /// What the command line asked for.
  enum Parsed {
    case run(BenchmarkOptions)
    case help
  }

  /// Parses `arguments` (without the program name).
  static func parse(_ arguments: [String]) throws(HarnessError) -> Parsed {
    var tutorPath: String?
    var quick = false
    var pinToOneCPU = true
    var groups: Set<BenchmarkGroup> = []
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
      switch argument {
      case "--help", "-h": return .help
      case "--quick": quick = true
      case "--no-pin": pinToOneCPU = false
      case "--only":
        guard let list = remaining.popFirst(), !list.isEmpty else {
          throw HarnessError("--only needs groups: \(BenchmarkGroup.names) (try --help)")
        }
        groups.formUnion(try BenchmarkGroup.parseList(list))
      case "--tutor":
        guard let path = remaining.popFirst(), !path.isEmpty else {
          throw HarnessError("--tutor needs a path (try --help)")
        }
        tutorPath = path
      default:
        if argument.hasPrefix("--tutor=") {
          tutorPath = String(argument.dropFirst("--tutor=".count))
        } else {
          throw HarnessError("unknown argument '\(argument)' (try --help)")
        }
      }
    }
    guard let tutorPath else { throw HarnessError("--tutor PATH is required (try --help)") }
    guard access(tutorPath, X_OK) == 0 else {
      throw HarnessError("tutor binary not found or not executable: \(tutorPath)")
    }
    return .run(
      BenchmarkOptions(
        tutorPath: Environment.absolute(tutorPath), quick: quick, pinToOneCPU: pinToOneCPU,
        groups: groups))
  }
}
