import Foundation
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The stage's email provider: `POST /send` over HTTP on 127.0.0.1, slow on purpose, able
/// to fail as the tester scripts it, counting every attempt and delivery per idempotency key.
///
/// A send is `POST /send` with a JSON body `{"to","subject","body"}` and an `Idempotency-Key`
/// header. It answers 200 `{"delivered":true}` (a delivery), or what the script says for its
/// key: 503 for the first n attempts (`failFirst`), or one status for good (`failAlways`).
/// While `holding`, sends wait until `release`: the tester then knows a send is in flight.
/// Each request runs on a thread of its own, so concurrent sends really overlap.
final class FakeEmailProvider: @unchecked Sendable {
  /// The provider's base URL, given to the learner's program as `EMAIL_URL`.
  let url: String
  private let server: FakeHTTPServer
  private let state: Mutex<State>

  /// One send as the provider saw it.
  struct Attempt {
    var key: String
    /// The answer's status; 0 while held, -1 when cut off unanswered.
    var status: Int
    var body: String
    /// Monotonic seconds when the request arrived and when it was answered.
    var received: Double
    var answered: Double?
  }

  private struct State {
    var latency: Double
    var holding = false
    /// Generation of `release` calls; a held send waits for the next one.
    var releases = 0
    var answerHeld = true
    var failFirst: [String: Int] = [:]
    var failAlways: [String: Int] = [:]
    var closed = false
    var attempts: [Attempt] = []
  }

  /// Starts the provider, each send taking `latency` seconds.
  init?(latency: Double) {
    guard let server = FakeHTTPServer() else { return nil }
    self.server = server
    url = server.url
    state = Mutex(State(latency: latency))
    server.start { [weak self] request, _ in
      self?.answer(request, key: request.header("Idempotency-Key") ?? "")
    }
  }

  deinit { close() }

  /// Stops answering; held sends are cut off.
  func close() {
    let first = state.withLock { state -> Bool in
      defer { state.closed = true }
      return !state.closed
    }
    if first { server.close() }
  }

  /// Seconds each send takes before it is answered.
  var latency: Double {
    get { state.withLock { $0.latency } }
    set { state.withLock { $0.latency = newValue } }
  }

  /// Answers 503 to the first `count` attempts of `key`, then delivers.
  func failFirst(_ key: String, _ count: Int) { state.withLock { $0.failFirst[key] = count } }

  /// Answers `status` to every attempt of `key`.
  func failAlways(_ key: String, status: Int) { state.withLock { $0.failAlways[key] = status } }

  /// From now on, sends wait unanswered until `release`.
  func hold() { state.withLock { $0.holding = true } }

  /// Lets the held sends go, and holds no more.
  ///
  /// They are answered as usual, or (`answering` false) cut off without an answer, as when
  /// the program died with the request open.
  func release(answering: Bool) {
    state.withLock {
      $0.holding = false
      $0.answerHeld = answering
      $0.releases += 1
    }
  }

  /// The keys of the sends waiting now.
  func heldKeys() -> [String] {
    state.withLock { $0.attempts.filter { $0.status == 0 }.map(\.key) }
  }

  /// Every attempt so far, in order.
  var attempts: [Attempt] { state.withLock { $0.attempts } }

  /// Attempts of `key` so far (held and cut-off ones included).
  func attempts(of key: String) -> [Attempt] { attempts.filter { $0.key == key } }

  /// Sends of `key` answered 200: the emails delivered.
  func deliveries(of key: String) -> Int { attempts(of: key).filter { $0.status == 200 }.count }

  /// What the provider saw, one line per key: its attempts by answer, and deliveries.
  func summary() -> [String] {
    let log = attempts
    if log.isEmpty { return ["no sends"] }
    var order: [String] = []
    var counts: [String: [Int: Int]] = [:]
    for attempt in log {
      if counts[attempt.key] == nil { order.append(attempt.key) }
      counts[attempt.key, default: [:]][attempt.status, default: 0] += 1
    }
    return order.map { key in
      let answers = counts[key]!.sorted { $0.key < $1.key }.map { status, count in
        switch status {
        case 0: "\(count)× held"
        case -1: "\(count)× cut off unanswered"
        default: "\(count)× \(status)"
        }
      }
      let delivered = counts[key]![200] ?? 0
      return "POST /send, Idempotency-Key \(key): \(answers.joined(separator: ", ")) "
        + "(\(delivered) \(delivered == 1 ? "delivery" : "deliveries"))"
    }
  }

  /// The answer to a request, or nil when it is cut off unanswered.
  private func answer(_ request: HTTPRequest, key: String) -> (Int, String)? {
    let path = request.path.split(separator: "?").first.map(String.init) ?? ""
    guard path == "/send" else { return (404, #"{"error":"the provider serves POST /send only"}"#) }
    guard request.method == "POST" else { return (405, #"{"error":"POST /send only"}"#) }
    guard !key.isEmpty else {
      return (400, #"{"error":"an Idempotency-Key header is required"}"#)
    }
    let body = String(decoding: request.body, as: UTF8.self)
    let (index, latency, generation, holding) = state.withLock { state in
      state.attempts.append(
        Attempt(key: key, status: 0, body: body, received: MonotonicClock.now, answered: nil))
      return (state.attempts.count - 1, state.latency, state.releases, state.holding)
    }
    if holding {
      while state.withLock({ $0.releases == generation && !$0.closed }) { usleep(10_000) }
      let cut = state.withLock { !$0.answerHeld || $0.closed }
      if cut {
        state.withLock { $0.attempts[index].status = -1 }
        return nil
      }
    }
    if latency > 0 { usleep(useconds_t(latency * 1_000_000)) }
    return state.withLock { state -> (Int, String) in
      let earlier = state.attempts[..<index].filter { $0.key == key }.count
      let status: Int
      if let always = state.failAlways[key] {
        status = always
      } else if earlier < state.failFirst[key] ?? 0 {
        status = 503
      } else if !Self.isEmail(body) {
        status = 400
      } else {
        status = 200
      }
      state.attempts[index].status = status
      state.attempts[index].answered = MonotonicClock.now
      switch status {
      case 200: return (200, #"{"delivered":true}"#)
      case 400 where !Self.isEmail(body):
        return (400, #"{"error":"the body must be JSON with to, subject and body"}"#)
      case 500...: return (status, #"{"error":"the provider is failing, try again later"}"#)
      default: return (status, #"{"error":"the provider refuses this email for good"}"#)
      }
    }
  }

  /// Whether `body` is a JSON object with string fields to, subject and body.
  static func isEmail(_ body: String) -> Bool {
    guard
      let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    else { return false }
    return ["to", "subject", "body"].allSatisfy { object[$0] is String }
  }

}
