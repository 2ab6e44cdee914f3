#if canImport(Glibc)
  import Glibc
#endif

/// Rows 2 to 4: time from spawn to the first prompt, in a pseudo-terminal.
struct StartupBenchmark {
  let server: PrivateRedisServer
  let tools: ReferenceTools
  let tutor: TutorUnderTest
  let plan: BenchmarkPlan

  /// How long a program may take to show its prompt before the harness gives up on it.
  private static let promptDeadline = Duration.seconds(10)

  /// Row 2: on the existing server (`-p PORT`); goal: at most twice redis-cli's time.
  func existingServerRow() throws(HarnessError) -> BenchmarkRow {
    let name = "start-up to prompt, -p PORT (time)"
    Progress.say("measuring \(name)…")
    let prompt = "127.0.0.1:\(server.port)> "
    let arguments = ["-p", String(server.port)]
    let goal = 2.0
    var referenceTimes: [Double] = []
    var tutorTimes: [Double] = []
    var unmeasurable: String?
    for _ in 0..<plan.promptRuns {
      let reference = try TerminalSession(
        executable: tools.redisCLI, arguments: arguments, environment: tutor.environment)
      do {
        referenceTimes.append(
          try reference.waitForPrompt(within: Self.promptDeadline) { $0.contains(prompt) })
      } catch {
        throw HarnessError("redis-cli in a pseudo-terminal: \(error.description)")
      }
      reference.kill()
      guard unmeasurable == nil else { continue }
      let session = try TerminalSession(
        executable: tutor.path, arguments: arguments, environment: tutor.environment)
      do {
        tutorTimes.append(
          try session.waitForPrompt(within: Self.promptDeadline) { $0.contains(prompt) })
      } catch {
        unmeasurable = error.description
      }
      session.kill()
    }
    let referenceTime = Measurements.median(referenceTimes)
    var row = BenchmarkRow(
      name: name, tutor: .notMeasurable(unmeasurable ?? ""),
      reference: "redis-cli " + NumberFormatting.milliseconds(referenceTime),
      goal: "<= " + NumberFormatting.fixed(goal, places: 1))
    if unmeasurable == nil {
      let tutorTime = Measurements.median(tutorTimes)
      let ratio = Measurements.medianRatio(tutorTimes, referenceTimes)
      row.ratio = ratio
      row.tutor = .measured(
        NumberFormatting.milliseconds(tutorTime), met: Measurements.asShown(ratio) <= goal)
    }
    return row
  }

  /// Row 3: with no `-p`, so the tutor starts its own sandbox server (`--no-lesson`, so the
  /// row measures the shell, not the lesson text); goal: 60 ms.
  ///
  /// The reference is a redis-server started by the harness until its first PONG, the
  /// floor for any sandbox start. Each run ends with Ctrl-D, and the harness checks that
  /// the tutor exits and takes its sandbox server with it.
  ///
  /// Row 4 compares the same start-up with the least any tutor on a sandbox could do:
  /// start redis-server until its first PONG, plus redis-cli's own start-up to its prompt.
  /// Each tutor run is followed by one of each reference, and the ratios are the medians of
  /// the runs' own ratios, so a machine that speeds up or slows down during the rows (a small
  /// virtual machine does) moves both sides alike.
  func sandboxRows() throws(HarnessError) -> [BenchmarkRow] {
    let name = "start-up to prompt, sandbox (time)"
    Progress.say("measuring \(name)…")
    let goalSeconds = 0.060
    var tutorTimes: [Double] = []
    var serverTimes: [Double] = []
    var cliTimes: [Double] = []
    var unmeasurable: String?
    var exitProblems: [String] = []
    // One warm-up run first: the first start pays for the page cache and dynamic loading.
    for run in 0...plan.sandboxRuns {
      let dataHome = try tutor.home.subdirectory("sandbox-data-\(run)")
      // The shell's own start-up: the daily lesson would page its prose before the prompt.
      let session = try TerminalSession(
        executable: tutor.path, arguments: ["--no-lesson"],
        environment: tutor.environment(dataHome: dataHome))
      let seconds: Double
      do {
        seconds = try session.waitForPrompt(within: Self.promptDeadline) { $0.hasSuffix("> ") }
      } catch {
        unmeasurable = error.description
        session.kill()
        break
      }
      let pidFile = dataHome + "/redis-tutor/sandbox/redis.pid"
      if let problem = Self.endWithControlD(session, sandboxPIDFile: pidFile) {
        exitProblems.append(problem)
      }
      let server = try PrivateRedisServer(executable: tools.redisServer)
      let serverSeconds = server.secondsToFirstPong
      server.stop()
      let cliSeconds = try redisCLIPromptSeconds()
      if run > 0 {
        tutorTimes.append(seconds)
        serverTimes.append(serverSeconds)
        cliTimes.append(cliSeconds)
      }
    }

    let serverTime = serverTimes.isEmpty ? 0 : Measurements.median(serverTimes)
    var row = BenchmarkRow(
      name: name, tutor: .notMeasurable(unmeasurable ?? ""),
      reference: "redis-server+PONG " + NumberFormatting.milliseconds(serverTime),
      goal: "<= 60 ms")
    let ratioGoal = 1.3
    var ratioRow = BenchmarkRow(
      name: "start-up, sandbox / (server+PONG + cli)", tutor: .notMeasurable(unmeasurable ?? ""),
      reference: NumberFormatting.milliseconds(serverTime) + " + "
        + NumberFormatting.milliseconds(cliTimes.isEmpty ? 0 : Measurements.median(cliTimes)),
      goal: "<= " + NumberFormatting.fixed(ratioGoal, places: 1))
    if unmeasurable == nil {
      let tutorTime = Measurements.median(tutorTimes)
      row.ratio = Measurements.medianRatio(tutorTimes, serverTimes)
      row.tutor = .measured(
        NumberFormatting.milliseconds(tutorTime), met: tutorTime <= goalSeconds)
      let floors = zip(serverTimes, cliTimes).map { $0 + $1 }
      let ratio = Measurements.medianRatio(tutorTimes, floors)
      ratioRow.ratio = ratio
      ratioRow.tutor = .measured(
        NumberFormatting.milliseconds(tutorTime), met: Measurements.asShown(ratio) <= ratioGoal)
    }
    if let firstProblem = exitProblems.first {
      row.notes.append(
        "Ctrl-D check failed in \(exitProblems.count) run(s); first: \(firstProblem)")
    } else if unmeasurable == nil {
      row.notes.append(
        "Ctrl-D check passed: the tutor exited and its sandbox redis-server was gone, "
          + "\(plan.sandboxRuns + 1) of \(plan.sandboxRuns + 1) runs")
    }
    return [row, ratioRow]
  }

