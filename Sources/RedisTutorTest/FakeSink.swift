import Foundation
import JSON
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The queue stages' job sink: where the learner's worker does each job's work and reports
/// it done, JSON over HTTP on 127.0.0.1, answering each try as the tester scripted it and
/// timing every call, so the tester can measure the worker's retry delays.
///
/// `POST /attempt` with `{"job": ID, "attempt": N}` is one try at a job's work. It answers
/// 200 unless the job's script says otherwise for that try (the first try is the script's
/// first answer): 500 (a transient failure), 422 (a permanent one), or held open until the
/// tester calls `release()` (then 200), so the tester knows the worker is mid-job.
/// `POST /done` with the same body reports the job finished (200). Anything else gets 400
/// or 404. Each request runs on a thread of its own.
final class FakeSink: @unchecked Sendable {
  /// How the sink answers one try at a job.
  enum Answer {
    case succeed
    case failTransiently
    case failForGood
    case hold
  }

  /// One request the sink received.
  struct Call {
    /// `attempt`, `done`, or the path of a request to neither.
    var route: String
    var job: String?
    /// The try number the worker sent, if any.
    var attempt: Int?
    /// Seconds since the sink started, when the request arrived.
    var at: Double
    /// The answer's status; nil while the request is held.
    var status: Int?
    /// What was wrong with a request the sink could not read.
    var problem: String?
    /// Whether the sink held the request open before answering.
    var held = false
  }

  /// The sink's base URL, given to the learner's program as `SINK_URL`.
  let url: String
  private let listener: Int32
  private let started = MonotonicClock.now
  private let state = Mutex(State())

  private struct State {
    var scripts: [String: [Answer]] = [:]
    var calls: [Call] = []
    var holding = 0
    /// Raised by `release()`: a request held since an older release goes on.
    var releases = 0
    var closed = false
  }

  /// Starts the sink on a free port, or nil when it cannot listen.
  init?() {
    guard let listening = Socket.listen() else { return nil }
    listener = listening.fd
    url = "http://127.0.0.1:\(listening.port)"
    Thread.detachNewThread { [self] in acceptLoop() }
  }

  deinit { close() }

  /// Stops answering; held requests end without an answer.
  func close() {
    let first = state.withLock { state -> Bool in
      defer { state.closed = true }
      return !state.closed
    }
    if first {
      shutdown(listener, Int32(SHUT_RDWR))
      Glibc.close(listener)
    }
  }

  /// Answers the tries at `job` with `answers` in order (then 200).
  func script(_ job: String, _ answers: [Answer]) {
    state.withLock { $0.scripts[job] = answers }
  }

  /// Lets every request held now answer 200.
  func release() { state.withLock { $0.releases += 1 } }

  /// Requests held open now.
  var holding: Int { state.withLock { $0.holding } }

  /// Every request so far, in the order they arrived.
  var calls: [Call] { state.withLock { $0.calls } }

  /// The tries at `job` so far, in order.
  func attempts(of job: String) -> [Call] {
    calls.filter { $0.route == "attempt" && $0.job == job }
  }

  /// How many times `job` was reported done.
  func doneCount(of job: String) -> Int {
    calls.filter { $0.route == "done" && $0.job == job }.count
  }

  /// Seconds since the sink started.
  var now: Double { MonotonicClock.now - started }

  /// What the sink saw, one line per job in the order first seen: each try's answer and
  /// when it came, the gaps between tries, and the done reports; then unreadable requests.
  func summary() -> [String] {
    let calls = self.calls
    if calls.isEmpty { return ["no requests"] }
    var order: [String] = []
    for call in calls {
      if let job = call.job, !order.contains(job) { order.append(job) }
    }
    var lines = order.map { job -> String in
      let tries = calls.filter { $0.route == "attempt" && $0.job == job }
      var parts: [String] = []
      var previous: Double?
      for call in tries {
        let time = "at \(String(format: "%.2f", call.at)) s"
        let gap = previous.map { " (+\(Self.milliseconds($0, call.at)))" } ?? ""
        if call.held {
          let end = call.status.map { "then answered \($0)" } ?? "then the worker hung up"
          parts.append("held \(time)\(gap), \(end)")
        } else {
          parts.append("\(call.status.map(String.init) ?? "no answer") \(time)\(gap)")
        }
        previous = call.at
      }
      let done = calls.filter { $0.route == "done" && $0.job == job }.count
      let triesText = tries.isEmpty ? "no tries" : "tries: " + parts.joined(separator: ", ")
      return "job \(job): \(triesText); done \(done)×"
    }
    for call in calls where call.job == nil {
      lines.append("POST \(call.route): \(call.status ?? 0) (\(call.problem ?? "unreadable"))")
    }
    return lines
  }

