import Foundation
import RedisClient
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The day 5 and day 6 stages: a notifications endpoint whose workers send through the fake
/// email provider, and the day 2 cache beside it in one service.
extension Stages {
  /// The numbers the notification stages give the program, as their texts document them.
  enum NotificationSettings {
    static let workers = 2
    static let maxAttempts = 4
    static let backoffMs = 100
    /// Seconds the provider takes per send while it is slow.
    static let slowSend = 2.0
    /// Seconds it takes otherwise.
    static let quickSend = 0.05
  }

  // MARK: day5-notifications

  /// Quick 202s, one email per key, retries, dead letters, nothing lost on SIGKILL, and the
  /// send in flight finished on SIGTERM.
  static func day5Notifications(_ run: StageRun) throws(StartFailure) -> [Expectation] {
    let settings = Stages.NotificationSettings.self
    try run.startEmail(latency: settings.quickSend)
    guard let email = run.email else { return [] }
    run.setEnvironment("WORKERS", String(settings.workers))
    run.setEnvironment("MAX_ATTEMPTS", String(settings.maxAttempts))
    run.setEnvironment("BACKOFF_MS", String(settings.backoffMs))
    let notifications = Notifications(run: run, email: email)

    return [
      Expectation(name: "accepted-quickly") {
        email.latency = settings.slowSend
        defer { email.latency = settings.quickSend }
        return notifications.acceptedQuickly()
      },
      Expectation(name: "one-email-per-key") {
        let key = Notifications.newKey("signup")
        let count = 20
        // Slow enough that two workers taking duplicates would both be sending at once.
        email.latency = 0.3
        defer { email.latency = settings.quickSend }
        let answers = ConcurrentPosts.post(
          "/notifications", bodies: Array(repeating: notifications.body(key: key), count: count),
          port: run.port, timeout: run.settings.requestTimeout * 2)
        var ids = Set<String>()
        for answer in answers {
          guard case .success(let response) = answer, (200...299).contains(response.status),
            let id = Notifications.jobID(response)
          else {
            return Failure(
              why: "a POST of the \(count) with one idempotency_key did not get 2xx with an id",
              request: "POST /notifications (\(count) at once, idempotency_key \(key))",
              response: answer)
          }
          ids.insert(id)
        }
        if let failure = notifications.settle(key: key) { return failure }
        let delivered = email.deliveries(of: key)
        guard delivered == 1 else {
          return Failure(
            why: "\(count) concurrent POSTs with idempotency_key \(key) sent \(delivered) emails: "
              + "claim the key when the job is accepted (SET key id NX) and queue only for the "
              + "POST that got it; checking EXISTS before sending races",
            request: "POST /notifications (\(count) at once, idempotency_key \(key))")
        }
        guard ids.count == 1 else {
          return Failure(
            why: "the \(count) answers named \(ids.count) different jobs "
              + "(\(ids.sorted().prefix(4).joined(separator: ", "))…): "
              + "answer a duplicate with the first job's id",
            request: "POST /notifications (\(count) at once, idempotency_key \(key))")
        }
        return nil
      },
      Expectation(name: "retries-5xx") {
        let key = Notifications.newKey("receipt")
        email.failFirst(key, 2)
        let id: String
        switch notifications.post(key: key, status: 200...202) {
        case .failure(let failure): return failure
        case .success(let posted): id = posted.id
        }
        _ = Notifications.wait(seconds: 10) {
          email.deliveries(of: key) == 1 || notifications.deadIDs().contains(id)
        }
        let attempts = email.attempts(of: key)
        guard email.deliveries(of: key) == 1 else {
          let dead = notifications.deadIDs().contains(id)
          return run.failure(
            "the provider answered 503 to the first 2 sends of \(key) and it was sent \(attempts.count) "
              + (attempts.count == 1 ? "time" : "times") + ", "
              + (dead ? "then dead-lettered" : "never delivered within 10 s")
              + ": retry a 5xx after BACKOFF_MS (doubling), up to MAX_ATTEMPTS sends")
        }
        for (earlier, later) in zip(attempts, attempts.dropFirst()) {
          let waited = later.received - (earlier.answered ?? earlier.received)
          let gap = Int((waited * 1000).rounded())
          guard gap >= settings.backoffMs - 20 else {
            return run.failure(
              "a retry of \(key) came \(gap) ms after the 503: wait BACKOFF_MS (\(settings.backoffMs) ms) "
                + "or more before the first retry, doubling after")
          }
        }
        return notifications.expectStatus(id, "done", after: "its delivery")
      },
      Expectation(name: "dead-letter") {
        let failing = Notifications.newKey("outage")
        let refused = Notifications.newKey("bounce")
        email.failAlways(failing, status: 503)
        email.failAlways(refused, status: 400)
        var ids: [String] = []
        for key in [failing, refused] {
          switch notifications.post(key: key, status: 200...202) {
          case .failure(let failure): return failure
          case .success(let posted): ids.append(posted.id)
          }
        }
        let deadKey = run.prefix + "notifications:dead"
        let listed = Notifications.wait(seconds: 15) {
          Set(notifications.deadIDs()).isSuperset(of: ids)
        }
        // Sends after the job was listed would be more than MAX_ATTEMPTS.
        usleep(500_000)
        let (tries, refusedTries) = (
          email.attempts(of: failing).count, email.attempts(of: refused).count
        )
        guard listed else {
          let missing = ids.filter { !notifications.deadIDs().contains($0) }
          return run.failure(
            "job \(missing.joined(separator: " and ")) is not on \(deadKey) after 15 s (the provider "
              + "saw \(tries) sends of the 503 one, \(refusedTries) of the 400 one): after the last "
              + "attempt, or at once on a 4xx, RPUSH the job's id there")
        }
        guard tries == settings.maxAttempts else {
          return run.failure(
            "the job the provider always answers 503 was sent \(tries) times; send it "
              + "MAX_ATTEMPTS (\(settings.maxAttempts)) times in all, then dead-letter it")
        }
        guard refusedTries == 1 else {
          return run.failure(
            "the job the provider answered 400 was sent \(refusedTries) times: a 4xx will never "
              + "succeed, so dead-letter it after one send")
        }
        for id in ids {
          if let failure = notifications.expectStatus(id, "dead", after: "dead-lettering") {
            return failure
          }
        }
        return nil
      },
      Expectation(name: "kill-loses-nothing") { notifications.killLosesNothing() },
      Expectation(name: "sigterm-finishes") { notifications.sigtermFinishes() },
    ]
  }
}

