import Foundation
import Testing

@testable import Drills

/// The judge holds what it runs: nothing a program starts outlives its case, memory it
/// shares with nobody still counts, and it sees none of the tutor's environment or files.
@Suite("Judge containment")
struct JudgeContainmentTests {
  @Test(
    "a grandchild that escapes by fork, setsid and fork is stopped with the case",
    arguments: judgeLaunchers)
  func doubleForkedGrandchildIsStopped(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    let pids = scratch.directory + "/pids"
    // The middle child leaves at once, so the grandchild is an orphan in a session of its
    // own before the judge could ever see who started it.
    let program = try scratch.python(
      "escape.py",
      """
      import os, time
      if os.fork() == 0:
          os.setsid()
          if os.fork() == 0:
              with open("\(pids)", "a") as f:
                  f.write(f"{os.getpid()}\\n")
              time.sleep(60)
          os._exit(0)
      os.wait()
      while not (os.path.exists("\(pids)") and open("\(pids)").read().endswith("\\n")):
          time.sleep(0.01)
      print(0)
      """)
    let report = JudgeRunner(perCase: perCase, command: [program]).run(
      judgeSumTests(edge: 1, random: 0, large: 0), check: judgeSameTokens)
    #expect(report.verdict == .forkBomb(test: "edge 1"), "\(report.render())")
    let grandchild = scratch.pids()
    #expect(grandchild.count == 1)
    #expect(judgeSurvivors(pids: grandchild).isEmpty, "still running: \(grandchild)")
    for pid in grandchild { kill(pid, SIGKILL) }
  }

  @Test(
    "shared anonymous memory over the limit is a memory limit verdict", arguments: judgeLaunchers)
  func sharedMemoryCounts(perCase: Bool) throws {
    let scratch = try JudgeScratch()
    // MAP_SHARED memory is not data (RLIMIT_DATA ignores it); touched, it is resident.
    let program = try scratch.python(
      "shared.py",
      """
      import mmap, time
      size = 384 << 20
      block = mmap.mmap(-1, size, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
      chunk = b"\\1" * (1 << 20)
      for _ in range(size >> 20):
          block.write(chunk)
      time.sleep(2)
      print(0)
      """)
    let limits = JudgeLimits(timePerCase: 30, memoryBytes: 64 << 20)
    let report = JudgeRunner(perCase: perCase, command: [program], limits: limits).run(
      judgeSumTests(edge: 1, random: 0, large: 0), check: judgeSameTokens)
    #expect(report.verdict == .memoryLimit(test: "edge 1"), "\(report.render())")
    // Without a cgroup the learner is told how the limit is held.
    #expect(report.note == JudgeRunner.memoryNote)
  }

  @Test(
    "the program sees a clean environment and an empty working directory of its own",
    arguments: judgeLaunchers)
  func cleanEnvironmentAndDirectory(perCase: Bool) throws {
    judgeTutorSecrets.install()
    let scratch = try JudgeScratch()
    let program = try scratch.python(
      "env.py",
      """
      import json, os, stat
      here = os.getcwd()
      print(json.dumps({"env": dict(os.environ), "cwd": here, "files": os.listdir("."),
                        "mode": stat.S_IMODE(os.stat(here).st_mode)}))
      if not os.listdir("."):
          open("left-behind", "w").write("x")
      """)
    var seen: [[String: Any]] = []
    let tests = (1...2).map { JudgeTest(name: "edge \($0)", input: "", expected: "") }
    let report = JudgeRunner(perCase: perCase, command: [program]).run(tests) { _, _, got in
      let object = try? JSONSerialization.jsonObject(with: Data(got.utf8))
      seen.append(object as? [String: Any] ?? [:])
      return true
    }
    #expect(report.verdict.isPass, "\(report.render())")
    #expect(seen.count == 2)
    let callerDirectory = FileManager.default.currentDirectoryPath
    for run in seen {
      let environment = run["env"] as? [String: String] ?? [:]
      for name in judgeTutorSecrets.names {
        #expect(environment[name] == nil, "\(name) reached the program")
      }
      // Bash records where it is (PWD) and how deep it is (SHLVL); `_` is the program.
      let expected: Set = ["PATH", "HOME", "LANG", "LC_ALL", "GOCACHE", "GOPATH", "XDG_CACHE_HOME"]
      let extra = Set(environment.keys).subtracting(expected).subtracting(["PWD", "SHLVL", "_"])
      #expect(extra.isEmpty, "unexpected variables: \(extra.sorted())")
      #expect(environment["LANG"] == "C.UTF-8")
      let directory = run["cwd"] as? String ?? ""
      #expect(environment["HOME"] == directory)
      #expect(!directory.isEmpty && directory != callerDirectory)
      #expect(run["files"] as? [String] == [])
      #expect(run["mode"] as? Int == 0o700)
      #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) was left behind")
    }
  }

  @Test("a program named relative to the caller's directory still runs in its own")
  func relativeArgumentsAreAnchored() throws {
    let scratch = try JudgeScratch()
    try scratch.python("sum.py", judgeSumProgram)
    let command = try JudgeCommand.resolve(
      [JudgeScratch.python3, "sum.py", "-v"], path: nil, workingDirectory: nil)
    let anchored = command.anchored(in: scratch.directory)
    #expect(anchored.executable == JudgeScratch.python3)
    #expect(anchored.arguments == [scratch.directory + "/sum.py", "-v"])
    let local = try JudgeCommand.resolve(
      ["./sum.py"], path: nil, workingDirectory: scratch.directory)
    #expect(local.executable.hasPrefix(scratch.directory + "/"))
    #expect(local.anchored(in: "/elsewhere") == local)
  }
}

/// Variables the tutor may hold that a learner's program must never see.
let judgeTutorSecrets = JudgeTutorSecrets()

/// Sets them once in this test process (setenv is not safe to repeat while other tests run).
final class JudgeTutorSecrets: Sendable {
  let names = ["REDISCLI_AUTH", "REDIS_URL", "REDIS_TUTOR_JUDGE_TEST_SECRET"]
  private let installed: Void

  init() {
    for name in names { setenv(name, "secret-\(name)", 1) }
    installed = ()
  }

  /// Makes sure the variables are set (they are from the first use on).
  func install() { _ = installed }
}