  /// The gap from `start` to `end` seconds, in whole milliseconds.
  static func milliseconds(_ start: Double, _ end: Double) -> String {
    "\(Int(((end - start) * 1000).rounded())) ms"
  }

  // MARK: serving

  private func acceptLoop() {
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 {
        if errno == EINTR || errno == ECONNABORTED { continue }
        return
      }
      Thread.detachNewThread { [self] in serve(client) }
    }
  }

  private func serve(_ client: Int32) {
    defer { Glibc.close(client) }
    var received: [UInt8] = []
    let end = MonotonicClock.now + 10
    var request: HTTPRequest?
    while request == nil {
      guard case .data(let chunk) = Socket.read(client, until: end) else { return }
      received += chunk
      request = HTTPParser.request(received)
    }
    guard let request, let reply = answer(request, client: client) else { return }
    let (status, body) = reply
    var response = "HTTP/1.1 \(status) \(Self.reason(status))\r\nConnection: close\r\n"
    response += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
    _ = Socket.write(client, Array((response + body).utf8))
  }

  /// The status and body for `request`, after holding it if scripted; nil when the sink
  /// closed or the worker hung up while it was held.
  private func answer(_ request: HTTPRequest, client: Int32) -> (Int, String)? {
    let path = request.path.split(separator: "?").first.map(String.init) ?? ""
    let route = path.hasPrefix("/") ? String(path.dropFirst()) : path
    let arrived = now
    guard request.method == "POST", route == "attempt" || route == "done" else {
      let problem = "the sink serves POST /attempt and POST /done only"
      record(Call(route: path, at: arrived, status: 404, problem: problem))
      return (404, #"{"error":"\#(problem)"}"#)
    }
    let value = try? JSONParser.parse(request.body)
    let job = (value?["job"]).flatMap { $0.string ?? $0.numberLiteral }
    guard let job, !job.isEmpty else {
      let body = String(decoding: request.body.prefix(80), as: UTF8.self)
      let problem = #"body \#(body.isEmpty ? "empty" : body) is not {"job": ID, "attempt": N}"#
      record(Call(route: route, at: arrived, status: 400, problem: problem))
      return (400, #"{"error":"send JSON {\"job\": ID, \"attempt\": N}"}"#)
    }
    let attempt = value?["attempt"]?.integer
    if route == "done" {
      record(Call(route: route, job: job, attempt: attempt, at: arrived, status: 200))
      return (200, #"{"ok":true}"#)
    }
    let (index, answer, releases) = state.withLock { state -> (Int, Answer, Int) in
      let tries = state.calls.filter { $0.route == "attempt" && $0.job == job }.count
      let script = state.scripts[job] ?? []
      let answer = tries < script.count ? script[tries] : .succeed
      state.calls.append(
        Call(
          route: route, job: job, attempt: attempt, at: arrived,
          status: answer == .hold ? nil : Self.status(answer), held: answer == .hold))
      if answer == .hold { state.holding += 1 }
      return (state.calls.count - 1, answer, state.releases)
    }
    if answer == .hold {
      // Held until the tester releases it (or the sink closes): the worker is mid-job.
      while true {
        let (released, closed) = state.withLock { ($0.releases > releases, $0.closed) }
        let gone = Self.hungUp(client)
        if released || closed || gone {
          state.withLock { state in
            state.holding -= 1
            state.calls[index].status = closed || gone ? nil : 200
          }
          if closed || gone { return nil }
          break
        }
        usleep(10_000)
      }
    }
    let status = answer == .hold ? 200 : Self.status(answer)
    switch status {
    case 500: return (500, #"{"error":"temporary failure: try again later"}"#)
    case 422: return (422, #"{"error":"permanent failure: do not retry"}"#)
    default: return (200, #"{"ok":true}"#)
    }
  }

  /// Whether the other end closed `client` (a killed worker's connection).
  private static func hungUp(_ client: Int32) -> Bool {
    var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
    guard poll(&poller, 1, 0) > 0 else { return false }
    var byte: UInt8 = 0
    return recv(client, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0
      || (poller.revents & Int16(POLLHUP | POLLERR)) != 0
  }

  private func record(_ call: Call) { state.withLock { $0.calls.append(call) } }

  private static func status(_ answer: Answer) -> Int {
    switch answer {
    case .succeed, .hold: 200
    case .failTransiently: 500
    case .failForGood: 422
    }
  }

  private static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 400: "Bad Request"
    case 404: "Not Found"
    case 422: "Unprocessable Entity"
    default: "Internal Server Error"
    }
  }
}