extension Stages {
  // MARK: day6-integration

  /// The day 2 cache and the day 5 notifications in one service, with a timing line per
  /// finished job that matches what the tester measured.
  static func day6Integration(_ run: StageRun, tuning: Tuning) throws(StartFailure)
    -> [Expectation]
  {
    let settings = Stages.NotificationSettings.self
    let cache = try day2Cache(run, tuning: tuning).filter {
      ["miss-fills", "hit-skips-store", "write-invalidates"].contains($0.name)
    }
    try run.startEmail(latency: settings.quickSend)
    guard let email = run.email else { return [] }
    run.setEnvironment("WORKERS", String(settings.workers))
    run.setEnvironment("MAX_ATTEMPTS", String(settings.maxAttempts))
    run.setEnvironment("BACKOFF_MS", String(settings.backoffMs))
    let notifications = Notifications(run: run, email: email)
    return cache + [
      Expectation(name: "notification-sent") {
        email.latency = settings.slowSend
        defer { email.latency = settings.quickSend }
        return notifications.acceptedQuickly(recorded: false)
      },
      Expectation(name: "job-timing-lines") { notifications.jobTimingLines() },
    ]
  }
}

/// The notification checks' shared steps: posting jobs, reading their records, waiting for
/// the provider.
struct Notifications {
  let run: StageRun
  let email: FakeEmailProvider

