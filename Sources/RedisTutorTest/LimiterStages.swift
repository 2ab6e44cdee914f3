import Foundation
import RedisClient
import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// The rate limiter's numbers for a run, given to the program as `LIMIT`, `WINDOW_MS` and
/// `ROUTE_LIMITS`: short, so a stage runs in seconds.
struct LimiterSettings {
  var limit = 5
  /// The window's length in milliseconds; windows are aligned to its multiples.
  var windowMs: Int64 = 4000
  /// The routes with their own limit, as `ROUTE_LIMITS` lists them.
  var routeLimits: [(route: String, limit: Int)] = [("/login", 2), ("/search", 8)]

  var routeLimitsText: String {
    routeLimits.map { "\($0.route)=\($0.limit)" }.joined(separator: ",")
  }
}

/// The limiter stages' client side: requests from chosen loopback addresses, timed on the
/// Redis server's clock (the clock the stage aligns windows to), and logged for the report.
final class LimiterProbe {
  let run: StageRun
  let settings: LimiterSettings
  /// The Redis server's clock minus this machine's, in milliseconds.
  private let offset: Int64
  /// The last byte of the next fresh address, 127.0.0.N.
  private var nextHost = 2
  private var log: [Sent] = []

  /// One request the probe sent, with when it was sent and answered (Redis clock, ms).
  struct Sent {
    var address: String
    var path: String
    var result: Result<HTTPResponse, Failure>
    var sentAt: Int64
    var answeredAt: Int64

    var status: Int? {
      if case .success(let response) = result { return response.status }
      return nil
    }

    /// The `Retry-After` header's text, when the answer has one.
    var retryAfter: String? {
      guard case .success(let response) = result else { return nil }
      return response.headers.first { $0.name.lowercased() == "retry-after" }?.value
    }
  }

  init(run: StageRun, settings: LimiterSettings) {
    self.run = run
    self.settings = settings
    let before = Self.machineMs()
    let reply = try? run.keys.connection.send("TIME")
    let after = Self.machineMs()
    if let parts = reply?.array?.compactMap(\.string), parts.count == 2,
      let seconds = Int64(parts[0]), let micros = Int64(parts[1])
    {
      offset = seconds * 1000 + micros / 1000 - (before + after) / 2
    } else {
      offset = 0
    }
  }

  private static func machineMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

  /// Now on the Redis server's clock, in milliseconds.
  var now: Int64 { Self.machineMs() + offset }

  /// A loopback address no request of this run came from yet.
  func freshAddress() -> String {
    defer { nextHost += 1 }
    return "127.0.0.\(nextHost)"
  }

  /// When the window holding `time` ends.
  func windowEnd(_ time: Int64) -> Int64 {
    (time / settings.windowMs + 1) * settings.windowMs
  }

  /// Sleeps until `time` on the Redis clock.
  func sleep(until time: Int64) {
    let left = time - now
    if left > 0 { usleep(useconds_t(left * 1000)) }
  }

  /// Returns when the time into the current window lies between `earliest` and `latest`
  /// ms, sleeping until `earliest` into the next window if it does not now; returns when
  /// that window ends.
  func waitForWindow(from earliest: Int64, to latest: Int64) -> Int64 {
    let into = now % settings.windowMs
    if into >= earliest, into <= latest { return windowEnd(now) }
    let start = into < earliest ? now - into : windowEnd(now)
    sleep(until: start + earliest)
    return start + settings.windowMs
  }

  /// Sends `GET path` from `address` and logs it; a failure when nothing answered.
  @discardableResult
  func get(_ path: String, from address: String) -> Sent {
    let sentAt = now
    let result = run.expect("GET", path, status: 100...599, from: address)
    let sent = Sent(
      address: address, path: path, result: result, sentAt: sentAt, answeredAt: now)
    log.append(sent)
    return sent
  }

