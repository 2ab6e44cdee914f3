/// How much work each benchmark does: the full run, or a quick smoke run.
struct BenchmarkPlan {
  /// Lines in the piped-commands file.
  var pipedCommandCount: Int
  /// Timed runs of each program over the piped file.
  var pipedRuns: Int
  /// Timed start-ups of each program on the existing server.
  var promptRuns: Int
  /// Timed sandbox start-ups of the tutor, after one warm-up.
  var sandboxRuns: Int
  /// SETs per client-throughput measurement.
  var setCount: Int
  /// Alternating rounds of tutor and reference for the client-throughput rows.
  var throughputRounds: Int

  /// The counts the goals are stated for.
  static let full = BenchmarkPlan(
    pipedCommandCount: 20_000, pipedRuns: 5, promptRuns: 10, sandboxRuns: 11,
    setCount: 100_000, throughputRounds: 3)

  /// Smaller counts for a smoke run under 20 seconds.
  static let quick = BenchmarkPlan(
    pipedCommandCount: 2_000, pipedRuns: 1, promptRuns: 3, sandboxRuns: 2,
    setCount: 10_000, throughputRounds: 1)
}