  /// A fresh idempotency key (`order-7e3a…`).
  static func newKey(_ word: String) -> String {
    "\(word)-\(String(UInt64.random(in: 0x1000_0000...0xffff_ffff), radix: 16))"
  }

  /// The JSON body of a notification with idempotency key `key`.
  func body(key: String) -> String {
    #"{"user_id":"u-7","channel":"email","to":"\#(key)@example.com","#
      + #""subject":"Hello \#(key)","body":"Your notification \#(key)","idempotency_key":"\#(key)"}"#
  }

  /// The job id in a JSON answer (`{"id":"7"}` or `{"id":7}`).
  static func jobID(_ response: HTTPResponse) -> String? {
    guard
      let object = try? JSONSerialization.jsonObject(with: Data(response.body))
        as? [String: Any]
    else { return nil }
    switch object["id"] {
    case let text as String where !text.isEmpty: return text
    case let number as NSNumber: return number.stringValue
    default: return nil
    }
  }

  /// Polls `condition` every 20 ms for up to `seconds`; whether it came true.
  static func wait(seconds: Double, _ condition: () -> Bool) -> Bool {
    let end = MonotonicClock.now + seconds
    while true {
      if condition() { return true }
      if MonotonicClock.now >= end { return false }
      usleep(20_000)
    }
  }

  /// POSTs a notification with `key`: its job id and the seconds the answer took.
  func post(key: String, status: ClosedRange<Int>) -> Result<(id: String, seconds: Double), Failure>
  {
    let start = MonotonicClock.now
    switch run.expect("POST", "/notifications", body: body(key: key), status: status) {
    case .failure(let failure): return .failure(failure)
    case .success(let response):
      let seconds = MonotonicClock.now - start
      guard let id = Self.jobID(response) else {
        return .failure(run.failure(#"the answer has no job id: answer {"id":"ID"}"#))
      }
      return .success((id, seconds))
    }
  }

  /// The job ids on KEY_PREFIX notifications:dead.
  func deadIDs() -> [String] {
    let reply = try? run.keys.connection.send(
      "LRANGE", run.prefix + "notifications:dead", "0", "-1")
    return reply?.array?.compactMap(\.string) ?? []
  }

  /// The status field of job `id`'s record.
  func status(_ id: String) -> String? {
    try? run.keys.connection.send("HGET", run.prefix + "notification:\(id)", "status").string
  }

  /// A failure unless job `id`'s status becomes `wanted` within 2 s.
  func expectStatus(_ id: String, _ wanted: String, after what: String) -> Failure? {
    if Self.wait(seconds: 2, { status(id) == wanted }) { return nil }
    let name = run.prefix + "notification:\(id)"
    return run.failure(
      "after \(what), \(name) has status \(status(id).map { "\"\($0)\"" } ?? "missing"): "
        + "HSET its status field to \(wanted)")
  }

  /// Waits until `key` was delivered and a job sent after it was too, so every send of
  /// `key`'s duplicates has been made: a failure when nothing came.
  func settle(key: String) -> Failure? {
    guard Self.wait(seconds: 10, { email.deliveries(of: key) >= 1 }) else {
      return run.failure(
        "no email for idempotency_key \(key) within 10 s (the provider saw "
          + "\(email.attempts(of: key).count) sends): a worker must send each queued job")
    }
    let sentinel = Self.newKey("after")
    if case .failure(let failure) = post(key: sentinel, status: 200...202) { return failure }
    _ = Self.wait(seconds: 10) {
      email.deliveries(of: sentinel) >= 1 && !email.attempts(of: key).contains { $0.status == 0 }
    }
    usleep(300_000)
    return nil
  }

