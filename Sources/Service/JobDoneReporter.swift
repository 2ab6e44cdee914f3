import Patterns
import Synchronization

/// Prints one `job_done` line on standard output (and in the log) for every job that
/// finishes, delivered or dead:
/// `{"event":"job_done","job":"ID","wait_ms":W,"run_ms":R}`.
///
/// W runs from enqueueing the job to a worker taking it the first time; R from that take to
/// the end of its last attempt, retries and their waits included. A job whose first take
/// another process made (a restart) reports its last attempt alone.
final class JobDoneReporter: Sendable {
  private let log: ServiceLog
  private let clock: DemoClock
  /// Jobs taken and not finished yet: their queue wait and when they were taken.
  private let running = Mutex<[JobID: (wait: Double, taken: Double)]>([:])

  init(log: ServiceLog, clock: DemoClock) {
    self.log = log
    self.clock = clock
  }

  /// Notes a first take; prints the line when a job is done or dead.
  func observe(_ event: JobEvent) {
    switch event {
    case .started(let job, _, let attempt, let queueWait) where attempt == 1:
      let now = clock.now()
      running.withLock { $0[job] = (queueWait, now) }
    case .finished(let timing):
      switch timing.outcome {
      case .done, .dead: break
      case .retry, .leaseLost, .released: return
      }
      let now = clock.now()
      let first = running.withLock { $0.removeValue(forKey: timing.job) }
      let wait = first?.wait ?? timing.queueWait
      let run = first.map { now - $0.taken } ?? timing.run
      log.write(
        [
          ("event", .string("job_done")), ("job", .string(timing.job.rawValue)),
          ("wait_ms", .int(Int((wait * 1000).rounded()))),
          ("run_ms", .int(Int((run * 1000).rounded()))),
        ], toStandardOutput: true)
    default:
      return
    }
  }
}
