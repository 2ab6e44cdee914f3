import Foundation
import JSON
import RedisClient
import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// The day 4 queue stages: the tester pushes jobs, the learner's worker does them at the
/// job sink, and the tester checks what the sink saw and what Redis holds.
extension Stages {
  /// The numbers `testers/stages/day4-queue.txt` documents.
  enum QueueNumbers {
    /// Tries per job before it is dead-lettered (`MAX_ATTEMPTS`).
    static let maxAttempts = 4
    /// The backoff base in seconds (`BACKOFF_BASE_MS`).
    static let backoffBase = 0.2
    /// How early a retry may come (timer granularity), in seconds.
    static let earlySlack = 0.03
    /// How late a retry may come on a busy machine, in seconds.
    static let lateSlack = 1.0
    /// Seconds without a try at the sink after which waiting jobs count as stuck.
    static let stall = 3.0

    /// The documented wait before try `n + 1`: D/2 … D with D = base × 2^(n−1).
    static func wait(after attempt: Int) -> ClosedRange<Double> {
      let full = backoffBase * Double(1 << (attempt - 1))
      return (full / 2)...full
    }
  }

  /// One job the tester pushes: its id and its JSON as pushed.
  struct QueueJob {
    var id: String
    var json: String
  }

  /// The run's queue: its keys, the jobs pushed, and the sink that sees the work.
  struct JobQueue {
    let run: StageRun
    let sink: FakeSink
    let token = String(UInt32.random(in: 0x1000...0xffff), radix: 16)
    private static let kinds = ["resize", "email", "invoice", "thumbnail", "report"]

    var queue: String { run.prefix + "queue" }
    var processing: String { run.prefix + "processing" }
    var dead: String { run.prefix + "dead" }

    /// Makes `count` new jobs, with ids `TOKEN-NAME-1`, `TOKEN-NAME-2`, and so on.
    func jobs(_ count: Int, named name: String) -> [QueueJob] {
      (1...count).map { number in
        let id = "\(token)-\(name)-\(number)"
        let kind = Self.kinds.randomElement()!
        let json =
          #"{"id":"\#(id)","kind":"\#(kind)","payload":{"n":\#(number),"#
          + #""note":"\#(kind)-\#(Int.random(in: 1000...9999))"}}"#
        return QueueJob(id: id, json: json)
      }
    }

    /// LPUSHes `jobs` onto the queue, in order; a failure when Redis refuses.
    func push(_ jobs: [QueueJob]) -> Failure? {
      let argv = (["LPUSH", queue] + jobs.map(\.json)).map { Array($0.utf8) }
      do {
        let reply = try run.keys.connection.send(argv)
        if reply.isError { return Failure(why: "LPUSH \(queue) failed: \(reply)") }
        return nil
      } catch {
        return Failure(why: "cannot push jobs to \(queue): \(error)")
      }
    }

    /// What the tester pushed, as the report's "request sent" line.
    func pushed(_ jobs: [QueueJob]) -> String {
      let shown = jobs.count == 1 ? "" : " (\(jobs.count) jobs, the first shown)"
      return "LPUSH \(queue) \(jobs[0].json)\(shown)"
    }

    /// The elements of the list `key` (none when it is missing), or nil when it is not a list.
    func list(_ key: String) -> [String]? {
      guard let reply = try? run.keys.connection.send("LRANGE", key, "0", "-1"), !reply.isError
      else { return nil }
      return reply.array?.compactMap(\.string) ?? []
    }

    /// How waiting for the worker ended.
    enum Wait {
      case met
      case ended(Failure)
      case timedOut
    }