  /// POST answers 202 before the slow provider answers; the email then goes out once and
  /// (when `recorded`) the job's status becomes done.
  func acceptedQuickly(recorded: Bool = true) -> Failure? {
    let key = Self.newKey("welcome")
    let posted: (id: String, seconds: Double)
    switch post(key: key, status: 202...202) {
    case .failure(let failure): return failure
    case .success(let answer): posted = answer
    }
    let milliseconds = Int(posted.seconds * 1000)
    let slowSend = Stages.NotificationSettings.slowSend
    guard email.deliveries(of: key) == 0 else {
      return run.failure(
        "the 202 came after \(milliseconds) ms, when the provider (\(Int(slowSend * 1000)) ms a "
          + "send) had already delivered the email: store and queue the job, answer 202, and "
          + "let a worker send it")
    }
    let patience = slowSend + 8
    guard Self.wait(seconds: patience, { email.deliveries(of: key) == 1 }) else {
      let tries = email.attempts(of: key).count
      let none = email.attempts.isEmpty ? ", no sends at all" : ""
      let within = "\(Int(patience)) s (\(tries) sends with Idempotency-Key \(key)\(none))"
      return run.failure(
        "the email of job \(posted.id) was not delivered within \(within): a worker must POST "
          + "EMAIL_URL/send with the header Idempotency-Key: \(key)")
    }
    let sent = email.attempts(of: key).first { $0.status == 200 }?.body ?? ""
    let fields =
      (try? JSONSerialization.jsonObject(with: Data(sent.utf8)) as? [String: Any]) ?? [:]
    guard fields["to"] as? String == "\(key)@example.com",
      fields["subject"] as? String == "Hello \(key)"
    else {
      return run.failure(
        "the provider got \(sent.prefix(120)): send the job's to, subject and body as they were "
          + "posted")
    }
    return recorded ? expectStatus(posted.id, "done", after: "its delivery") : nil
  }

  /// SIGKILL with a send in flight and jobs queued, then a restart: every job delivered.
  func killLosesNothing() -> Failure? {
    email.hold()
    let keys = (1...3).map { Self.newKey("kill\($0)") }
    for key in keys {
      if case .failure(let failure) = post(key: key, status: 200...202) {
        email.release(answering: true)
        return failure
      }
    }
    guard Self.wait(seconds: 5, { !email.heldKeys().isEmpty }) else {
      email.release(answering: true)
      return run.failure(
        "no send reached the provider within 5 s of 3 POSTs: a worker must send each queued job")
    }
    // Let a second worker reach the provider too, if there is one.
    usleep(200_000)
    let inFlight = Set(email.heldKeys())
    _ = run.signalProgram(SIGKILL, waiting: 2)
    email.release(answering: false)
    if let failure = run.restartProgram() {
      return Failure(why: "after the SIGKILL, the restarted program: " + failure.why)
    }
    let delivered = Self.wait(seconds: 15) { keys.allSatisfy { email.deliveries(of: $0) >= 1 } }
    usleep(500_000)
    let held = inFlight.sorted().joined(separator: ", ")
    guard delivered else {
      let lost = keys.filter { email.deliveries(of: $0) == 0 }
      let cut = lost.filter { inFlight.contains($0) }
      return run.failure(
        "after SIGKILL (send of \(held) in flight) and a restart, \(lost.joined(separator: ", ")) "
          + "never got delivered within 15 s"
          + (cut.isEmpty
            ? ": queued jobs were lost with the process; keep the queue in Redis"
            : ": the job in flight was lost; LMOVE it into a processing list and put it back "
              + "on the queue when the program starts"))
    }
    let duplicates = keys.map { (key: $0, extra: email.deliveries(of: $0) - 1) }
      .filter { $0.extra > 0 }
    for duplicate in duplicates {
      let allowed = inFlight.contains(duplicate.key) ? 1 : 0
      guard duplicate.extra <= allowed else {
        return run.failure(
          "\(duplicate.key) was delivered \(duplicate.extra + 1) times after the kill (in flight then: \(held)); "
            + "at-least-once allows one duplicate for a job in flight at the kill, and none for "
            + "the others")
      }
    }
    return nil
  }

