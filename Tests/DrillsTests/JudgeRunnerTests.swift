import Foundation
import Testing

@testable import Drills

@Suite("Judge runner verdicts")
struct JudgeRunnerTests {
  @Test("a correct program passes every case, with a timing for each", arguments: judgeLaunchers)
  func correctProgramPasses(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python("sum.py", judgeSumProgram)
    let tests = judgeSumTests(edge: 2, random: 3, large: 1)
    var seen: [(Int, Int)] = []
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      tests, check: judgeSameTokens
    ) {
      seen.append(($0, $1))
    }
    guard case .passed(let cases, let slowest) = report.verdict else {
      Issue.record("expected a pass, got \(report.render())")
      return
    }
    #expect(cases == 6)
    #expect(report.timings.map(\.test) == tests.map(\.name))
    #expect(tests.map(\.name).contains(slowest.test))
    #expect(report.timings.allSatisfy { $0.seconds > 0 })
    #expect(seen.map(\.0) == [1, 2, 3, 4, 5, 6])
    #expect(seen.allSatisfy { $0.1 == 6 })
    #expect(report.render().hasPrefix("passed 6 cases (2 edge, 3 random, 1 large); slowest: "))
  }

  @Test("the command is found on PATH and gets its arguments", arguments: judgeLaunchers)
  func commandOnPathWithArguments(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python("sum.py", judgeSumProgram)
    let report = JudgeRunner(perCase: perCase, command: [JudgeScratch.python3, program]).run(
      judgeSumTests(edge: 1, random: 1, large: 0), check: judgeSameTokens)
    #expect(report.verdict.isPass, "\(report.render())")
    let shell = JudgeRunner(perCase: perCase, command: ["sh", "-c", "echo 0"]).run(
      [JudgeTest(name: "edge 1", input: "", expected: "0\n")], check: judgeSameTokens)
    #expect(shell.verdict.isPass, "\(shell.render())")
  }

  @Test(
    "a wrong program gets the first failing case's input, expected and got",
    arguments: judgeLaunchers)
  func wrongAnswerStopsAtFirstFailure(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    // Ignores negative numbers: right on the empty edge case, wrong on "edge 2" (-5).
    let program = try scratch.python(
      "wrong.py",
      """
      import sys
      data = sys.stdin.read().split()
      print(sum(max(int(x), 0) for x in data[1:]))
      """)
    let tests = judgeSumTests(edge: 2, random: 3, large: 1)
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      tests, check: judgeSameTokens)
    #expect(
      report.verdict
        == .wrongAnswer(test: "edge 2", input: "1\n-5\n", expected: "-5\n", got: "0\n"))
    #expect(report.timings.map(\.test) == ["edge 1", "edge 2"])
  }

  @Test("a slow program is stopped at the time limit", arguments: judgeLaunchers)
  func slowProgramTimesOut(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python("slow.py", "import time\ntime.sleep(30)\nprint(0)\n")
    let report = JudgeRunner(
      perCase: perCase, command: [program], limits: JudgeLimits(timePerCase: 0.5)
    ).run(
      judgeSumTests(edge: 1, random: 0, large: 0), check: judgeSameTokens)
    guard case .timeLimit(let test, let seconds, let input) = report.verdict else {
      Issue.record("expected a time limit, got \(report.render())")
      return
    }
    #expect(test == "edge 1")
    #expect(seconds >= 0.5)
    #expect(input == "0\n\n")
  }

  @Test("a time-limit verdict shows the case's input, cut like a wrong answer's")
  func timeLimitShowsTheInput() throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python("sleepy.py", "import time\ntime.sleep(30)\n")
    let input = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let report = JudgeRunner(command: [program], limits: JudgeLimits(timePerCase: 0.5)).run(
      [JudgeTest(name: "large 1", input: input, expected: "")], check: judgeSameTokens)
    let lines = report.render(maxFieldLines: 3).split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("time limit exceeded on large 1: stopped after ") == true)
    #expect(
      Array(lines.dropFirst())
        == ["input:", "  line 1", "  line 2", "  line 3", "  … (17 more lines)"],
      "\(lines)")
  }

  @Test("the program runs under the limits", arguments: judgeLaunchers)
  func programRunsUnderTheLimits(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell("limits.sh", "cat /proc/self/limits\n")
    var limits: [String: [String]] = [:]
    let report = JudgeRunner(
      perCase: perCase, command: [program],
      limits: JudgeLimits(timePerCase: 20, memoryBytes: 256 << 20, outputBytes: 100_000)
    ).run([JudgeTest(name: "edge 1", input: "", expected: "")]) { _, _, got in
      for line in got.split(separator: "\n") {
        // "Max data size   268435456   268435456   bytes"
        let name = String(line.prefix(26)).trimmingCharacters(in: .whitespaces)
        limits[name] = line.dropFirst(26).split(separator: " ").map(String.init)
      }
      return true
    }
    #expect(report.verdict.isPass, "\(report.render())")
    #expect(limits["Max data size"]?.prefix(2) == ["268435456", "268435456"])
    #expect(limits["Max core file size"]?.first == "0")
    #expect(limits["Max cpu time"]?.prefix(2) == ["21", "22"])
    let fileSize = Int(limits["Max file size"]?.first ?? "") ?? 0
    #expect(fileSize > 100_000 && fileSize <= 101_024)
  }

  @Test(
    "a program stopped by the CPU limit (SIGXCPU) reads as a time limit", arguments: judgeLaunchers)
  func cpuLimitIsATimeLimit(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell("xcpu.sh", "kill -XCPU $$\n")
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(), check: judgeSameTokens)
    guard case .timeLimit(let test, _, _) = report.verdict else {
      Issue.record("expected a time limit, got \(report.render())")
      return
    }
    #expect(test == "edge 1")
  }

  @Test("a hanging program is stopped and nothing of it is left", arguments: judgeLaunchers)
  func hangingProgramLeavesNothing(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell(
      "hang.sh", "echo $$ > \(scratch.directory)/pids\nwhile true; do :; done\n")
    let report = JudgeRunner(
      perCase: perCase, command: [program], limits: JudgeLimits(timePerCase: 0.5)
    ).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(
      report.verdict
        == .timeLimit(test: "edge 1", seconds: report.timings[0].seconds, input: "0\n\n"))
    let pids = scratch.pids()
    #expect(pids.count == 1)
    #expect(judgeSurvivors(group: pids.first, pids: pids).isEmpty)
  }

  @Test("an output flood is stopped at the cap", arguments: ["yes", "python"], judgeLaunchers)
  func outputFloodIsStopped(kind: String, perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let command: [String]
    if kind == "yes" {
      command = ["yes", "flood"]
    } else {
      // Ignoring SIGXFSZ turns the file-size limit into failed writes; the judge must still
      // notice the cap and stop the program.
      command = [
        try scratch.python(
          "flood.py",
          """
          import os, signal
          signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
          with open(\"\(scratch.directory)/pids\", "w") as f: f.write(str(os.getpid()))
          while True:
              try:
                  os.write(1, b"x" * 4096)
              except OSError:
                  pass
          """)
      ]
    }
    let limits = JudgeLimits(timePerCase: 10, outputBytes: 64 << 10)
    let report = JudgeRunner(perCase: perCase, command: command, limits: limits).run(
      judgeSumTests(), check: judgeSameTokens)
    guard case .outputLimit(let test, let bytes) = report.verdict else {
      Issue.record("expected an output limit, got \(report.render())")
      return
    }
    #expect(test == "edge 1")
    #expect(bytes > 64 << 10)
    #expect(judgeSurvivors(pids: scratch.pids()).isEmpty)
  }

  @Test(
    "children left running after the program exits are a fork bomb, all stopped",
    arguments: judgeLaunchers)
  func strayChildrenAreStopped(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell(
      "forker.sh",
      """
      echo $$ >> \(scratch.directory)/pids
      for i in 1 2 3; do sleep 30 & echo $! >> \(scratch.directory)/pids; done
      echo 0
      """)
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(report.verdict == .forkBomb(test: "edge 1"))
    let pids = scratch.pids()
    #expect(pids.count == 4)
    #expect(judgeSurvivors(group: pids.first, pids: pids).isEmpty)
  }

  @Test(
    "more processes than allowed at once is a fork bomb, all stopped", arguments: judgeLaunchers)
  func tooManyProcessesAreStopped(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python(
      "bomb.py",
      """
      import os, time
      with open(\"\(scratch.directory)/pids\", "a") as f: f.write(f"{os.getpid()}\\n")
      for _ in range(8):
          if os.fork() == 0:
              with open(\"\(scratch.directory)/pids\", "a") as f: f.write(f"{os.getpid()}\\n")
              time.sleep(30)
              os._exit(0)
      time.sleep(30)
      """)
    let limits = JudgeLimits(timePerCase: 20, maxProcesses: 4)
    let report = JudgeRunner(perCase: perCase, command: [program], limits: limits).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(report.verdict == .forkBomb(test: "edge 1"))
    let pids = scratch.pids()
    #expect(!pids.isEmpty)
    #expect(judgeSurvivors(group: pids.first, pids: pids).isEmpty)
  }

  @Test(
    "a child that leaves the process group is still found and stopped", arguments: judgeLaunchers)
  func childOutsideTheGroupIsStopped(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    // setsid(1) puts sleep in a new session; the program lives long enough to be watched.
    let program = try scratch.shell(
      "escape.sh",
      """
      setsid sleep 30 &
      echo $! >> \(scratch.directory)/pids
      sleep 0.3
      echo 0
      """)
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(report.verdict == .forkBomb(test: "edge 1"))
    let pids = scratch.pids()
    #expect(pids.count == 1)
    #expect(judgeSurvivors(pids: pids).isEmpty)
  }

  @Test("a memory hog hits the memory limit", arguments: judgeLaunchers)
  func memoryHogHitsTheLimit(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python("hog.py", "data = bytearray(4 * 1024 ** 3)\nprint(0)\n")
    let limits = JudgeLimits(timePerCase: 30, memoryBytes: 256 << 20)
    let report = JudgeRunner(perCase: perCase, command: [program], limits: limits).run(
      judgeSumTests(), check: judgeSameTokens)
    switch report.verdict {
    case .memoryLimit(let test):
      #expect(test == "edge 1")
    case .crashed(_, _, let tail):
      #expect(tail.contains("MemoryError"))
    default:
      Issue.record("expected a memory limit, got \(report.render())")
    }
  }

  @Test("a command that does not exist cannot start", arguments: judgeLaunchers)
  func missingCommandCannotStart(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let tests = judgeSumTests()
    let onPath = JudgeRunner(perCase: perCase, command: ["no-such-program-xyz", "a"]).run(
      tests, check: judgeSameTokens)
    #expect(
      onPath.verdict
        == .cannotStart(command: "no-such-program-xyz a", reason: "not found on PATH"))
    #expect(onPath.render() == "cannot start no-such-program-xyz a: not found on PATH")

    let path = scratch.directory + "/missing"
    let byPath = JudgeRunner(perCase: perCase, command: [path]).run(tests, check: judgeSameTokens)
    #expect(byPath.verdict == .cannotStart(command: path, reason: "\(path): no such file"))

    let empty = JudgeRunner(perCase: perCase, command: []).run(tests, check: judgeSameTokens)
    guard case .cannotStart(_, let reason) = empty.verdict else {
      Issue.record("expected cannotStart, got \(empty.render())")
      return
    }
    #expect(reason.hasPrefix("no command given"))
  }

  @Test("a file that cannot be executed gets a reason saying why", arguments: judgeLaunchers)
  func unrunnableFilesCannotStart(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let tests = judgeSumTests()
    let plain = try scratch.script("plain.py", "print(0)\n", executable: false)
    #expect(
      JudgeRunner(perCase: perCase, command: [plain]).run(tests, check: judgeSameTokens).verdict
        == .cannotStart(
          command: plain, reason: "\(plain) is not executable (try chmod +x \(plain))"))

    let badInterpreter = try scratch.script("bad.py", "#!/usr/bin/no-such-python\nprint(0)\n")
    #expect(
      JudgeRunner(perCase: perCase, command: [badInterpreter]).run(tests, check: judgeSameTokens)
        .verdict
        == .cannotStart(
          command: badInterpreter,
          reason: "\(badInterpreter) starts with #!/usr/bin/no-such-python, which does not exist"))

    let noShebang = try scratch.script("noshebang.py", "print(0)\n")
    #expect(
      JudgeRunner(perCase: perCase, command: [noShebang]).run(tests, check: judgeSameTokens).verdict
        == .cannotStart(
          command: noShebang,
          reason: "\(noShebang) is neither a compiled program nor a script with a #! line"
            + " (e.g. #!/usr/bin/env python3)"))

    #expect(
      JudgeRunner(perCase: perCase, command: [scratch.directory]).run(tests, check: judgeSameTokens)
        .verdict
        == .cannotStart(command: scratch.directory, reason: "\(scratch.directory) is a directory"))
  }

  @Test(
    "a program exiting non-zero is reported with its status and stderr tail",
    arguments: judgeLaunchers)
  func nonZeroExitIsACrash(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell(
      "fail.sh",
      """
      for i in $(seq 1 30); do echo "noise $i" >&2; done
      echo "panic: index out of range [5] with length 5" >&2
      exit 3
      """)
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(), check: judgeSameTokens)
    guard case .crashed(let test, let status, let tail) = report.verdict else {
      Issue.record("expected a crash, got \(report.render())")
      return
    }
    #expect(test == "edge 1")
    #expect(status == "exit status 3")
    let lines = tail.split(separator: "\n")
    #expect(lines.count == 20)
    #expect(lines.first == "noise 1")
    #expect(lines[5] == "… (12 more lines)")
    #expect(lines[6] == "noise 18")
    #expect(lines.last == "panic: index out of range [5] with length 5")
  }

  @Test(
    "a program killed by a signal is reported with the signal's name", arguments: judgeLaunchers)
  func signalIsACrash(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python(
      "segv.py", "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(), check: judgeSameTokens)
    #expect(
      report.verdict
        == .crashed(test: "edge 1", status: "killed by signal 11 (SIGSEGV)", stderrTail: ""))
  }

  @Test("environment and working directory are the program's", arguments: judgeLaunchers)
  func environmentAndWorkingDirectory(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    try scratch.shell("answer.sh", "cat data.txt; echo \"$GREETING\"\n")
    try "42\n".write(toFile: scratch.directory + "/data.txt", atomically: true, encoding: .utf8)
    let runner = JudgeRunner(
      command: ["./answer.sh"], environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"],
      workingDirectory: scratch.directory)
    let report = runner.run(
      [JudgeTest(name: "edge 1", input: "", expected: "42\nhello\n")], check: judgeSameTokens)
    #expect(report.verdict.isPass, "\(report.render())")

    let missing = JudgeRunner(
      perCase: perCase, command: ["sh"], workingDirectory: scratch.directory + "/nope"
    )
    .run(judgeSumTests(), check: judgeSameTokens)
    guard case .cannotStart = missing.verdict else {
      Issue.record("expected cannotStart, got \(missing.render())")
      return
    }
  }

  @Test("limits hold with a working directory too", arguments: judgeLaunchers)
  func limitsHoldWithWorkingDirectory(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    try scratch.python("hog.py", "data = bytearray(4 * 1024 ** 3)\nprint(0)\n")
    let hog = JudgeRunner(
      command: ["./hog.py"], limits: JudgeLimits(timePerCase: 30, memoryBytes: 256 << 20),
      workingDirectory: scratch.directory
    ).run(judgeSumTests(), check: judgeSameTokens)
    #expect(hog.verdict == .memoryLimit(test: "edge 1"))

    let flood = JudgeRunner(
      command: ["yes"], limits: JudgeLimits(timePerCase: 30, outputBytes: 10_000),
      workingDirectory: scratch.directory
    ).run(judgeSumTests(), check: judgeSameTokens)
    guard case .outputLimit = flood.verdict else {
      Issue.record("expected an output limit, got \(flood.render())")
      return
    }
  }

  @Test("the program gets only its three standard streams", arguments: judgeLaunchers)
  func onlyStandardStreams(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.python(
      "fds.py", "import os\nprint(' '.join(sorted(os.listdir('/proc/self/fd'))))\n")
    var fds: [String] = []
    _ = JudgeRunner(perCase: perCase, command: [program]).run(
      [JudgeTest(name: "edge 1", input: "", expected: "")]
    ) { _, _, got in
      fds = got.split(whereSeparator: \.isWhitespace).map(String.init)
      return true
    }
    // The fourth is the directory listing itself.
    #expect(fds.count == 4, "open descriptors: \(fds)")
    #expect(Array(fds.prefix(3)) == ["0", "1", "2"])
  }

  @Test("a case runner stays in step after it stopped a case", arguments: judgeLaunchers)
  func caseRunnerContinuesAfterAKill(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell(
      "maybe.sh", "read n\nif [ \"$n\" = hang ]; then while true; do :; done; fi\necho \"got $n\"\n"
    )
    let command = try JudgeCommand.resolve([program], path: nil, workingDirectory: nil)
    let runner = try #require(
      JudgeCaseRunner(
        command: command, limits: JudgeLimits(timePerCase: 1.5), environment: nil,
        workingDirectory: nil, perCase: perCase))
    for round in 1...2 {
      let quick = runner.run(input: Array("\(round)\n".utf8))
      #expect(quick.end == .exited(code: 0, signal: nil))
      #expect(String(decoding: quick.output, as: UTF8.self) == "got \(round)\n")
      #expect(runner.run(input: Array("hang\n".utf8)).end == .timedOut)
    }
  }

  @Test(
    "after a run nothing is left: neither the program nor its launcher", arguments: judgeLaunchers)
  func nothingLeftAfterARun(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell(
      "parent.sh",
      "echo $$ >> \(scratch.directory)/pids\necho $PPID >> \(scratch.directory)/pids\necho 0\n")
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(edge: 1, random: 0, large: 0), check: judgeSameTokens)
    #expect(report.verdict.isPass, "\(report.render())")
    // The parent is the launcher: the run's bash, or the case's own reaper.
    let pids = scratch.pids()
    #expect(pids.count == 2 && !pids.contains(getpid()))
    #expect(judgeSurvivors(pids: pids).isEmpty)
  }

  @Test("the default limits")
  func defaultLimits() {
    let limits = JudgeLimits()
    #expect(limits.timePerCase == 2)
    #expect(limits.memoryBytes == 512 << 20)
    #expect(limits.outputBytes == 1 << 20)
    #expect(limits.maxProcesses == 64)
  }

  @Test("the overhead measurement times both ways")
  func overheadIsMeasured() throws {
    let scratch = try JudgeScratch()
    let program = try scratch.shell("cat.sh", "exec cat\n")
    let times = try JudgeOverhead.measure(command: [program], input: "1 2 3\n", runs: 5, rounds: 1)
    #expect(times.judged > 0)
    #expect(times.direct > 0)
    #expect(throws: JudgeOverhead.Failure.self) {
      try JudgeOverhead.measure(command: ["no-such-program-xyz"], input: "", runs: 1)
    }
  }
}
