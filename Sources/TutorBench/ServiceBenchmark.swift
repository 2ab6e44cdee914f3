import RedisSandbox

#if canImport(Glibc)
  import Glibc
#endif

/// The Day 6 service under wrk: the bare server (`GET /healthz`), the hot read path
/// (`GET /items/:id`, cached, with the rate limiter on) and enqueueing (`POST
/// /notifications`), in the same run.
///
/// Goal: the cached, rate-limited GET at least 0.7× the requests per second of `/healthz`,
/// so cache-aside plus limiting cost at most 30% of the bare server.
struct ServiceBenchmark {
  let tools: ReferenceTools
  let tutor: TutorUnderTest
  let plan: BenchmarkPlan
  let scratch: TemporaryDirectory

  /// What one wrk run reported.
  struct WrkResult {
    var requestsPerSecond: Double
    var p99Seconds: Double
    var non2xx: Int
  }

  /// The service binary, built beside the tutor.
  private var servicePath: String {
    let directory = tutor.path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      .joined(separator: "/")
    return directory + "/redis-tutor-serve"
  }

  func rows() throws(HarnessError) -> [BenchmarkRow] {
    let names = [
      "HTTP GET /healthz (rate)", "HTTP GET /items/:id, cached + limited (rate)",
      "HTTP POST /notifications (rate)",
    ]
    guard let wrk = Environment.executable(named: "wrk") else {
      return names.map {
        BenchmarkRow(
          name: $0, tutor: .notMeasurable("wrk is not installed (make deps installs it)"),
          reference: "wrk", ratio: nil, goal: "report")
      }
    }
    guard access(servicePath, X_OK) == 0 else {
      return names.map {
        BenchmarkRow(
          name: $0, tutor: .notMeasurable("\(servicePath) is missing (make release builds it)"),
          reference: "wrk", ratio: nil, goal: "report")
      }
    }
    // A redis-server of its own: the earlier rows leave the shared one full of their keys.
    Progress.say("starting a redis-server and redis-tutor-serve…")
    let server = try PrivateRedisServer(executable: tools.redisServer)
    defer { server.stop() }
    let port: Int
    do {
      port = try RedisServerProcess.freeLoopbackPort()
    } catch {
      throw HarnessError("no free port for the service: \(error)")
    }
    // Limits high enough that the limiter decides every request but never denies one.
    let rules = scratch.file("bench-rules.json")
    try Files.write(
      Array(
        #"{"algorithm": "token-bucket", "default": {"limit": 1000000, "window": 1, "burst": 1000000}}"#
          .utf8), to: rules)
    let log = scratch.file("serve.out")
    let process = try SpawnedProcess(
      executable: servicePath,
      arguments: [
        "--port", String(port), "-h", "127.0.0.1", "-p", String(server.port), "--workers", "2",
        "--rules", rules,
      ],
      environment: tutor.environment, stdout: .file(log), stderr: .file(scratch.file("serve.err")))
    defer { process.terminate() }
    try waitForListening(log)
    let base = "http://127.0.0.1:\(port)"
    let seconds = plan.promptRuns >= 10 ? 5 : 2
    _ = try wrkRun(wrk, ["-t1", "-c1", "-d1s", base + "/items/7"])  // warm the cache
    // The two GET rows alternate, and each keeps its median run: on a shared CPU a single
    // run of either drifts by ±10 %, which is as large as the margin the goal leaves.
    let rounds = plan.throughputRounds
    var healthRuns: [WrkResult] = []
    var itemRuns: [WrkResult] = []
    for round in 1...rounds {
      Progress.say("measuring \(names[0]) and \(names[1]), round \(round) of \(rounds)…")
      healthRuns.append(
        try wrkRun(wrk, ["-t2", "-c32", "-d\(seconds)s", "--latency", base + "/healthz"]))
      itemRuns.append(
        try wrkRun(wrk, ["-t2", "-c32", "-d\(seconds)s", "--latency", base + "/items/7"]))
    }
    let health = Self.median(healthRuns)
    let items = Self.median(itemRuns)
    Progress.say("measuring \(names[2])…")
    let script = scratch.file("post.lua")
    try Files.write(
      Array(
        """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.body = '{"to": "ada@example.com", "subject": "Price drop", "body": "Item 7 is cheaper."}'
        """.utf8), to: script)
    let posts = try wrkRun(
      wrk, ["-t2", "-c32", "-d\(seconds)s", "--latency", "-s", script, base + "/notifications"])
    let ratio = items.requestsPerSecond / health.requestsPerSecond
    func rate(_ result: WrkResult) -> String { NumberFormatting.rate(result.requestsPerSecond) }
    func p99(_ result: WrkResult) -> String {
      "p99 " + NumberFormatting.milliseconds(result.p99Seconds)
    }
    var rows = [
      BenchmarkRow(
        name: names[0], tutor: .measured(rate(health), met: health.non2xx == 0),
        reference: p99(health), ratio: nil, goal: "report"),
      BenchmarkRow(
        name: names[1], tutor: .measured(rate(items), met: ratio >= 0.7 && items.non2xx == 0),
        reference: "/healthz " + rate(health), ratio: ratio, goal: ">= 0.7"),
      BenchmarkRow(
        name: names[2], tutor: .measured(rate(posts), met: posts.non2xx == 0),
        reference: p99(posts), ratio: nil, goal: "report"),
    ]
    rows[1].notes.append("GET /items/:id \(p99(items)); /healthz \(p99(health))")
    for (row, result) in zip(0..<3, [health, items, posts]) where result.non2xx > 0 {
      rows[row].notes.append("\(result.non2xx) responses were not 2xx")
    }
    return rows
  }