    /// Polls until `condition` holds, or the worker ended, stalled or ran out of time.
    ///
    /// Gives up when the program ends, when the sink sees no call for `QueueNumbers.stall`
    /// seconds, or after `limit` seconds. Until the worker shows it runs (a call at the
    /// sink, or a job taken from the queue) it has `firstCall` seconds: it may be compiling.
    func wait(limit: Double, firstCall: Double = QueueNumbers.stall, _ condition: () -> Bool)
      -> Wait
    {
      let start = sink.now
      let end = MonotonicClock.now + limit
      let queuedAtStart = list(queue)?.count ?? 0
      var takenAt: Double?
      while true {
        if condition() { return .met }
        if let trouble = run.programTrouble(
          during: "while jobs waited (a worker must keep running)", waiting: 0.02)
        {
          return .ended(trouble)
        }
        let last = sink.calls.last?.at ?? -1
        if takenAt == nil, (list(queue)?.count ?? 0) < queuedAtStart { takenAt = sink.now }
        let quiet: Double
        let allowed: Double
        if last >= start {
          (quiet, allowed) = (sink.now - last, QueueNumbers.stall)
        } else if let takenAt {
          (quiet, allowed) = (sink.now - takenAt, QueueNumbers.stall)
        } else {
          (quiet, allowed) = (sink.now - start, firstCall)
        }
        if quiet > allowed || MonotonicClock.now > end {
          return condition() ? .met : .timedOut
        }
      }
    }

    /// Polls for up to 2 s until the queue and the processing list are empty; a failure
    /// naming what is left.
    func listsEmpty(request: String) -> Failure? {
      let end = MonotonicClock.now + 2
      while true {
        let waiting = list(queue) ?? []
        let inFlight = list(processing) ?? []
        if waiting.isEmpty && inFlight.isEmpty { return nil }
        if MonotonicClock.now > end {
          if !waiting.isEmpty {
            return Failure(
              why: "\(queue) still holds \(waiting.count) jobs after every job was finished "
                + "(\(waiting[0])): a finished job must not go back to the queue",
              request: request)
          }
          return Failure(
            why: "\(processing) still holds \(inFlight.count) jobs after every job was "
              + "finished (\(inFlight[0])): ACK each job you finish, retry or dead-letter "
              + "by value: LREM \(processing) 1 JOB",
            request: request)
        }
        usleep(20_000)
      }
    }

    /// A failure when some job of `jobs` was reported done other than once, or the sink
    /// heard of a job the tester never pushed (after a short wait for late reports).
    func doneOnce(_ jobs: [QueueJob], known: Set<String>, request: String) -> Failure? {
      usleep(300_000)
      for job in jobs {
        let done = sink.doneCount(of: job.id)
        if done != 1 {
          return Failure(
            why: "job \(job.id) was reported done \(done) times: report each job done once "
              + "(POST SINK_URL/done), after its try answered 2xx",
            request: request)
        }
      }
      if let stranger = sink.calls.first(where: { $0.job.map { !known.contains($0) } ?? false }) {
        return Failure(
          why: "the sink got POST /\(stranger.route) for job \(stranger.job ?? "?"), which the "
            + #"tester never queued: send the job's "id" field as "job""#,
          request: request)
      }
      return nil
    }
  }

  /// The same JSON as text, whatever the order of an object's fields or the spelling of a
  /// number: what "the job unchanged" means.
  static func canonicalJSON(_ text: String) -> String? {
    guard let value = try? JSONParser.parse(text) else { return nil }
    return canonical(value)
  }

  private static func canonical(_ value: JSONValue) -> String {
    switch value.content {
    case .object(let fields):
      return "{"
        + fields.sorted { $0.name < $1.name }
        .map { JSONWriter.quoted($0.name) + ":" + canonical($0.value) }
        .joined(separator: ",") + "}"
    case .array(let elements):
      return "[" + elements.map(canonical).joined(separator: ",") + "]"
    case .number(let number, _):
      return JSONWriter.number(number)
    default:
      return JSONWriter.text(value)
    }
  }