  /// SIGTERM with a send in flight: the send completes and is recorded before the exit.
  func sigtermFinishes() -> Failure? {
    email.hold()
    let key = Self.newKey("farewell")
    let id: String
    switch post(key: key, status: 200...202) {
    case .failure(let failure):
      email.release(answering: true)
      return failure
    case .success(let posted): id = posted.id
    }
    guard Self.wait(seconds: 5, { email.heldKeys().contains(key) }) else {
      email.release(answering: true)
      return run.failure(
        "no send of \(key) reached the provider within 5 s: a worker must send each queued job")
    }
    if let exit = run.signalProgram(SIGTERM, waiting: 0.3) {
      email.release(answering: false)
      return run.failure(
        "your program \(exit) 0.3 s after SIGTERM, its send of \(key) still unanswered: on "
          + "SIGTERM stop taking jobs, let the send in flight finish, record it, then exit")
    }
    email.release(answering: true)
    guard run.signalProgram(0, waiting: 5) != nil else {
      return run.failure(
        "your program still runs 5 s after SIGTERM (its send of \(key) was answered 200): "
          + "exit once the job in flight is recorded")
    }
    if email.deliveries(of: key) != 1 {
      return run.failure(
        "the send of \(key) in flight at SIGTERM was not delivered once but "
          + "\(email.deliveries(of: key)) times")
    }
    if let failure = expectStatus(id, "done", after: "SIGTERM and the answered send") {
      return failure
    }
    // The next expectation, or the end of the stage, wants the service up again.
    if let failure = run.restartProgram() {
      return Failure(why: "started again after SIGTERM, the program: " + failure.why)
    }
    return nil
  }
}

extension Notifications {
  /// One `job_done` line the program printed.
  struct JobTiming {
    var waitMs: Double
    var runMs: Double
  }

  /// The `job_done` lines the program printed so far, by job id, and the lines that name
  /// job_done but could not be read.
  func jobTimings() -> (timings: [String: JobTiming], unreadable: [String]) {
    var timings: [String: JobTiming] = [:]
    var unreadable: [String] = []
    for line in run.outputLines() where line.contains("job_done") {
      guard let start = line.firstIndex(of: "{"),
        let object = try? JSONSerialization.jsonObject(with: Data(line[start...].utf8))
          as? [String: Any],
        object["event"] as? String == "job_done",
        let job = (object["job"] as? String) ?? (object["job"] as? NSNumber)?.stringValue,
        let wait = (object["wait_ms"] as? NSNumber)?.doubleValue,
        let runMs = (object["run_ms"] as? NSNumber)?.doubleValue
      else {
        unreadable.append(line)
        continue
      }
      timings[job] = JobTiming(waitMs: wait, runMs: runMs)
    }
    return (timings, unreadable)
  }

