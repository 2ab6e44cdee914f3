import Patterns

/// What the job-queue demo runs, with defaults that finish in a few seconds.
public struct QueueDemoSettings: Sendable, Equatable {
  /// The parts of the demo, in the order they run.
  public enum Scenario: String, Sendable, CaseIterable, Codable {
    case pipeline, failures, crash, throughput
  }

  /// Where the pipeline's jobs wait.
  public enum Backend: String, Sendable, CaseIterable, Codable {
    /// A reliable queue on lists: pending, active with leases, retry and dead sets.
    case lists
    /// A Redis Stream with a consumer group: XREADGROUP, XACK, XAUTOCLAIM, a dead stream.
    case streams
  }

  /// Email jobs in the pipeline scenario.
  public var jobs = 600
  /// Workers in the pipeline scenario.
  public var workers = 4
  /// The share of sends that fail (and are retried).
  public var failureRate = 0.2
  /// Attempts before a job goes to the dead-letter queue.
  public var maxAttempts = 3
  /// No-op jobs in the throughput scenario.
  public var throughputJobs = 20_000
  /// Seed for injected failures and jitter.
  public var seed: UInt64 = 5
  /// Which scenarios to run.
  public var scenarios = Scenario.allCases
  /// Where the pipeline's jobs wait; streams runs the pipeline scenario only.
  public var backend = Backend.lists
  /// Print JSON instead of tables.
  public var json = false

  public init() {}

  /// One line saying what is wrong, or nil.
  public func problem() -> String? {
    if jobs < 1 || jobs > 1_000_000 { return "--jobs must be from 1 to 1000000 (got \(jobs))" }
    if workers < 1 || workers > 64 { return "--workers must be from 1 to 64 (got \(workers))" }
    if !(0...1).contains(failureRate) {
      return "--failure-rate must be between 0 and 1 (got \(failureRate))"
    }
    if maxAttempts < 1 || maxAttempts > 20 {
      return "--max-attempts must be from 1 to 20 (got \(maxAttempts))"
    }
    if throughputJobs < 100 || throughputJobs > 1_000_000 {
      return "--throughput-jobs must be from 100 to 1000000 (got \(throughputJobs))"
    }
    if scenarios.isEmpty { return "no scenario to run" }
    if backend == .streams, let other = scenarios.first(where: { $0 != .pipeline }) {
      return
        "--backend streams runs the pipeline scenario only (got \(other.rawValue)); drop --scenario or pass --scenario pipeline"
    }
    return nil
  }
}
