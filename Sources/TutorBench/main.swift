#if canImport(Glibc)
  import Glibc
#endif

/// Runs every benchmark against one private redis-server and returns the table.
func runBenchmarks(_ options: BenchmarkOptions) throws(HarnessError) -> BenchmarkTable {
  let plan = options.quick ? BenchmarkPlan.quick : BenchmarkPlan.full
  let tools = try ReferenceTools.locate()
  if options.pinToOneCPU, let cpu = CPUAffinity.pinToOneCPU() {
    Progress.say("pinned the harness, the servers and every measured program to CPU \(cpu)")
  }
  let scratch = try TemporaryDirectory(prefix: "redis-tutor-bench")
  defer { scratch.remove() }
  _ = try scratch.subdirectory("data")
  _ = try scratch.subdirectory("config")
  let tutor = TutorUnderTest(path: options.tutorPath, home: scratch)
  Progress.say("starting a private redis-server…")
  let server = try PrivateRedisServer(executable: tools.redisServer)
  defer { server.stop() }

  let piped = PipedCommandsBenchmark(
    server: server, tools: tools, tutor: tutor, plan: plan, scratch: scratch)
  let startup = StartupBenchmark(server: server, tools: tools, tutor: tutor, plan: plan)
  let throughput = ClientThroughputBenchmark(
    server: server, tools: tools, plan: plan, scratch: scratch)
  let memory = IdleMemoryBenchmark(server: server, tools: tools, tutor: tutor)
  let cache = CacheHitBenchmark(server: server, plan: plan, scratch: scratch)
  let limiter = LimiterBenchmark(server: server, tools: tools, plan: plan, scratch: scratch)
  let queue = QueueBenchmark(server: server, tools: tools, plan: plan, scratch: scratch)
  let judge = JudgeBenchmark(plan: plan)
  let service = ServiceBenchmark(tools: tools, tutor: tutor, plan: plan, scratch: scratch)

  var table = BenchmarkTable()
  let wanted = { (group: BenchmarkGroup) in options.groups.isEmpty || options.groups.contains(group)
  }
  if wanted(.piped) { table.rows.append(try piped.row()) }
  if wanted(.startup) {
    table.rows.append(try startup.existingServerRow())
    table.rows += try startup.sandboxRows()
  }
  if wanted(.throughput) {
    table.rows.append(try throughput.sequentialRow())
    table.rows.append(try throughput.pipelinedRow())
  }
  if wanted(.memory) { table.rows.append(try memory.row()) }
  if wanted(.cache) { table.rows.append(try cache.row()) }
  if wanted(.limiter) { table.rows += try limiter.rows() }
  if wanted(.queue) { table.rows += try queue.rows() }
  if wanted(.judge) { table.rows.append(try judge.row()) }
  if wanted(.service) { table.rows += try service.rows() }
  return table
}

signal(SIGPIPE, SIG_IGN)
do {
  switch try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst())) {
  case .help:
    print(BenchmarkOptions.usage)
  case .run(let options):
    let table = try runBenchmarks(options)
    print(table.render())
  }
} catch {
  Progress.say("redis-tutor-bench: \(error)")
  exit(1)
}
