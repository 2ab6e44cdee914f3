import Demos
import Patterns
import RedisClient

/// Rate-limiter decisions per second for each algorithm, against redis-benchmark running the
/// same script with EVALSHA over the same number of connections: the ceiling for a decision.
///
/// Goal: at least 0.8 of the ceiling. The sliding log's members are made unique with
/// redis-benchmark's `__rand_int__`, as the library makes them unique per decision.
struct LimiterBenchmark {
  let server: PrivateRedisServer
  let tools: ReferenceTools
  let plan: BenchmarkPlan
  let scratch: TemporaryDirectory

  func rows() throws(HarnessError) -> [BenchmarkRow] {
    var rows: [BenchmarkRow] = []
    for algorithm in RateLimitAlgorithm.allCases {
      for connections in [1, 8] {
        rows.append(try row(algorithm, connections: connections))
      }
    }
    return rows
  }

  private var decisions: Int { plan.setCount / 5 }

  private func row(_ algorithm: RateLimitAlgorithm, connections: Int) throws(HarnessError)
    -> BenchmarkRow
  {
    let name = "\(algorithm.displayName) decisions, \(connections) conn (rate)"
    Progress.say("measuring \(name)…")
    let options = ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: server.port))
    // A limit no run reaches, so every decision takes the full allowed path.
    let rule = RateLimitRule(
      limit: RateLimitRule.maximumLimit, period: 60, burst: RateLimitRule.maximumBurst)
    let tutorRate: Double
    let call: (keys: [String], arguments: [String])
    do {
      let first = try RedisRateLimiter(
        algorithm: algorithm, rule: rule, connection: Connection(options))
      _ = try first.decide(key: "bench-warm")
      call = first.scriptCall(key: "bench-ref")
      let perClient = decisions / connections
      let barrier = ThreadBarrier(parties: connections)
      let spans = try ClientThreads.run(count: connections) { index -> [Double] in
        let limiter = try RedisRateLimiter(
          algorithm: algorithm, rule: rule, connection: Connection(options))
        _ = try limiter.decide(key: "bench-\(index)")
        barrier.arriveAndWait()
        let clock = DemoClock.system
        let start = clock.now()
        for _ in 0..<perClient { _ = try limiter.decide(key: "bench-\(index)") }
        return [start, clock.now()]
      }
      let elapsed = (spans.map { $0[1] }.max() ?? 0) - (spans.map { $0[0] }.min() ?? 0)
      tutorRate = Double(perClient * connections) / elapsed
    } catch {
      throw HarnessError("\(algorithm.displayName) limiter failed: \(error)")
    }
    let sha: String
    do {
      sha = try Connection(options).send("SCRIPT", "LOAD", algorithm.scriptSource).string ?? ""
    } catch {
      throw HarnessError("SCRIPT LOAD failed: \(error)")
    }
    var arguments = call.arguments
    if algorithm == .slidingWindowLog, let last = arguments.indices.last {
      arguments[last] = "m-__rand_int__"
    }
    let reference = try redisBenchmarkRate(
      ["EVALSHA", sha, String(call.keys.count)] + call.keys + arguments, connections: connections)
    let ratio = tutorRate / reference
    return BenchmarkRow(
      name: name, tutor: .measured(NumberFormatting.rate(tutorRate), met: ratio >= 0.8),
      reference: "redis-benchmark " + NumberFormatting.rate(reference), ratio: ratio,
      goal: ">= 0.8")
  }

  private func redisBenchmarkRate(_ command: [String], connections: Int) throws(HarnessError)
    -> Double
  {
    let outputPath = scratch.file("redis-benchmark-limiter.csv")
    let process = try SpawnedProcess(
      executable: tools.redisBenchmark,
      arguments: [
        "-h", "127.0.0.1", "-p", String(server.port), "-c", String(connections), "-n",
        String(decisions), "-r", "100000000", "-q", "--csv",
      ] + command,
      environment: Environment.inherited(overriding: [:]), stdout: .file(outputPath))
    let status = process.waitForExit()
    let output = String(decoding: try Files.read(outputPath), as: UTF8.self)
    let rate = output.split(whereSeparator: \.isNewline).dropFirst().first.flatMap { line in
      line.split(separator: ",").map { $0.filter { $0 != "\"" } }.dropFirst().first.flatMap {
        Double($0)
      }
    }
    guard SpawnedProcess.succeeded(status), let rate else {
      throw HarnessError(
        "redis-benchmark \(SpawnedProcess.describe(status: status)); its output: \(output)")
    }
    return rate
  }
}