  /// Types Ctrl-D at the prompt and checks the tutor and its sandbox server both end.
  ///
  /// The sandbox's server runs under a keeper, not as the tutor's child, so it is found by
  /// the pid file in `sandboxPIDFile`.
  ///
  /// - Returns: what went wrong, or nil. Leftovers are killed either way.
  private static func endWithControlD(_ session: TerminalSession, sandboxPIDFile: String)
    -> String?
  {
    let sandboxPIDs =
      (try? Files.read(sandboxPIDFile)).flatMap {
        Int32(String(decoding: $0, as: UTF8.self).filter(\.isNumber))
      }.map { [$0] } ?? []
    let visible = session.visibleText
    var problems: [String] = []
    if sandboxPIDs.isEmpty {
      problems.append("no sandbox redis-server pid in \(sandboxPIDFile)")
    }
    session.type([0x04])
    let exited = Self.poll(within: .seconds(5)) {
      session.drain(for: .milliseconds(5))
      return !session.process.isRunning
    }
    if !exited {
      let after = String(session.visibleText.dropFirst(visible.count))
      problems.append(
        "the tutor was still running 5 s after Ctrl-D (the terminal showed "
          + (after.isEmpty ? "nothing more" : "\"\(TerminalSession.excerpt(after))\"") + ")")
      session.kill()
    }
    let serversGone = Self.poll(within: .seconds(3)) {
      sandboxPIDs.allSatisfy { !ProcessTable.isAlive($0) }
    }
    if !serversGone {
      let left = sandboxPIDs.filter(ProcessTable.isAlive)
      problems.append(
        "sandbox process(es) \(left) still running 3 s after the tutor "
          + (exited ? "exited" : "was killed") + " (prompt was \"\(Self.lastLine(visible))\")")
      for pid in left { kill(pid, SIGKILL) }
    }
    return problems.isEmpty ? nil : problems.joined(separator: "; ")
  }

  /// The time for one redis-cli to show its prompt on the harness's server.
  private func redisCLIPromptSeconds() throws(HarnessError) -> Double {
    let prompt = "127.0.0.1:\(server.port)> "
    let session = try TerminalSession(
      executable: tools.redisCLI, arguments: ["-p", String(server.port)],
      environment: tutor.environment)
    defer { session.kill() }
    do {
      return try session.waitForPrompt(within: Self.promptDeadline) { $0.contains(prompt) }
    } catch {
      throw HarnessError("redis-cli in a pseudo-terminal: \(error.description)")
    }
  }

  private static func poll(within deadline: Duration, until condition: () -> Bool) -> Bool {
    let end = ContinuousClock.now + deadline
    while !condition() {
      if ContinuousClock.now >= end { return false }
      Measurements.pause(.milliseconds(2))
    }
    return true
  }

  private static func lastLine(_ text: String) -> String {
    String(text.split(whereSeparator: \.isNewline).last ?? "")
  }
}