  private func waitForListening(_ log: String) throws(HarnessError) {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
      if let bytes = try? Files.read(log),
        String(decoding: bytes, as: UTF8.self).contains("listening on")
      {
        return
      }
      usleep(20_000)
    }
    throw HarnessError("redis-tutor-serve did not say it was listening within 60 s")
  }

  /// Runs wrk and reads its requests per second, p99 latency (µs) and non-2xx count.
  private func wrkRun(_ wrk: String, _ arguments: [String]) throws(HarnessError) -> WrkResult {
    let output = scratch.file("wrk.out")
    let process = try SpawnedProcess(
      executable: wrk, arguments: arguments, environment: tutor.environment,
      stdout: .file(output))
    let status = process.waitForExit()
    guard SpawnedProcess.succeeded(status) else {
      throw HarnessError("wrk \(SpawnedProcess.describe(status: status))")
    }
    return try Self.parse(String(decoding: try Files.read(output), as: UTF8.self))
  }

  /// The run with the median requests per second.
  static func median(_ runs: [WrkResult]) -> WrkResult {
    let sorted = runs.sorted { $0.requestsPerSecond < $1.requestsPerSecond }
    return sorted[sorted.count / 2]
  }

  /// Reads wrk's report: `Requests/sec:`, the `99%` latency line and `Non-2xx` responses.
  static func parse(_ text: String) throws(HarnessError) -> WrkResult {
    var result = WrkResult(requestsPerSecond: 0, p99Seconds: 0, non2xx: 0)
    for line in text.split(separator: "\n") {
      let words = line.split(separator: " ", omittingEmptySubsequences: true)
      if words.first == "Requests/sec:", words.count >= 2, let value = Double(words[1]) {
        result.requestsPerSecond = value
      } else if words.first == "99%", words.count >= 2 {
        result.p99Seconds = seconds(String(words[1]))
      } else if words.first == "Non-2xx", let value = words.last.flatMap({ Int($0) }) {
        result.non2xx = value
      }
    }
    guard result.requestsPerSecond > 0 else {
      throw HarnessError("could not read wrk's report:\n\(text)")
    }
    return result
  }

  /// A wrk duration such as `1.23ms`, `850.00us` or `1.02s`, in seconds.
  private static func seconds(_ text: String) -> Double {
    for (suffix, scale) in [("us", 0.000_001), ("ms", 0.001), ("s", 1.0), ("m", 60.0)]
    where text.hasSuffix(suffix) {
      return (Double(text.dropLast(suffix.count)) ?? 0) * scale
    }
    return Double(text) ?? 0
  }
}
