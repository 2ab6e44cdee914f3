import Foundation
import Progress
import RedisClient
import Shell
import Spawn
import TutorFiles

#if canImport(Glibc)
  import Glibc
#endif

/// `:test STAGE [-- COMMAND…]` in the shell: the stage tester on the learner's own program,
/// with the command (and the folder it ran in) remembered for the next `:test STAGE`.
///
/// The tester runs as `redis-tutor test …` in a process group of its own; Ctrl-C asks it to
/// stop (it kills the program's group and deletes its keys), and the prompt comes back.
enum StageTestMetaCommand {
  static let usage = ":test STAGE [-- COMMAND…]"

  /// The `setting` key a stage's remembered command is kept under.
  static func settingKey(_ stage: String) -> String { "test-command:" + stage }

  /// The meta-command; `finished` hears each run's stage and whether it passed (a run
  /// that could not be set up, or was stopped, is not reported).
  static func command(
    paths: TutorPaths, finished: @escaping (_ shell: Shell, _ stage: String, _ passed: Bool) -> Void
  ) -> MetaCommand {
    MetaCommand(
      name: "test", usage: usage,
      summary: "your own program against a stage (command remembered); :test list, :test init"
    ) { shell, words in
      guard let first = words.first else {
        shell.note(
          "Usage: \(usage) (remembered per stage), :test list [STAGE], "
            + ":test init STAGE --lang go|python")
        showRemembered(shell: shell, paths: paths)
        return
      }
      if first == "list" || first == "init" {
        _ = runTester(words, shell: shell)
        return
      }
      let stage = first
      /// Runs the tester and reports a verdict.
      func test(_ arguments: [String]) {
        let status = runTester(arguments, shell: shell)
        if status == 0 || status == 1 { finished(shell, stage, status == 0) }
      }
      if words.count > 1, words[1].hasPrefix("--"), words[1] != "--" {
        // Options only: nothing to remember. The tutor's own solutions (`--reference good`)
        // show what passing looks like, but a step wants the learner's program.
        if words.contains("--reference") {
          _ = runTester(words, shell: shell)
          shell.note(
            "That was the tutor's own solution; it does not count for your steps or progress. "
              + "Run yours: :test \(stage) -- YOUR COMMAND")
        } else {
          test(words)
        }
        return
      }
      let here = FileManager.default.currentDirectoryPath
      var directory = here
      var program: [String]
      if let separator = words.firstIndex(of: "--") {
        program = Array(words[(separator + 1)...])
        guard separator == 1, !program.isEmpty else {
          shell.note("Usage: :test \(stage) -- COMMAND… (for example :test \(stage) -- go run .)")
          return
        }
        remember(stage: stage, directory: here, command: program, shell: shell, paths: paths)
      } else {
        guard words.count == 1 else {
          shell.note(
            "Put your program's command after --: :test \(stage) -- \(words.dropFirst().joined(separator: " "))"
          )
          return
        }
        guard let remembered = remembered(stage: stage, paths: paths) else {
          shell.note(
            "No command remembered for \(stage) yet: run it once as :test \(stage) -- COMMAND… "
              + "(for example -- go run .), in your project's folder.")
          return
        }
        (directory, program) = remembered
        shell.note("Running \(program.joined(separator: " ")) in \(directory) (remembered).")
      }
      test([stage, "--directory", directory, "--"] + program)
    }
  }

  /// Lists the remembered commands, one per stage.
  static func showRemembered(shell: Shell, paths: TutorPaths) {
    guard let store = try? ProgressStore(path: paths.progressDatabase),
      let all = try? store.settings(withPrefix: settingKey(""))
    else { return }
    for (key, value) in all.sorted(by: { $0.key < $1.key }) {
      guard let (directory, command) = decode(value) else { continue }
      shell.note(
        "  :test \(key.dropFirst(settingKey("").count)) runs \(command.joined(separator: " ")) in \(directory)"
      )
    }
  }

  /// The folder and command last used for `stage`, if any.
  static func remembered(stage: String, paths: TutorPaths) -> (String, [String])? {
    guard let store = try? ProgressStore(path: paths.progressDatabase),
      let value = try? store.setting(settingKey(stage))
    else { return nil }
    return decode(value)
  }

  /// Keeps the folder and command for the next `:test STAGE`; a line when it cannot.
  static func remember(
    stage: String, directory: String, command: [String], shell: Shell, paths: TutorPaths
  ) {
    do {
      try ProgressStore(path: paths.progressDatabase).setSetting(
        settingKey(stage), ([directory] + command).joined(separator: "\n"))
    } catch {
      shell.note("The command is not remembered for next time: \(error)")
    }
  }

  /// A remembered value: the folder on the first line, then one word per line.
  static func decode(_ value: String) -> (String, [String])? {
    let lines = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.count >= 2 else { return nil }
    return (lines[0], Array(lines.dropFirst()))
  }

  /// Runs `redis-tutor test ARGUMENTS…` on the terminal and waits for it.
  ///
  /// Ctrl-C is passed on as SIGINT. Returns its exit status, or nil when it could not start.
  static func runTester(_ arguments: [String], shell: Shell) -> Int32? {
    shell.output.flush()
    let pid = Spawn.start(
      [CompanionProgram.tutorPath(), "test"] + arguments, environment: nil, input: -1,
      output: 1, error: 2, parentDeathSignal: SIGTERM)
    guard pid > 0 else {
      shell.note("Cannot start redis-tutor test: \(String(cString: strerror(errno))).")
      return nil
    }
    shell.cancellation.reset()
    var interruptedAt: Double?
    var status: Int32 = 0
    while true {
      let done = waitpid(pid, &status, WNOHANG)
      if done == pid || (done < 0 && errno != EINTR) { break }
      var poller = pollfd(fd: shell.cancellation.readEnd, events: Int16(POLLIN), revents: 0)
      let woken = poll(&poller, 1, 50) > 0
      if let asked = interruptedAt {
        // It had its chance to clean up; a second Ctrl-C or a long wait ends it.
        if woken || MonotonicClock.now - asked > 15 { kill(-pid, SIGKILL) }
        if woken { shell.cancellation.reset() }
      } else if woken {
        // The tester cleans up (the program's group, its keys) and exits 130.
        interruptedAt = MonotonicClock.now
        shell.cancellation.reset()
        kill(-pid, SIGINT)
      }
    }
    shell.cancellation.reset()
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }
}
