/// One generated test for the judge: what the program reads and what it should print.
public struct JudgeTest: Sendable, Equatable {
  /// The test's name, a group then a number: "edge 1", "random 7", "large 2".
  public var name: String
  /// The program's whole standard input.
  public var input: String
  /// The reference solution's output.
  public var expected: String

  public init(name: String, input: String, expected: String) {
    self.name = name
    self.input = input
    self.expected = expected
  }
}

/// What one run of the learner's program may use.
public struct JudgeLimits: Sendable, Equatable {
  /// Wall-clock seconds per test case.
  public var timePerCase: Double
  /// Memory limit in bytes, as RLIMIT_DATA (heap and other private writable memory, which
  /// unlike RLIMIT_AS leaves the Go runtime's address-space reservations alone); 0 or less
  /// means none.
  public var memoryBytes: Int
  /// Cap on standard output (and on standard error) in bytes.
  public var outputBytes: Int
  /// How many processes (the program and everything it starts) may run at once;
  /// nil means no count, though processes left running after the program exits are
  /// always stopped and reported.
  public var maxProcesses: Int?

  public init(
    timePerCase: Double = 2, memoryBytes: Int = 512 << 20, outputBytes: Int = 1 << 20,
    maxProcesses: Int? = 64
  ) {
    self.timePerCase = timePerCase
    self.memoryBytes = memoryBytes
    self.outputBytes = outputBytes
    self.maxProcesses = maxProcesses
  }
}

/// How long one test case took.
public struct JudgeTiming: Sendable, Equatable {
  /// The test's name.
  public var test: String
  /// Wall-clock seconds from start to exit.
  public var seconds: Double

  /// The test's name (the same as `test`).
  public var name: String { test }

  public init(test: String, seconds: Double) {
    self.test = test
    self.seconds = seconds
  }
}

/// The outcome of judging a program: a pass, or the first thing that went wrong.
public enum JudgeVerdict: Sendable, Equatable {
  /// Every case passed; `slowest` is the case that took longest.
  case passed(cases: Int, slowest: JudgeTiming)
  /// The program exited normally but its output was not accepted.
  case wrongAnswer(test: String, input: String, expected: String, got: String)
  /// The program ran past the time limit and was stopped after `seconds`; `input` is the
  /// case it was given, so the learner can see what was slow.
  case timeLimit(test: String, seconds: Double, input: String)
  /// The program failed after hitting the memory limit.
  case memoryLimit(test: String)
  /// The program wrote more than the output cap and was stopped after `bytes`.
  case outputLimit(test: String, bytes: Int)
  /// The program exited non-zero or was killed by a signal.
  case crashed(test: String, status: String, stderrTail: String)
  /// The program started too many processes, or left some running after it exited.
  case forkBomb(test: String)
  /// The command could not be started at all.
  case cannotStart(command: String, reason: String)

  /// Whether every case passed.
  public var isPass: Bool {
    if case .passed = self { return true }
    return false
  }
}
