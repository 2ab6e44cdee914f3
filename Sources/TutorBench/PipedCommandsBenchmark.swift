/// Row 1: wall time for a file of commands piped into the tutor and into redis-cli.
struct PipedCommandsBenchmark {
  let server: PrivateRedisServer
  let tools: ReferenceTools
  let tutor: TutorUnderTest
  let plan: BenchmarkPlan
  let scratch: TemporaryDirectory

  /// The goal: the tutor takes no longer than redis-cli.
  private static let goal = 1.0

  /// Checks both programs print the same bytes, then times them alternately.
  func row() throws(HarnessError) -> BenchmarkRow {
    let name = "\(NumberFormatting.grouped(plan.pipedCommandCount)) piped commands (time)"
    Progress.say("measuring \(name)…")
    let scriptPath = scratch.file("commands.txt")
    try Files.write(CommandScript.make(count: plan.pipedCommandCount), to: scriptPath)
    let redisCLI = Program(executable: tools.redisCLI, arguments: ["-p", String(server.port)])
    let tutorProgram = Program(executable: tutor.path, arguments: ["-p", String(server.port)])

    let reference = try outputCheckRun(redisCLI, input: scriptPath, label: "redis-cli")
    guard SpawnedProcess.succeeded(reference.status) else {
      throw HarnessError("redis-cli \(SpawnedProcess.describe(status: reference.status))")
    }
    var notes: [String] = []
    var unmeasurable: String?
    let checked = try outputCheckRun(tutorProgram, input: scriptPath, label: "tutor")
    if checked.keyCount != reference.keyCount {
      // The tutor did not run the commands, so its time would mean nothing.
      let stderr = TerminalSession.excerpt(String(decoding: checked.errors, as: UTF8.self))
      unmeasurable =
        "it \(SpawnedProcess.describe(status: checked.status)) and left "
        + "\(checked.keyCount) keys where redis-cli left \(reference.keyCount)"
        + (stderr.isEmpty ? "" : " (stderr: \(stderr))")
    } else if let difference = Self.firstDifference(checked.output, reference.output) {
      notes.append("WARNING: output differs from redis-cli's for the same input; \(difference)")
    }

    var referenceTimes: [Double] = []
    var tutorTimes: [Double] = []
    for _ in 0..<plan.pipedRuns {
      try server.flush()
      referenceTimes.append(try timedRun(redisCLI, input: scriptPath))
      guard unmeasurable == nil else { continue }
      try server.flush()
      tutorTimes.append(try timedRun(tutorProgram, input: scriptPath))
    }
    let referenceTime = Measurements.median(referenceTimes)
    var row = BenchmarkRow(
      name: name, tutor: .notMeasurable(unmeasurable ?? ""),
      reference: "redis-cli " + NumberFormatting.milliseconds(referenceTime),
      goal: "<= " + NumberFormatting.fixed(Self.goal, places: 1), notes: notes)
    if unmeasurable == nil {
      let tutorTime = Measurements.median(tutorTimes)
      let ratio = Measurements.medianRatio(tutorTimes, referenceTimes)
      row.ratio = ratio
      row.tutor = .measured(
        NumberFormatting.milliseconds(tutorTime), met: Measurements.asShown(ratio) <= Self.goal)
    }
    return row
  }

  /// A program and its arguments.
  private struct Program {
    let executable: String
    let arguments: [String]
  }

  /// What one untimed run printed and left behind.
  private struct CheckedRun {
    let status: Int32
    let output: [UInt8]
    let errors: [UInt8]
    let keyCount: Int
  }

  private func outputCheckRun(
    _ program: Program, input: String, label: String
  ) throws(HarnessError) -> CheckedRun {
    try server.flush()
    let outputPath = scratch.file("\(label).out")
    let errorPath = scratch.file("\(label).err")
    let process = try SpawnedProcess(
      executable: program.executable, arguments: program.arguments,
      environment: tutor.environment, stdin: .file(input), stdout: .file(outputPath),
      stderr: .file(errorPath))
    let status = process.waitForExit()
    return CheckedRun(
      status: status, output: try Files.read(outputPath), errors: try Files.read(errorPath),
      keyCount: try server.keyCount())
  }

  private func timedRun(_ program: Program, input: String) throws(HarnessError) -> Double {
    let process = try SpawnedProcess(
      executable: program.executable, arguments: program.arguments,
      environment: tutor.environment, stdin: .file(input), stdout: .null)
    process.waitForExit()
    return (ContinuousClock.now - process.spawnedAt).seconds
  }

  /// Where two outputs first differ, as the line number and both lines; nil when equal.
  static func firstDifference(_ tutor: [UInt8], _ reference: [UInt8]) -> String? {
    if tutor == reference { return nil }
    let tutorLines = tutor.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let referenceLines = reference.split(
      separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for index in 0..<max(tutorLines.count, referenceLines.count) {
      let tutorLine = index < tutorLines.count ? Self.quoted(tutorLines[index]) : "(end)"
      let referenceLine =
        index < referenceLines.count ? Self.quoted(referenceLines[index]) : "(end)"
      if tutorLine != referenceLine {
        return "first at line \(index + 1): tutor \(tutorLine), redis-cli \(referenceLine)"
      }
    }
    return "the bytes differ (\(tutor.count) vs \(reference.count))"
  }

  private static func quoted(_ line: ArraySlice<UInt8>) -> String {
    let text = String(decoding: line, as: UTF8.self)
    let short = text.count > 60 ? String(text.prefix(60)) + "…" : text
    return "\"" + short + "\""
  }
}