  /// `count` GETs of `path` from `address` that reach the service together, logged; when
  /// the last bytes were sent and the last answer came.
  ///
  /// Every connection is opened and sent its request but the last byte; then the last bytes
  /// go out back to back, so the service handles all the requests at the same moment.
  func simultaneousGets(_ path: String, from address: String, count: Int)
    -> (results: [Result<HTTPResponse, HTTPError>], sentAt: Int64, answeredAt: Int64)
  {
    let timeout = run.settings.requestTimeout * 2
    let bytes = HTTPProbe.requestBytes("GET", path, port: run.port)
    var sockets: [Int32?] = []
    var results: [Result<HTTPResponse, HTTPError>?] = []
    for _ in 0..<count {
      guard let socket = Socket.connect(port: run.port, from: address) else {
        let why = String(cString: strerror(errno))
        sockets.append(nil)
        results.append(
          .failure(HTTPError("cannot connect to 127.0.0.1:\(run.port) from \(address): \(why)")))
        continue
      }
      sockets.append(socket)
      results.append(
        Socket.write(socket, Array(bytes.dropLast()))
          ? nil : .failure(HTTPError("the connection closed while sending the request")))
    }
    defer { sockets.compactMap { $0 }.forEach { close($0) } }
    usleep(250_000)  // the service accepts them all and waits for the rest of each request
    let sentAt = now
    for (index, socket) in sockets.enumerated() where results[index] == nil {
      if let socket, !Socket.write(socket, [bytes.last!]) {
        results[index] = .failure(HTTPError("the connection closed while sending the request"))
      }
    }
    let end = MonotonicClock.now + timeout
    for (index, socket) in sockets.enumerated() where results[index] == nil {
      if let socket { results[index] = HTTPProbe.receive(socket, until: end, timeout: timeout) }
    }
    let answeredAt = now
    let all = results.map { $0 ?? .failure(HTTPError("not sent")) }
    for result in all {
      log.append(
        Sent(
          address: address, path: path,
          result: result.mapError { Failure(why: $0.description) }, sentAt: sentAt,
          answeredAt: answeredAt))
    }
    return (all, sentAt, answeredAt)
  }

  /// What the tester sent, one line per address and path in order: the answers' statuses,
  /// the `Retry-After`s seen, and how far into its window the first request went.
  func summary() -> [String] {
    if log.isEmpty { return ["no requests"] }
    var order: [String] = []
    var groups: [String: [Sent]] = [:]
    for sent in log {
      let line = "from \(sent.address) GET \(sent.path)"
      if groups[line] == nil { order.append(line) }
      groups[line, default: []].append(sent)
    }
    return order.map { line in
      let sents = groups[line]!
      var counts: [String: Int] = [:]
      var order: [String] = []
      for sent in sents {
        let answer = sent.status.map(String.init) ?? "no answer"
        if counts[answer] == nil { order.append(answer) }
        counts[answer, default: 0] += 1
      }
      let retryAfters = Array(Set(sents.compactMap(\.retryAfter))).sorted()
      let into = Double(sents[0].sentAt % settings.windowMs) / 1000
      return "\(line) (from \(String(format: "%.2f", into)) s into a window): "
        + order.map { "\(counts[$0]!)× \($0)" }.joined(separator: ", ")
        + (retryAfters.isEmpty ? "" : "; Retry-After \(retryAfters.joined(separator: ", "))")
    }
  }
}

extension Stages {
  /// How many times a check that must fit in one window is tried before the run gives up.
  static let windowAttempts = 3

