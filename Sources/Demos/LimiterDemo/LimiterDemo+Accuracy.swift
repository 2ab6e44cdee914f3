import DeterministicRandom
import Foundation
import Patterns
import RedisClient
import TerminalUI

extension LimiterDemo {
  /// Scenario: the sliding window counter's estimate against the exact count, request by request.
  ///
  /// Each decision of the counter is compared with what an exact sliding window would decide
  /// on the same history (the counter's own allowed requests), so one early difference does
  /// not snowball into a different history and inflate the error.
  func counterError(_ connection: Connection, _ output: DemoOutput, _ number: Int) throws
    -> ScenarioReport
  {
    let requests = 2000
    let title = "Sliding counter vs an exact window: \(requests) random requests near the limit"
    output.heading(number, title)
    environment.progress.update("comparing the sliding counter with an exact count…")
    let clock = ManualDemoClock(start: 0)
    let counter = try limiter(.slidingWindowCounter, connection, clock: clock)
    var random = SplitMix64(seed: settings.seed)
    let window = settings.windowSeconds
    // Poisson arrivals at 1.3× the limit: busy enough that decisions matter.
    let rate = Double(settings.limit) * 1.3 / window
    var time = 1000.0
    var allowedTimes: [Double] = []
    var wronglyAllowed = 0
    var wronglyDenied = 0
    var agreed = 0
    for index in 0..<requests {
      if index % 200 == 0 { try output.checkCancelled() }
      time += -log1p(-random.nextDouble()) / rate
      // Whole microseconds, as the scripts count them.
      time = (time * 1_000_000).rounded() / 1_000_000
      clock.set(time)
      let inWindow = allowedTimes.reversed().prefix { $0 > time - window }.count
      let exact = inWindow < settings.limit
      let estimate = try counter.decide(key: "error").allowed
      if estimate { allowedTimes.append(time) }
      if exact == estimate {
        agreed += 1
      } else if estimate {
        wronglyAllowed += 1
      } else {
        wronglyDenied += 1
      }
    }
    var table = TextTable(
      headers: ["decisions", "same as exact", "wrongly allowed", "wrongly denied"],
      rightAligned: [0, 1, 2, 3])
    func share(_ count: Int) -> String {
      "\(count) (\(NumberText.percent(Double(count) / Double(requests))))"
    }
    table.addRow(["\(requests)", share(agreed), share(wronglyAllowed), share(wronglyDenied)])
    output.say(table)
    output.paragraph(
      "The counter keeps two numbers per client instead of one entry per request, and assumes the previous window's requests were spread evenly. Over the limit they are not: a window fills early and denies the rest, so the previous window's requests sit near its start and the estimate counts them too long, denying requests an exact window would allow. Most real clients are far below their limits, where the estimate is close (Cloudflare measured 0.003% of 400 million requests wrongly allowed or limited). The log is exact and costs memory in proportion to the limit."
    )
    let wrong = Double(wronglyAllowed + wronglyDenied) / Double(requests)
    return ScenarioReport(
      name: "error", title: title,
      metrics: [
        "requests": .integer(requests), "wrongly_allowed": .integer(wronglyAllowed),
        "wrongly_denied": .integer(wronglyDenied),
        "headline": .string(
          "sliding counter differed from an exact window on \(NumberText.percent(wrong)) of \(requests) decisions (\(wronglyAllowed) allowed, \(wronglyDenied) denied wrongly)"
        ),
      ], tables: [ReportTable(table)])
  }

  /// Scenario: token bucket and GCRA with the same rate and burst, decision by decision.
  func compare(_ connection: Connection, _ output: DemoOutput, _ number: Int) throws
    -> ScenarioReport
  {
    let burst = max(2, settings.limit / 2)
    let rule = RateLimitRule(limit: settings.limit, period: settings.windowSeconds, burst: burst)
    let title =
      "Token bucket vs GCRA: \(settings.limit) per \(output.duration(settings.windowSeconds)), burst \(burst)"
    output.heading(number, title)
    let clock = ManualDemoClock(start: 0)
    let bucket = try limiter(.tokenBucket, connection, clock: clock, rule: rule)
    let gcra = try limiter(.gcra, connection, clock: clock, rule: rule)
    var table = TextTable(
      headers: [
        "t", "token bucket", "left", "retry after", "reset after", "GCRA", "left", "retry after",
        "reset after",
      ],
      rightAligned: [0, 2, 3, 4, 6, 7, 8])
    let start = 1000.0
    // A burst at t=0, then requests every half interval, then a pause and one more.
    let interval = settings.windowSeconds / Double(settings.limit)
    var times = Array(repeating: 0.0, count: burst + 2)
    times += (1...4).map { Double($0) * interval / 2 }
    times.append(settings.windowSeconds * 2)
    // The limiters count whole microseconds: a time between two (a third of a second) would
    // arrive a fraction early and be told to retry in 1 µs. Round up to the limiters' grid.
    times = times.map { ($0 * 1_000_000).rounded(.up) / 1_000_000 }
    var differences = 0
    for offset in times {
      clock.set(start + offset)
      let left = try bucket.decide(key: "compare")
      let right = try gcra.decide(key: "compare")
      if left.allowed != right.allowed { differences += 1 }
      func cells(_ decision: RateLimitDecision) -> [String] {
        [
          decision.allowed ? "allowed" : "denied", "\(decision.remaining)",
          decision.retryAfter.map { output.duration($0) } ?? "–",
          output.duration(decision.resetAfter),
        ]
      }
      table.addRow([output.duration(offset)] + cells(left) + cells(right))
    }
    output.say(table)
    output.paragraph(
      "Both allow a burst and then the steady rate (left: requests still allowed at once), and with the same settings they \(differences == 0 ? "agree on every decision here" : "disagree on \(differences) of \(times.count) decisions here"). The bucket stores two numbers (tokens and the last refill) in a hash; GCRA stores one timestamp, the theoretical arrival time, and answers retry-after and reset-after from it directly."
    )
    return ScenarioReport(
      name: "compare", title: title,
      metrics: [
        "decisions": .integer(times.count), "disagreements": .integer(differences),
        "headline": .string(
          "token bucket and GCRA disagreed on \(differences) of \(times.count) decisions with the same rate and burst"
        ),
      ], tables: [ReportTable(table)])
  }
}
