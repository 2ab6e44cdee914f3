import RedisClient

/// Rows 4 and 5: SET throughput of `RedisClient.Connection` against redis-benchmark.
///
/// Both sides use one connection and redis-benchmark's default command shape: the literal
/// key `key:__rand_int__` (no `-r`, so it is not randomised) and the 3-byte value `xxx`.
struct ClientThroughputBenchmark {
  let server: PrivateRedisServer
  let tools: ReferenceTools
  let plan: BenchmarkPlan
  let scratch: TemporaryDirectory

  private static let setCommand: [[UInt8]] = [
    Array("SET".utf8), Array("key:__rand_int__".utf8), Array("xxx".utf8),
  ]

  /// Sequential SETs, one round trip each (`-P 1`); goal: at least 0.95 of redis-benchmark.
  func sequentialRow() throws(HarnessError) -> BenchmarkRow {
    try row(depth: 1, goal: 0.95)
  }

  /// SETs in pipelined batches of 16 (`-P 16`); goal: at least 0.9 of redis-benchmark.
  func pipelinedRow() throws(HarnessError) -> BenchmarkRow {
    try row(depth: 16, goal: 0.9)
  }

  private func row(depth: Int, goal: Double) throws(HarnessError) -> BenchmarkRow {
    let count = NumberFormatting.grouped(plan.setCount)
    let name =
      depth == 1 ? "\(count) sequential SETs (rate)" : "\(count) SETs piped x\(depth) (rate)"
    Progress.say("measuring \(name)…")
    var tutorRates: [Double] = []
    var referenceRates: [Double] = []
    for _ in 0..<plan.throughputRounds {
      tutorRates.append(try connectionRate(depth: depth))
      referenceRates.append(try redisBenchmarkRate(depth: depth))
    }
    let tutorRate = Measurements.median(tutorRates)
    let referenceRate = Measurements.median(referenceRates)
    let ratio = Measurements.medianRatio(tutorRates, referenceRates)
    return BenchmarkRow(
      name: name,
      tutor: .measured(NumberFormatting.rate(tutorRate), met: Measurements.asShown(ratio) >= goal),
      reference: "redis-benchmark " + NumberFormatting.rate(referenceRate),
      ratio: ratio, goal: ">= " + NumberFormatting.fixed(goal, places: 2))
  }

  /// SETs per second through `Connection`, on the fastest path it offers for `depth`.
  private func connectionRate(depth: Int) throws(HarnessError) -> Double {
    let connection = try server.connect()
    let batch = [[[UInt8]]](repeating: Self.setCommand, count: depth)
    let batches = plan.setCount / depth
    let remainder = plan.setCount % depth
    do {
      let start = ContinuousClock.now
      if depth == 1 {
        for _ in 0..<plan.setCount { try connection.send(Self.setCommand) }
      } else {
        for _ in 0..<batches { _ = try connection.pipeline(batch) }
        if remainder > 0 { _ = try connection.pipeline(Array(batch.prefix(remainder))) }
      }
      return Double(plan.setCount) / (ContinuousClock.now - start).seconds
    } catch {
      throw HarnessError("SET through RedisClient.Connection failed: \(error)")
    }
  }

  /// redis-benchmark's requests per second for SET at pipeline depth `depth`, from its CSV.
  private func redisBenchmarkRate(depth: Int) throws(HarnessError) -> Double {
    let outputPath = scratch.file("redis-benchmark.csv")
    let process = try SpawnedProcess(
      executable: tools.redisBenchmark,
      arguments: [
        "-h", "127.0.0.1", "-p", String(server.port), "-c", "1", "-P", String(depth),
        "-n", String(plan.setCount), "-t", "set", "-q", "--csv",
      ],
      environment: Environment.inherited(overriding: [:]), stdout: .file(outputPath))
    let status = process.waitForExit()
    let output = String(decoding: try Files.read(outputPath), as: UTF8.self)
    guard SpawnedProcess.succeeded(status), let rate = Self.parseRate(csv: output) else {
      throw HarnessError(
        "redis-benchmark \(SpawnedProcess.describe(status: status)); its output: \(output)")
    }
    return rate
  }

  /// The `rps` field of the `"SET"` line of redis-benchmark's `--csv` output.
  static func parseRate(csv: String) -> Double? {
    for line in csv.split(whereSeparator: \.isNewline) {
      let fields = line.split(separator: ",").map { $0.filter { $0 != "\"" } }
      if fields.count >= 2, fields[0] == "SET", let rate = Double(fields[1]) { return rate }
    }
    return nil
  }
}
