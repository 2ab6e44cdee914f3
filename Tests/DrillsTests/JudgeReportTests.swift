import Spawn
import Testing

@testable import Drills

@Suite("Judge report text")
struct JudgeReportTests {
  @Test("a pass names the counts per group and the slowest case")
  func passSummary() {
    let timings =
      (1...12).map { JudgeTiming(test: "edge \($0)", seconds: 0.01) }
      + (1...20).map { JudgeTiming(test: "random \($0)", seconds: 0.02) }
      + (1...8).map { JudgeTiming(test: "large \($0)", seconds: $0 == 3 ? 0.214 : 0.1) }
    let report = JudgeReport(
      verdict: .passed(cases: 40, slowest: JudgeTiming(test: "large 3", seconds: 0.214)),
      timings: timings)
    #expect(
      report.render()
        == "passed 40 cases (12 edge, 20 random, 8 large); slowest: large 3 in 0.21 s")
    let one = JudgeReport(
      verdict: .passed(cases: 1, slowest: JudgeTiming(test: "edge 1", seconds: 0.0042)),
      timings: [JudgeTiming(test: "edge 1", seconds: 0.0042)])
    #expect(one.render() == "passed 1 case (1 edge); slowest: edge 1 in 0.004 s")
    #expect(
      JudgeReport(
        verdict: .passed(cases: 0, slowest: JudgeTiming(test: "", seconds: 0)), timings: []
      ).render() == "passed 0 cases")
  }

  @Test("a wrong answer shows input, expected and got, long fields cut")
  func wrongAnswerText() {
    let input = "20\n" + (1...20).map(String.init).joined(separator: "\n") + "\n"
    let report = JudgeReport(
      verdict: .wrongAnswer(test: "random 7", input: input, expected: "210\n", got: ""),
      timings: [])
    #expect(
      report.render(maxFieldLines: 3) == """
        wrong answer on random 7
        input:
          20
          1
          2
          … (18 more lines)
        expected:
          210
        got: (empty)
        """)
    let short = JudgeReport(
      verdict: .wrongAnswer(test: "edge 2", input: "1\n-5\n", expected: "-5\n", got: "0\n"),
      timings: [])
    #expect(
      short.render() == """
        wrong answer on edge 2
        input:
          1
          -5
        expected:
          -5
        got:
          0
        """)
  }

  @Test("a very long line is cut to the screen")
  func longLineIsClipped() {
    let line = String(repeating: "7 ", count: 150)
    let text = JudgeReport.field("input", line, maxLines: 12)
    #expect(text == ["input:", "  " + String(line.prefix(200)) + " … (100 more characters)"])
  }

  @Test("the other verdicts read as one clear line, a crash with its stderr tail")
  func otherVerdicts() {
    func text(_ verdict: JudgeVerdict) -> String {
      JudgeReport(verdict: verdict, timings: []).render(maxFieldLines: 2)
    }
    #expect(
      text(.timeLimit(test: "large 2", seconds: 2.004, input: "3\n1\n2\n3\n"))
        == "time limit exceeded on large 2: stopped after 2.00 s\ninput:\n  3\n  1\n  … (2 more lines)"
    )
    #expect(
      text(.memoryLimit(test: "large 1"))
        == "memory limit exceeded on large 1: the program could not allocate more memory")
    #expect(
      text(.outputLimit(test: "edge 1", bytes: 1_048_577))
        == "output limit exceeded on edge 1: stopped after 1048577 bytes of output")
    #expect(
      text(.forkBomb(test: "edge 3"))
        == "too many processes on edge 3: the program started processes that kept running;"
        + " all of them were stopped")
    #expect(
      text(.cannotStart(command: "./sol", reason: "./sol: no such file"))
        == "cannot start ./sol: ./sol: no such file")
    #expect(
      text(.crashed(test: "edge 1", status: "exit status 3", stderrTail: "a\nb\nc"))
        == "crashed on edge 1: exit status 3\nstderr:\n  a\n  … (1 more line)\n  c")
    #expect(
      text(.crashed(test: "edge 1", status: "killed by signal 11 (SIGSEGV)", stderrTail: ""))
        == "crashed on edge 1: killed by signal 11 (SIGSEGV)\nstderr: (empty)")
  }

  @Test("test names group by the word before their number")
  func groupsFromNames() {
    let groups = JudgeReport.groups([
      "edge 1", "edge 2", "random 1", "sample", "edge 3", "big case 1",
    ])
    #expect(groups.map(\.name) == ["edge", "random", "sample", "big case"])
    #expect(groups.map(\.count) == [3, 1, 1, 1])
  }

  @Test("seconds print with two decimals, three below a tenth")
  func secondsFormat() {
    #expect(JudgeReport.seconds(0.214) == "0.21")
    #expect(JudgeReport.seconds(2) == "2.00")
    #expect(JudgeReport.seconds(0.0042) == "0.004")
    #expect(JudgeReport.seconds(0.05) == "0.050")
    #expect(JudgeReport.seconds(12.345) == "12.35" || JudgeReport.seconds(12.345) == "12.34")
  }
}

@Suite("Judge process table")
struct ProcessTableTests {
  @Test("a stat line parses even when the command name holds spaces and parentheses")
  func parsesStat() {
    let line =
      "4242 (a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10"
    let entry = ProcessTable.parse(pid: 4242, stat: Array(line.utf8)[...])
    #expect(
      entry
        == ProcessEntry(
          pid: 4242, state: UInt8(ascii: "S"), parent: 17, group: 4242, startTime: 987654,
          residentPages: 10))
    #expect(ProcessTable.parse(pid: 1, stat: Array("garbage".utf8)[...]) == nil)
  }

  @Test("the snapshot includes this process")
  func snapshotSeesSelf() {
    let me = getpid()
    #expect(ProcessTable.snapshot().contains { $0.pid == me && $0.isLive })
  }
}

#if canImport(Glibc)
  import Glibc
#endif
