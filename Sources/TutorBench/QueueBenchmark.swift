import Demos
import Patterns
import RedisClient

/// Job-queue throughput: enqueue rates against redis-benchmark's LPUSH, and end-to-end no-op
/// jobs per second against published figures (Sidekiq 7, BullMQ).
///
/// Goal: at least 25,000 no-op jobs/s with 8 workers (batched claims and pipelined acks);
/// the one-job-at-a-time figures are printed beside it.
struct QueueBenchmark {
  let server: PrivateRedisServer
  let tools: ReferenceTools
  let plan: BenchmarkPlan
  let scratch: TemporaryDirectory

  func rows() throws(HarnessError) -> [BenchmarkRow] {
    let options = ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: server.port))
    let jobs = plan.setCount / 5
    var rows: [BenchmarkRow] = []
    do {
      for (batch, depth) in [(1, 1), (100, 16)] {
        let name =
          batch == 1 ? "enqueue, one job per call (rate)" : "enqueue, pipelined batches (rate)"
        Progress.say("measuring \(name)…")
        let rate = try QueueThroughput.enqueueRate(options: options, jobs: jobs, batch: batch)
        let reference = try lpushRate(depth: depth, requests: jobs)
        rows.append(
          BenchmarkRow(
            name: name, tutor: .measured(NumberFormatting.rate(rate), met: true),
            reference: "LPUSH -P \(depth) " + NumberFormatting.rate(reference),
            ratio: rate / reference, goal: "report"))
      }
      for (workers, batch) in [(1, 1), (8, 1), (8, 32)] {
        let name = "no-op jobs, \(workers) worker\(workers == 1 ? "" : "s"), batch \(batch) (rate)"
        Progress.say("measuring \(name)…")
        let rate = try QueueThroughput.measure(
          options: options, jobs: jobs * 2, workers: workers, batch: batch)
        let batched = workers == 8 && batch > 1
        rows.append(
          BenchmarkRow(
            name: name,
            tutor: .measured(NumberFormatting.rate(rate), met: !batched || rate >= 25_000),
            reference: "Sidekiq 7 23,500/s", ratio: rate / 23_500,
            goal: batched ? ">= 25,000/s" : "report"))
      }
    } catch let error as HarnessError {
      throw error
    } catch {
      throw HarnessError("queue benchmark: \(error)")
    }
    rows[rows.count - 1].notes.append(
      "published: Sidekiq 7 about 23,500 no-op jobs/s (30 threads); BullMQ 16,501 jobs/s with 10 workers"
    )
    return rows
  }

  private func lpushRate(depth: Int, requests: Int) throws(HarnessError) -> Double {
    let outputPath = scratch.file("redis-benchmark-lpush.csv")
    let process = try SpawnedProcess(
      executable: tools.redisBenchmark,
      arguments: [
        "-h", "127.0.0.1", "-p", String(server.port), "-c", "1", "-P", String(depth), "-n",
        String(requests), "-t", "lpush", "-q", "--csv",
      ],
      environment: Environment.inherited(overriding: [:]), stdout: .file(outputPath))
    let status = process.waitForExit()
    let output = String(decoding: try Files.read(outputPath), as: UTF8.self)
    let rate = output.split(whereSeparator: \.isNewline).compactMap { line -> Double? in
      let fields = line.split(separator: ",").map { $0.filter { $0 != "\"" } }
      return fields.count >= 2 && fields[0].hasPrefix("LPUSH") ? Double(fields[1]) : nil
    }.first
    guard SpawnedProcess.succeeded(status), let rate else {
      throw HarnessError(
        "redis-benchmark \(SpawnedProcess.describe(status: status)); its output: \(output)")
    }
    return rate
  }
}