  /// Starts the sink and sets the queue stages' variables.
  private static func queueSetup(_ run: StageRun, workers: Int) throws(StartFailure) -> JobQueue? {
    try run.startSink()
    guard let sink = run.sink else { return nil }
    run.setEnvironment("WORKERS", String(workers))
    run.setEnvironment("MAX_ATTEMPTS", String(QueueNumbers.maxAttempts))
    run.setEnvironment("BACKOFF_BASE_MS", String(Int(QueueNumbers.backoffBase * 1000)))
    return JobQueue(run: run, sink: sink)
  }

  // MARK: day4-queue

  /// A worker: every job done once, transient failures retried with growing jittered
  /// waits, permanent ones dead-lettered unchanged, by value, while another job runs.
  static func day4Queue(_ run: StageRun) throws(StartFailure) -> [Expectation] {
    guard let queue = try queueSetup(run, workers: 2) else { return [] }
    let sink = queue.sink
    var known = Set<String>()
    let startTimeout = run.settings.startTimeout

    func notFinished(_ job: QueueJob, request: String) -> Failure {
      let tries = sink.attempts(of: job.id)
      guard let last = tries.last else {
        let waiting = queue.list(queue.queue)?.contains(job.json) ?? false
        return Failure(
          why: waiting
            ? "job \(job.id) was never taken from \(queue.queue): take jobs from its right end "
              + "(BRPOP, or BLMOVE into \(queue.processing))"
            : "job \(job.id) was taken from the queue but never tried: POST "
              + #"{"job": ID, "attempt": N} to SINK_URL/attempt; that request is the job's work"#,
          request: request)
      }
      if last.status == 200 {
        return Failure(
          why: "job \(job.id)'s try \(tries.count) was answered 200, but it was never "
            + #"reported done: POST SINK_URL/done with {"job": ID, "attempt": N}"#,
          request: request)
      }
      if tries.count == 1 {
        return Failure(
          why: "job \(job.id) got \(last.status ?? 0) on its first try and was never tried "
            + "again: a 5xx is transient, so schedule a retry after a backoff wait",
          request: request)
      }
      return Failure(
        why: "job \(job.id) was tried \(tries.count) times, the last answered "
          + "\(last.status ?? 0), then not again within \(StageRun.seconds(QueueNumbers.stall)): "
          + "retry a 5xx until try MAX_ATTEMPTS (\(QueueNumbers.maxAttempts)); a poller must "
          + "move due retries back to the queue",
        request: request)
    }

    return [
      Expectation(name: "jobs-done") {
        let jobs = queue.jobs(8, named: "job")
        known.formUnion(jobs.map(\.id))
        let request = queue.pushed(jobs)
        if let failure = queue.push(jobs) { return failure }
        switch queue.wait(
          limit: startTimeout + 10, firstCall: startTimeout,
          {
            jobs.allSatisfy { sink.doneCount(of: $0.id) > 0 }
          })
        {
        case .met: break
        case .ended(let failure): return Failure(why: failure.why, request: request)
        case .timedOut:
          let job = jobs.first { sink.doneCount(of: $0.id) == 0 }!
          return notFinished(job, request: request)
        }
        if let failure = queue.doneOnce(jobs, known: known, request: request) { return failure }
        return queue.listsEmpty(request: request)
      },
      Expectation(name: "retries-back-off") {
        let jobs = queue.jobs(6, named: "retry")
        known.formUnion(jobs.map(\.id))
        let failures = QueueNumbers.maxAttempts - 1
        for job in jobs {
          sink.script(job.id, Array(repeating: .failTransiently, count: failures))
        }
        let request = queue.pushed(jobs) + ", each answered 500 on its first \(failures) tries"
        if let failure = queue.push(jobs) { return failure }
        switch queue.wait(
          limit: 20,
          {
            jobs.allSatisfy { sink.doneCount(of: $0.id) > 0 }
          })
        {
        case .met: break
        case .ended(let failure): return Failure(why: failure.why, request: request)
        case .timedOut:
          let job = jobs.first { sink.doneCount(of: $0.id) == 0 }!
          return notFinished(job, request: request)
        }
        if let failure = queue.doneOnce(jobs, known: known, request: request) { return failure }
        var gaps: [[Double]] = []
        for job in jobs {
          let tries = sink.attempts(of: job.id)
          guard tries.count == QueueNumbers.maxAttempts else {
            return Failure(
              why: "job \(job.id) was tried \(tries.count) times; its try "
                + "\(QueueNumbers.maxAttempts) answered 200, so it needs exactly "
                + "\(QueueNumbers.maxAttempts)",
              request: request)
          }
          gaps.append(zip(tries, tries.dropFirst()).map { $1.at - $0.at })
        }
        return retryTimingProblem(gaps, jobs: jobs).map { Failure(why: $0, request: request) }
      },
      Expectation(name: "dead-letter") {
        let held = queue.jobs(1, named: "held")[0]
        let permanent = queue.jobs(1, named: "bad")[0]
        let flaky = queue.jobs(1, named: "down")[0]
        known.formUnion([held.id, permanent.id, flaky.id])
        sink.script(held.id, [.hold])
        sink.script(permanent.id, [.failForGood])
        sink.script(
          flaky.id, Array(repeating: .failTransiently, count: QueueNumbers.maxAttempts + 4))
        var request = queue.pushed([held]) + " (its try held open by the sink)"
        if let failure = queue.push([held]) { return failure }
        switch queue.wait(limit: 10, { sink.holding > 0 }) {
        case .met: break
        case .ended(let failure): return Failure(why: failure.why, request: request)
        case .timedOut: return notFinished(held, request: request)
        }
        request +=
          "; then " + queue.pushed([permanent]) + " (answered 422) and "
          + queue.pushed([flaky]) + " (always answered 500)"
        if let failure = queue.push([permanent]) ?? queue.push([flaky]) { return failure }
        let waited = queue.wait(limit: 15) {
          !sink.attempts(of: permanent.id).isEmpty
            && sink.attempts(of: flaky.id).count >= QueueNumbers.maxAttempts
            && (queue.list(queue.dead)?.count ?? 0) >= 2
        }
        sink.release()
        if case .ended(let failure) = waited { return Failure(why: failure.why, request: request) }
        if case .timedOut = waited {
          if sink.attempts(of: permanent.id).isEmpty {
            return Failure(
              why: "job \(permanent.id) was not tried while job \(held.id)'s try was held "
                + "open: run WORKERS (2) loops that take jobs at the same time",
              request: request)
          }
          let tries = sink.attempts(of: flaky.id).count
          if tries < QueueNumbers.maxAttempts {
            return Failure(
              why: "job \(flaky.id), always answered 500, was tried \(tries) times and then "
                + "not again within \(StageRun.seconds(QueueNumbers.stall)): retry it until "
                + "try MAX_ATTEMPTS (\(QueueNumbers.maxAttempts)), then dead-letter it",
              request: request)
          }
        }
        switch queue.wait(limit: 5, { sink.doneCount(of: held.id) > 0 }) {
        case .met: break
        case .ended(let failure): return Failure(why: failure.why, request: request)
        case .timedOut:
          return Failure(
            why: "job \(held.id)'s held try was answered 200 when released, but the job was "
              + "not reported done: finish the job you were working on",
            request: request)
        }
        return deadLetterProblem(
          queue, held: held, permanent: permanent, flaky: flaky, known: known, request: request)
      },
    ]
  }

