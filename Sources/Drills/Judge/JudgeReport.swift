/// What judging a program found, with every case's time.
public struct JudgeReport: Sendable {
  public var verdict: JudgeVerdict
  /// Each case run, in order; on a failure the failing case is last.
  public var timings: [JudgeTiming]
  /// A line about how the run was held, to show once beside the report (not part of it).
  public var note: String?

  public init(verdict: JudgeVerdict, timings: [JudgeTiming], note: String? = nil) {
    self.verdict = verdict
    self.timings = timings
    self.note = note
  }

  /// The report as the learner sees it: the verdict line, then what explains it — the
  /// failing case's input (and for a wrong answer the expected and actual output), or a
  /// crash's stderr — with each
  /// field cut to `maxFieldLines` lines.
  public func render(maxFieldLines: Int = 12) -> String {
    switch verdict {
    case .passed(let cases, let slowest):
      var line = "passed \(cases) \(cases == 1 ? "case" : "cases")"
      let groups = Self.groups(timings.map(\.test))
      if !groups.isEmpty {
        line += " (" + groups.map { "\($0.count) \($0.name)" }.joined(separator: ", ") + ")"
      }
      if cases > 0 {
        line += "; slowest: \(slowest.test) in \(Self.seconds(slowest.seconds)) s"
      }
      return line
    case .wrongAnswer(let test, let input, let expected, let got):
      return
        (["wrong answer on \(test)"]
        + Self.field("input", input, maxLines: maxFieldLines)
        + Self.field("expected", expected, maxLines: maxFieldLines)
        + Self.field("got", got, maxLines: maxFieldLines)).joined(separator: "\n")
    case .timeLimit(let test, let seconds, let input):
      return
        (["time limit exceeded on \(test): stopped after \(Self.seconds(seconds)) s"]
        + Self.field("input", input, maxLines: maxFieldLines)).joined(separator: "\n")
    case .memoryLimit(let test):
      return "memory limit exceeded on \(test): the program could not allocate more memory"
    case .outputLimit(let test, let bytes):
      return "output limit exceeded on \(test): stopped after \(bytes) bytes of output"
    case .crashed(let test, let status, let stderrTail):
      return
        (["crashed on \(test): \(status)"]
        + Self.field("stderr", stderrTail, maxLines: maxFieldLines, keepEnds: true))
        .joined(separator: "\n")
    case .forkBomb(let test):
      return "too many processes on \(test): the program started processes that kept running;"
        + " all of them were stopped"
    case .cannotStart(let command, let reason):
      return "cannot start \(command): \(reason)"
    }
  }

  /// Test groups in order of first appearance: "random 7" belongs to "random".
  static func groups(_ names: [String]) -> [(name: String, count: Int)] {
    var groups: [(name: String, count: Int)] = []
    for name in names {
      var group = Substring(name)
      if let space = name.lastIndex(of: " "),
        !name[name.index(after: space)...].isEmpty,
        name[name.index(after: space)...].allSatisfy(\.isNumber)
      {
        group = name[..<space]
      }
      if let index = groups.firstIndex(where: { $0.name == group }) {
        groups[index].count += 1
      } else {
        groups.append((String(group), 1))
      }
    }
    return groups
  }

  /// A labelled, indented block of text, cut to `maxLines`: its first lines, or with
  /// `keepEnds` a few first lines and the rest from the end (a crash's message may be at
  /// either end).
  static func field(_ label: String, _ text: String, maxLines: Int, keepEnds: Bool = false)
    -> [String]
  {
    var body = Substring(text)
    if body.hasSuffix("\n") { body = body.dropLast() }
    guard !body.isEmpty else { return ["\(label): (empty)"] }
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map {
      "  " + clip($0)
    }
    let keep = max(maxLines, 1)
    guard lines.count > keep else { return ["\(label):"] + lines }
    let skipped = lines.count - keep
    let more = "  … (\(skipped) more \(skipped == 1 ? "line" : "lines"))"
    let head = keepEnds ? max(keep / 3, 1) : keep
    return ["\(label):"] + lines.prefix(head) + [more] + lines.suffix(keep - head)
  }

  /// One line cut to a screen's width, so a large test's single line stays readable.
  static func clip(_ line: Substring, width: Int = 200) -> String {
    guard line.count > width else { return String(line) }
    return line.prefix(width) + " … (\(line.count - width) more characters)"
  }

  /// Seconds with two decimals, or three below a tenth of a second.
  static func seconds(_ value: Double) -> String {
    let decimals = value < 0.1 ? 3 : 2
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let total = Int((max(value, 0) * Double(scale)).rounded())
    let fraction = String(total % scale)
    return "\(total / scale)." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }
}