  /// A per-address fixed-window limiter: exact counts, Retry-After, the window's end,
  /// concurrency, TTLs and route limits.
  static func day3Limiter(_ run: StageRun) -> [Expectation] {
    let settings = LimiterSettings()
    run.setEnvironment("LIMIT", String(settings.limit))
    run.setEnvironment("WINDOW_MS", String(settings.windowMs))
    run.setEnvironment("ROUTE_LIMITS", settings.routeLimitsText)
    let probe = LimiterProbe(run: run, settings: settings)
    run.addReportSection("the tester sent (address, route: answers):") { probe.summary() }
    let limit = settings.limit
    let path = "/items/\(Int.random(in: 100...999))"
    /// The last refused request of retry-after and its Retry-After, for allowed-again.
    var refused: (sent: LimiterProbe.Sent, seconds: Int)?

    return [
      Expectation(name: "limit-per-address") {
        let extra = 3
        for _ in 1...windowAttempts {
          let (first, other) = (probe.freshAddress(), probe.freshAddress())
          let end = probe.waitForWindow(from: 50, to: settings.windowMs / 2)
          var sents: [LimiterProbe.Sent] = []
          for _ in 0..<(limit + extra) { sents.append(probe.get(path, from: first)) }
          let unaffected = probe.get(path, from: other)
          if let failure = noAnswer(sents + [unaffected]) { return failure }
          if unaffected.answeredAt >= end { continue }
          if let failure = exactlyLimitPass(
            sents, limit: limit, what: "requests from \(first) in one window")
          {
            return failure
          }
          guard unaffected.status == 200 else {
            return failed(
              unaffected,
              "a request from another address, \(other), in the same window got "
                + "\(unaffected.status!): \(first)'s requests must not limit it. Count per "
                + "client address (the connection's source address)")
          }
          return nil
        }
        return tooSlow(settings)
      },
      Expectation(name: "keys-expire") { everyKeyExpires(run, after: "the requests") },
      Expectation(name: "retry-after") {
        for _ in 1...windowAttempts {
          let address = probe.freshAddress()
          let end = probe.waitForWindow(from: settings.windowMs / 2, to: settings.windowMs * 6 / 10)
          var sents: [LimiterProbe.Sent] = []
          for _ in 0..<(limit + 2) { sents.append(probe.get(path, from: address)) }
          if let failure = noAnswer(sents) { return failure }
          if sents.last!.answeredAt >= end { continue }
          if let failure = exactlyLimitPass(
            sents, limit: limit, what: "requests from \(address) in one window")
          {
            return failure
          }
          for sent in sents.dropFirst(limit) {
            guard let text = sent.retryAfter else {
              return failed(
                sent,
                "the 429 has no Retry-After header: send the whole seconds until the window "
                  + "ends, rounded up")
            }
            guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else {
              return failed(
                sent, "Retry-After is \"\(text)\", not a whole number of seconds")
            }
            // The program answered between sending and receiving: the true wait lies
            // between the two, and Retry-After must be within a second of it.
            let longest = Double(end - sent.sentAt) / 1000
            let shortest = Double(end - sent.answeredAt) / 1000
            guard Double(seconds) >= shortest - 1, Double(seconds) <= longest + 1 else {
              return failed(
                sent,
                "Retry-After is \(seconds) s, but this window ends in "
                  + "\(String(format: "%.1f", shortest)) s (windows are aligned to multiples "
                  + "of WINDOW_MS, \(settings.windowMs) ms, on the Redis clock): send the "
                  + "seconds left until the window's end, rounded up; not the key's TTL or "
                  + "the whole window")
            }
            refused = (sent, seconds)
          }
          return nil
        }
        return tooSlow(settings)
      },
      Expectation(name: "allowed-again") {
        guard let refused else { return Failure(why: "retry-after found no refused request") }
        let address = refused.sent.address
        // A little over the Retry-After, for the time the answer took to arrive.
        probe.sleep(until: refused.sent.answeredAt + Int64(refused.seconds) * 1000 + 50)
        var sents: [LimiterProbe.Sent] = []
        for _ in 0..<limit { sents.append(probe.get(path, from: address)) }
        if let failure = noAnswer(sents) { return failure }
        guard let again = sents.firstIndex(where: { $0.status != 200 }) else { return nil }
        let windowEnd = probe.windowEnd(refused.sent.sentAt)
        let why =
          sents[again].sentAt < windowEnd
          ? "the Retry-After (\(refused.seconds) s) ended before the window did: round the "
            + "seconds left up"
          : again == 0
            ? "the window did not end: is the counter's TTL renewed on every request? Start "
              + "it once per window (PEXPIRE … NX, or a key per window with its TTL set once)"
            : "the new window did not start from zero"
        return failed(
          sents[again],
          "after waiting the Retry-After (\(refused.seconds) s), request \(again + 1) of "
            + "\(limit) from \(address) got \(sents[again].status!); all \(limit) should "
            + "pass: " + why)
      },
      Expectation(name: "concurrent-requests") {
        let count = 200
        var took: Int64 = 0
        for _ in 1...windowAttempts {
          let address = probe.freshAddress()
          let end = probe.waitForWindow(from: 30, to: settings.windowMs / 2)
          let sent = probe.simultaneousGets(path, from: address, count: count)
          took = sent.answeredAt - sent.sentAt
          let request = "GET \(path) from \(address) (\(count) at once; one of the answers below)"
          if let bad = sent.results.first(where: {
            guard case .success(let response) = $0 else { return true }
            return response.status != 200 && response.status != 429
          }) {
            let unanswered = sent.results.filter { if case .failure = $0 { true } else { false } }
            return Failure(
              why: unanswered.isEmpty
                ? "\(count) requests at once must each get 200 or 429; one got another status"
                : "\(unanswered.count) of \(count) requests at once got no answer: accept "
                  + "\(count) connections at once (a listen backlog of 256: Python's "
                  + "ThreadingHTTPServer.request_queue_size)",
              request: request, response: bad)
          }
          if sent.answeredAt >= end { continue }
          let passed = sent.results.filter { (try? $0.get().status) == 200 }.count
          guard passed == limit else {
            let example = sent.results.first { (try? $0.get().status) == 200 }
            return Failure(
              why: "\(passed) of \(count) requests sent at once from \(address) passed; LIMIT "
                + "is \(limit)"
                + (passed > limit
                  ? ": decide on the count INCR returns (one atomic step), not on a GET "
                    + "before a SET"
                  : ""),
              request: request, response: example)
          }
          return nil
        }
        return Failure(
          why: "\(count) requests at once took \(took) ms, too long to fit in one window of "
            + "\(settings.windowMs) ms in \(windowAttempts) tries: answer faster (a thread "
            + "or goroutine per request, a listen backlog of 256)")
      },
      Expectation(name: "route-limits") {
        for _ in 1...windowAttempts {
          let address = probe.freshAddress()
          let end = probe.waitForWindow(from: 50, to: settings.windowMs / 2)
          var sents: [(route: String, limit: Int, sents: [LimiterProbe.Sent])] = []
          for (route, routeLimit) in settings.routeLimits {
            sents.append(
              (route, routeLimit, (0...routeLimit).map { _ in probe.get(route, from: address) }))
          }
          let other = probe.get(path, from: address)
          let all = sents.flatMap(\.sents) + [other]
          if let failure = noAnswer(all) { return failure }
          if other.answeredAt >= end { continue }
          for (route, routeLimit, routeSents) in sents {
            if let failure = exactlyLimitPass(
              routeSents, limit: routeLimit,
              what: "GETs of \(route) (ROUTE_LIMITS gives it \(routeLimit)) from \(address)")
            {
              return Failure(
                why: failure.why + ". Each route in ROUTE_LIMITS has its own limit and its "
                  + "own counter", request: failure.request, response: failure.response)
            }
          }
          guard other.status == 200 else {
            return failed(
              other,
              "GET \(path) from \(address), its first in this window, got \(other.status!) "
                + "after the routes in ROUTE_LIMITS were used up: other routes count on their "
                + "own counter, with LIMIT (\(limit))")
          }
          return everyKeyExpires(run, after: "the route requests")
        }
        return tooSlow(settings)
      },
    ]
  }