  /// Three jobs while the provider holds the first two: the third waits in the queue, and
  /// the timing lines' wait_ms and run_ms agree with what the tester measured.
  func jobTimingLines() -> Failure? {
    let sendSeconds = 0.3
    let holdSeconds = 0.6
    email.latency = sendSeconds
    defer { email.latency = Stages.NotificationSettings.quickSend }
    email.hold()
    var posts: [(key: String, id: String, sent: Double, answered: Double)] = []
    for index in 1...3 {
      let key = Self.newKey("timed\(index)")
      let sent = MonotonicClock.now
      switch post(key: key, status: 200...202) {
      case .failure(let failure):
        email.release(answering: true)
        return failure
      case .success(let posted):
        posts.append((key, posted.id, sent, MonotonicClock.now))
      }
    }
    let workers = Stages.NotificationSettings.workers
    guard Self.wait(seconds: 5, { email.heldKeys().count >= workers }) else {
      let count = email.heldKeys().count
      email.release(answering: true)
      return run.failure(
        "\(count) of 3 queued jobs reached the provider within 5 s: run WORKERS (\(workers)) "
          + "workers, each sending a job at a time")
    }
    usleep(useconds_t(holdSeconds * 1_000_000))
    let held = Set(email.heldKeys())
    guard held.count == workers, let waiting = posts.first(where: { !held.contains($0.key) })
    else {
      email.release(answering: true)
      return run.failure(
        "\(held.count) sends were in flight at once: run exactly WORKERS (\(workers)) workers, "
          + "so that a third job waits in the queue")
    }
    let released = MonotonicClock.now
    email.release(answering: true)
    guard Self.wait(seconds: 10, { posts.allSatisfy { email.deliveries(of: $0.key) >= 1 } })
    else {
      return run.failure("the 3 jobs were not all delivered within 10 s of the provider's release")
    }
    guard Self.wait(seconds: 5, { posts.allSatisfy { jobTimings().timings[$0.id] != nil } })
    else {
      let (timings, unreadable) = jobTimings()
      let missing = posts.map(\.id).filter { timings[$0] == nil }
      return run.failure(
        "no job_done line for job \(missing.joined(separator: ", ")) 5 s after its delivery"
          + (unreadable.isEmpty
            ? "" : " (unreadable: \(unreadable.first!.prefix(100)))")
          + #": print {"event":"job_done","job":"ID","wait_ms":W,"run_ms":R} on a line of its "#
          + "own when a job finishes, and flush")
    }
    let timings = jobTimings().timings
    func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
    func shown(_ id: String) -> String {
      "job \(id) printed wait_ms \(Int(timings[id]!.waitMs)), run_ms \(Int(timings[id]!.runMs))"
    }
    // The waiting job: queued from before its 202 until a held send was released, taken
    // no later than its send reached the provider.
    guard let sent = email.attempts(of: waiting.key).first(where: { $0.status == 200 }),
      let answered = sent.answered
    else { return run.failure("the provider lost the delivery of \(waiting.key)") }
    let timing = timings[waiting.id]!
    let imposed = milliseconds(released - waiting.answered)
    let longest = milliseconds(sent.received - waiting.sent)
    guard timing.waitMs >= Double(imposed - 50), timing.waitMs <= Double(longest + 250) else {
      return run.failure(
        "\(shown(waiting.id)), but it waited in the queue at least \(imposed) ms (from its 202 to "
          + "the release of the \(workers) held sends) and at most \(longest) ms (from its POST to "
          + "its send): wait_ms runs from enqueueing (store the time with the job) to a "
          + "worker taking it")
    }
    let sendTime = milliseconds(answered - sent.received)
    let floor = milliseconds(sendSeconds) - 50
    guard timing.runMs >= Double(floor), timing.runMs <= Double(sendTime + 500) else {
      return run.failure(
        "\(shown(waiting.id)), but its send took \(sendTime) ms at the provider: run_ms runs from "
          + "a worker taking the job to finishing it (all its sends), within 500 ms of that")
    }
    for post in posts where held.contains(post.key) {
      guard let first = email.attempts(of: post.key).first else { continue }
      let heldFor = milliseconds(released - first.received)
      guard timings[post.id]!.runMs >= Double(heldFor - 50) else {
        return run.failure(
          "\(shown(post.id)), but its send was held \(heldFor) ms at the provider: run_ms must "
            + "cover the whole send")
      }
    }
    return nil
  }
}

/// Many POSTs at once, each on a thread of its own.
enum ConcurrentPosts {
  static func post(_ path: String, bodies: [String], port: Int, timeout: Double)
    -> [Result<HTTPResponse, HTTPError>]
  {
    let results = Mutex<[Result<HTTPResponse, HTTPError>?]>(
      Array(repeating: nil, count: bodies.count))
    let group = DispatchGroup()
    for (index, body) in bodies.enumerated() {
      group.enter()
      Thread.detachNewThread {
        let result = HTTPProbe.send("POST", path, port: port, body: body, timeout: timeout)
        results.withLock { $0[index] = result }
        group.leave()
      }
    }
    group.wait()
    return results.withLock { $0.map { $0 ?? .failure(HTTPError("no result")) } }
  }
}
