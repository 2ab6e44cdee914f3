/// Row 6: resident memory of a program sitting at its prompt on the existing server.
struct IdleMemoryBenchmark {
  let server: PrivateRedisServer
  let tools: ReferenceTools
  let tutor: TutorUnderTest

  /// The goal in kibibytes: 25 MB (decimal megabytes, as the issue states it).
  private static let goalKibibytes = 25_000_000 / 1024

  /// Starts each program in a pseudo-terminal, waits for the prompt and a moment of idling,
  /// then reads `VmRSS`.
  func row() throws(HarnessError) -> BenchmarkRow {
    let name = "resident memory at idle prompt"
    Progress.say("measuring \(name)…")
    let prompt = "127.0.0.1:\(server.port)> "
    let arguments = ["-p", String(server.port)]
    let reference: Int
    switch idleResidentKibibytes(executable: tools.redisCLI, arguments: arguments, prompt: prompt)
    {
    case .success(let kibibytes): reference = kibibytes
    case .failure(let failure):
      throw HarnessError("redis-cli's memory could not be read: \(failure.description)")
    }
    var row = BenchmarkRow(
      name: name, tutor: .notMeasurable(""),
      reference: "redis-cli " + NumberFormatting.megabytes(kibibytes: reference),
      goal: "<= 25 MB")
    switch idleResidentKibibytes(executable: tutor.path, arguments: arguments, prompt: prompt) {
    case .success(let kibibytes):
      row.ratio = Double(kibibytes) / Double(reference)
      row.tutor = .measured(
        NumberFormatting.megabytes(kibibytes: kibibytes), met: kibibytes <= Self.goalKibibytes)
    case .failure(let failure):
      row.tutor = .notMeasurable(failure.description)
    }
    return row
  }

  /// Why a program's memory could not be read.
  private struct MemoryFailure: Error {
    let description: String
  }

  private func idleResidentKibibytes(
    executable: String, arguments: [String], prompt: String
  ) -> Result<Int, MemoryFailure> {
    let session: TerminalSession
    do {
      session = try TerminalSession(
        executable: executable, arguments: arguments, environment: tutor.environment)
    } catch {
      return .failure(MemoryFailure(description: error.description))
    }
    defer { session.kill() }
    do {
      _ = try session.waitForPrompt(within: .seconds(10)) { $0.contains(prompt) }
    } catch {
      return .failure(MemoryFailure(description: error.description))
    }
    // Idle means after start-up work settles (history load, background threads).
    session.drain(for: .milliseconds(300))
    guard let kibibytes = ProcessTable.residentKibibytes(of: session.process.pid) else {
      return .failure(MemoryFailure(description: "no VmRSS in /proc/\(session.process.pid)"))
    }
    return .success(kibibytes)
  }
}