  /// Bonus: a sliding window, with no burst of twice the limit across a window's edge.
  static func slidingWindow(_ run: StageRun) -> [Expectation] {
    let settings = LimiterSettings(routeLimits: [])
    run.setEnvironment("LIMIT", String(settings.limit))
    run.setEnvironment("WINDOW_MS", String(settings.windowMs))
    run.setEnvironment("ROUTE_LIMITS", "")
    let probe = LimiterProbe(run: run, settings: settings)
    run.addReportSection("the tester sent (address, route: answers):") { probe.summary() }
    let limit = settings.limit
    let path = "/items/\(Int.random(in: 100...999))"
    var address = ""
    /// When the last request before the pause was answered.
    var lastAnswer: Int64 = 0

    return [
      Expectation(name: "no-edge-burst") {
        for _ in 1...windowAttempts {
          address = probe.freshAddress()
          // The end of one fixed window, then the start of the next.
          let end = probe.waitForWindow(
            from: settings.windowMs - 400, to: settings.windowMs - 400)
          let before = (0..<limit).map { _ in probe.get(path, from: address) }
          if let failure = noAnswer(before) { return failure }
          if before.last!.answeredAt >= end { continue }
          if let notPassed = before.first(where: { $0.status != 200 }) {
            return failed(
              notPassed,
              "the first \(limit) requests from a fresh address, \(address), must pass; one "
                + "got \(notPassed.status!)")
          }
          probe.sleep(until: end + 50)
          let after = (0..<limit).map { _ in probe.get(path, from: address) }
          if let failure = noAnswer(after) { return failure }
          lastAnswer = after.last!.answeredAt
          let passed = after.filter { $0.status == 200 }
          guard passed.isEmpty else {
            let span = passed.last!.answeredAt - before[0].sentAt
            return failed(
              passed.last!,
              "\(limit + passed.count) requests from \(address) passed within \(span) ms: "
                + "\(limit) at the end of one fixed window, \(passed.count) at the start of "
                + "the next, more than LIMIT (\(limit)) in a rolling window of WINDOW_MS "
                + "(\(settings.windowMs) ms): "
                + (passed.count >= limit
                  ? "the 2× burst at the edge of a fixed window. "
                  : "a burst at the edge (a weighted counter only approximates the window). ")
                + "Keep a log of the requests' times (a sorted set) and count the last "
                + "WINDOW_MS")
          }
          return nil
        }
        return tooSlow(settings)
      },
      Expectation(name: "passes-again") {
        probe.sleep(until: lastAnswer + settings.windowMs + 100)
        let sents = (0..<limit).map { _ in probe.get(path, from: address) }
        if let failure = noAnswer(sents) { return failure }
        if let refused = sents.firstIndex(where: { $0.status != 200 }) {
          return failed(
            sents[refused],
            "after WINDOW_MS (\(settings.windowMs) ms) with no request, request \(refused + 1) "
              + "of \(limit) from \(address) got \(sents[refused].status!): requests older "
              + "than WINDOW_MS must leave the window (ZREMRANGEBYSCORE) and stop counting")
        }
        return everyKeyExpires(run, after: "the requests")
      },
    ]
  }