  /// What is wrong with the measured gaps between tries (`gaps[job][k]` before try k + 2),
  /// or nil: each within its documented bounds, growing, and not the same for every job.
  static func retryTimingProblem(_ gaps: [[Double]], jobs: [QueueJob]) -> String? {
    func ms(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }
    let count = QueueNumbers.maxAttempts - 1
    for (job, jobGaps) in zip(jobs, gaps) {
      for (index, gap) in jobGaps.enumerated() {
        let bounds = QueueNumbers.wait(after: index + 1)
        let range = "\(ms(bounds.lowerBound))–\(ms(bounds.upperBound))"
        if gap < bounds.lowerBound - QueueNumbers.earlySlack {
          return "job \(job.id) waited \(ms(gap)) between try \(index + 1) and try \(index + 2); "
            + "the documented wait is \(range) (D = BACKOFF_BASE_MS × 2^(N−1), then D/2 plus "
            + "a random part up to D/2): wait before retrying"
        }
        if gap > bounds.upperBound + QueueNumbers.lateSlack {
          return "job \(job.id) waited \(ms(gap)) between try \(index + 1) and try \(index + 2); "
            + "the documented wait is \(range), plus 1 s at most: move due retries back "
            + "to the queue at least every 50 ms"
        }
      }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let first = median(gaps.map { $0[0] })
    let last = median(gaps.map { $0[count - 1] })
    if last < 1.5 * first {
      return "the waits do not grow: the median wait before try 2 was \(ms(first)), before try "
        + "\(count + 1) \(ms(last)); double D after every failure (exponential backoff)"
    }
    // Jitter: at least two of the gaps spread over a quarter of their random range.
    var spread: [String] = []
    var jittered = 0
    for index in 0..<count {
      let column = gaps.map { $0[index] }
      let width = column.max()! - column.min()!
      let bounds = QueueNumbers.wait(after: index + 1)
      if width > (bounds.upperBound - bounds.lowerBound) / 4 { jittered += 1 }
      spread.append("before try \(index + 2): \(column.map(ms).joined(separator: ", "))")
    }
    if jittered < 2 {
      return "the \(gaps.count) jobs waited almost the same (\(spread.joined(separator: "; "))): "
        + "add a random part to each wait, D/2 plus a random amount up to D/2 (jitter)"
    }
    return nil
  }

  /// What is wrong once the dead-letter scenario has run, or nil.
  private static func deadLetterProblem(
    _ queue: JobQueue, held: QueueJob, permanent: QueueJob, flaky: QueueJob, known: Set<String>,
    request: String
  ) -> Failure? {
    let sink = queue.sink
    let permanentTries = sink.attempts(of: permanent.id).count
    if permanentTries != 1 {
      return Failure(
        why: "job \(permanent.id) was answered 422 (a permanent failure) and tried "
          + "\(permanentTries) times: do not retry a 4xx, dead-letter it at once",
        request: request)
    }
    let flakyTries = sink.attempts(of: flaky.id).count
    if flakyTries != QueueNumbers.maxAttempts {
      return Failure(
        why: "job \(flaky.id), always answered 500, was tried \(flakyTries) times: give up "
          + "after MAX_ATTEMPTS (\(QueueNumbers.maxAttempts)) tries and dead-letter it",
        request: request)
    }
    guard let dead = queue.list(queue.dead) else {
      return Failure(
        why: "\(queue.dead) is not a list: LPUSH the jobs you give up on", request: request)
    }
    let canonical = dead.map { canonicalJSON($0) }
    func holds(_ job: QueueJob) -> Int {
      canonical.filter { $0 != nil && $0 == canonicalJSON(job.json) }.count
    }
    if holds(held) > 0 {
      return Failure(
        why: "\(queue.dead) holds job \(held.id), which was still being worked on (its try "
          + "was held open): you dead-lettered by position. Move the failed job by value: "
          + "LREM \(queue.processing) 1 JOB, then LPUSH \(queue.dead) JOB",
        request: request)
    }
    for (job, how) in [(permanent, "answered 422"), (flaky, "always answered 500")]
    where holds(job) == 0 {
      let other =
        dead.first { text in
          [permanent, flaky].allSatisfy { canonicalJSON(text) != canonicalJSON($0.json) }
        }
      return Failure(
        why: "\(queue.dead) lacks job \(job.id) (\(how)) as it was queued, \(job.json)"
          + (other.map { "; it holds \($0): push the job's JSON unchanged" }
            ?? ": LPUSH the job's JSON onto it when you give up"),
        request: request)
    }
    if dead.count != 2 {
      return Failure(
        why: "\(queue.dead) holds \(dead.count) entries; expected jobs \(permanent.id) and "
          + "\(flaky.id), once each",
        request: request)
    }
    for job in [permanent, flaky] where sink.doneCount(of: job.id) > 0 {
      return Failure(
        why: "job \(job.id) was dead-lettered but also reported done: report done only after "
          + "a try answered 2xx",
        request: request)
    }
    if let failure = queue.doneOnce([held], known: known, request: request) { return failure }
    return queue.listsEmpty(request: request)
  }

  // MARK: reliable-queue

  /// A job whose worker is killed mid-job is done after the worker restarts.
  static func reliableQueue(_ run: StageRun) throws(StartFailure) -> [Expectation] {
    guard let queue = try queueSetup(run, workers: 1) else { return [] }
    let sink = queue.sink
    let startTimeout = run.settings.startTimeout
    return [
      Expectation(name: "survives-kill") {
        let job = queue.jobs(1, named: "crash")[0]
        sink.script(job.id, [.hold])
        var request = queue.pushed([job]) + " (its first try held open by the sink)"
        if let failure = queue.push([job]) { return failure }
        switch queue.wait(limit: startTimeout + 5, firstCall: startTimeout, { sink.holding > 0 })
        {
        case .met: break
        case .ended(let failure): return Failure(why: failure.why, request: request)
        case .timedOut:
          return Failure(
            why: "job \(job.id) was never tried (no POST SINK_URL/attempt for it): take jobs "
              + "from the right end of \(queue.queue) with BLMOVE",
            request: request)
        }
        request += "; SIGKILL to your program mid-job"
        let ended = run.signalProgram(SIGKILL, waiting: 5)
        sink.release()
        guard ended != nil else {
          return Failure(
            why: "your program still ran 5 s after SIGKILL to its process group", request: request)
        }
        let inFlight = queue.list(queue.processing) ?? []
        guard inFlight.contains(where: { canonicalJSON($0) == canonicalJSON(job.json) }) else {
          return Failure(
            why: "after SIGKILL mid-job, job \(job.id) is not in \(queue.processing): it was "
              + "only in the dead worker's memory and is lost. Take jobs with BLMOVE "
              + "\(queue.queue) \(queue.processing) RIGHT LEFT",
            request: request)
        }
        request += "; your command started again"
        if let failure = run.restartProgram() {
          return Failure(why: failure.why, request: request)
        }
        let later = queue.jobs(1, named: "after")[0]
        request += "; then " + queue.pushed([later])
        if let failure = queue.push([later]) { return failure }
        let both = [job, later]
        switch queue.wait(
          limit: startTimeout + 10, firstCall: startTimeout,
          {
            both.allSatisfy { sink.doneCount(of: $0.id) > 0 }
          })
        {
        case .met: break
        case .ended(let failure): return Failure(why: failure.why, request: request)
        case .timedOut:
          if sink.doneCount(of: job.id) == 0 {
            return Failure(
              why: "job \(job.id) was not done after the restart: on start, move the jobs left "
                + "in \(queue.processing) back to the queue (LMOVE \(queue.processing) "
                + "\(queue.queue) RIGHT RIGHT until it answers nil)",
              request: request)
          }
          return Failure(
            why: "job \(later.id), pushed after the restart, was not done: after recovering, "
              + "take new jobs as before",
            request: request)
        }
        let known = Set(both.map(\.id))
        if let failure = queue.doneOnce(both, known: known, request: request) { return failure }
        return queue.listsEmpty(request: request)
      }
    ]
  }
}