  /// The failure when a check's requests did not fit in one window, try after try.
  private static func tooSlow(_ settings: LimiterSettings) -> Failure {
    Failure(
      why: "in \(windowAttempts) tries, the requests of this check never fit in one window "
        + "of \(settings.windowMs) ms: your service answers too slowly (a thread or "
        + "goroutine per request; one or two Redis round trips each)")
  }

  /// The first of `sents` that got no answer, as its failure.
  private static func noAnswer(_ sents: [LimiterProbe.Sent]) -> Failure? {
    for sent in sents {
      if case .failure(let failure) = sent.result { return failure }
    }
    return nil
  }

  /// A failure for `sent`: `why`, with the request and its answer.
  private static func failed(_ sent: LimiterProbe.Sent, _ why: String) -> Failure {
    Failure(
      why: why, request: "GET \(sent.path) from \(sent.address)",
      response: sent.result.mapError { HTTPError($0.why) })
  }

  /// A failure unless the first `limit` of `sents` passed (200) and the rest got 429.
  private static func exactlyLimitPass(
    _ sents: [LimiterProbe.Sent], limit: Int, what: String
  ) -> Failure? {
    for (index, sent) in sents.enumerated() {
      let status = sent.status!
      if index < limit, status != 200 {
        return failed(
          sent,
          "request \(index + 1) of \(sents.count) \(what) got \(status); the first "
            + "\(limit) must pass with 200")
      }
      if index >= limit, status != 429 {
        return failed(
          sent,
          "request \(index + 1) of \(sents.count) \(what) got \(status); only \(limit) may "
            + "pass per window: answer 429 above it")
      }
    }
    return nil
  }

  /// A failure unless some key lies under the run's prefix and every one has a TTL.
  private static func everyKeyExpires(_ run: StageRun, after what: String) -> Failure? {
    guard let keys = try? run.keys.snapshot() else {
      return Failure(why: "cannot read the keys under \(run.prefix)")
    }
    guard !keys.isEmpty else {
      return Failure(
        why: "no key under KEY_PREFIX (\(run.prefix)) after \(what): count the requests in "
          + "Redis, under KEY_PREFIX")
    }
    if let immortal = keys.first(where: { $0.pttl < 0 }) {
      return Failure(
        why: "\(immortal.name) has no TTL after \(what): give each counter one when its "
          + "window starts (INCR and PEXPIRE … NX in one MULTI), or it stays forever")
    }
    return nil
  }
}
