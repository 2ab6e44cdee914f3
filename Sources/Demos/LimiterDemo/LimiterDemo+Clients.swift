import Foundation
import JSON
import Patterns
import RedisClient
import TerminalUI

extension LimiterDemo {
  /// Scenario: a non-atomic GET-then-SET limiter against the atomic script, many clients at once.
  func race(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let clients = settings.clients
    let rounds = 5
    let title = "The race: \(clients) clients at once, limit \(settings.limit), \(rounds) rounds"
    output.heading(number, title)
    let rule = RateLimitRule(limit: settings.limit, period: 3600)
    var table = TextTable(
      headers: ["limiter", "requests", "allowed", "limit", "over the limit"],
      rightAligned: [1, 2, 3, 4])
    var metrics: [String: JSONValue] = [:]
    for naive in [true, false] {
      var worst = 0
      var requests = 0
      for round in 0..<rounds {
        try output.checkCancelled()
        environment.progress.update(
          "race: \(naive ? "GET then SET" : "atomic script"), round \(round + 1)…")
        let id = "race-\(naive ? "naive" : "atomic")-\(round)"
        // Every client reads before any writes: the interleaving a busy server produces.
        let barrier = ThreadBarrier(parties: clients)
        let perClient = max(2, settings.limit * 2 / clients + 1)
        let allowed = try ClientThreads.run(count: clients) { [environment, keys] _ -> Int in
          let connection = try Connection(environment.options)
          let limiter: any RateLimiter =
            naive
            ? try NaiveLimiter(rule: rule, connection: connection, keys: keys)
            : try RedisRateLimiter(
              algorithm: .fixedWindow, rule: rule, connection: connection, keys: keys)
          var count = 0
          for _ in 0..<perClient {
            barrier.arriveAndWait()
            if try limiter.decide(key: id).allowed { count += 1 }
          }
          return count
        }.reduce(0, +)
        worst = max(worst, allowed)
        requests = clients * perClient
      }
      let name = naive ? "GET then SET (two round trips)" : "one Lua script (atomic)"
      table.addRow([
        name, "\(requests)", "\(worst)", "\(settings.limit)", "\(max(0, worst - settings.limit))",
      ])
      metrics[naive ? "naive_allowed" : "atomic_allowed"] = .integer(worst)
    }
    environment.progress.finish()
    output.say(table)
    output.paragraph(
      "The naive limiter reads the count, decides in the client and writes it back: two clients that read the same count both get in. The script reads, decides and writes inside Redis, which runs one script at a time, so no other client can slip in between. (Worst round shown.)"
    )
    var headline = ""
    if let naive = metrics["naive_allowed"]?.number, let atomic = metrics["atomic_allowed"]?.number
    {
      headline =
        "limit \(settings.limit): GET-then-SET let \(Int(naive)) through, the atomic script \(Int(atomic))"
    }
    metrics["headline"] = .string(headline)
    return ScenarioReport(
      name: "race", title: title, metrics: metrics, tables: [ReportTable(table)])
  }

  /// Scenario: two app servers whose clocks disagree share one limit.
  func skew(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let skewSeconds = 90.0
    let rule = RateLimitRule(limit: settings.limit, period: 60)
    let title =
      "Clock skew: two app servers, one \(output.duration(skewSeconds)) fast, share a limit of \(settings.limit) per minute"
    output.heading(number, title)
    var table = TextTable(
      headers: ["time from", "requests", "allowed", "limit"], rightAligned: [1, 2, 3])
    var metrics: [String: JSONValue] = [:]
    let now = DemoClock.system.now()
    for useRedisTime in [false, true] {
      try output.checkCancelled()
      let id = "skew-\(useRedisTime ? "redis" : "client")"
      var allowed = 0
      for (index, offset) in [0.0, skewSeconds].enumerated() {
        let connection = try Connection(environment.options)
        let clock = DemoClock(now: { now + offset }, sleep: { _ in })
        let limiter = try RedisRateLimiter(
          algorithm: .fixedWindow, rule: rule, connection: connection,
          timeSource: useRedisTime ? .redis : .client(clock), keys: keys)
        for _ in 0..<settings.limit where try limiter.decide(key: id).allowed { allowed += 1 }
        _ = index
      }
      let name = useRedisTime ? "Redis TIME (inside the script)" : "each server's own clock"
      table.addRow([name, "\(settings.limit * 2)", "\(allowed)", "\(settings.limit)"])
      metrics[useRedisTime ? "redis_time_allowed" : "client_time_allowed"] = .integer(allowed)
    }
    output.say(table)
    output.paragraph(
      "With client time, the fast server's requests land in a different window, so the two servers together allow twice the limit (or, with a slow clock, lock clients out early). Reading TIME inside the script gives every server the same clock: Redis's."
    )
    var headline = ""
    if let client = metrics["client_time_allowed"]?.number,
      let redis = metrics["redis_time_allowed"]?.number
    {
      headline =
        "with skewed client clocks \(Int(client)) allowed against a limit of \(settings.limit); with Redis TIME \(Int(redis))"
    }
    metrics["headline"] = .string(headline)
    return ScenarioReport(
      name: "skew", title: title, metrics: metrics, tables: [ReportTable(table)])
  }

  /// Scenario: per-route, per-IP rules from a rules file, with headers, shadow mode and outages.
  func routes(_ output: DemoOutput, _ number: Int) throws -> ScenarioReport {
    let rules: RuleSet
    if let path = settings.rulesPath {
      rules = try RuleSet.load(path: path)
    } else {
      rules = try RuleSet.parse(RuleSet.exampleJSON, file: "built-in rules")
    }
    let title =
      "Route rules: \(rules.routes.map { $0.name }.joined(separator: ", ")) and a default, per client IP"
    output.heading(number, title)
    let limiter = try RouteLimiter(rules: rules, options: environment.options, keys: keys)
    let ip = "203.0.113.7"
    var table = TextTable(headers: ["#", "request", "decision", "headers"], rightAligned: [0])
    let login = rules.routes.first { $0.name == "/login" }?.name ?? rules.routes.first?.name ?? "/"
    let other = rules.routes.first { $0.name != login }?.name ?? "/other"
    let loginLimit = rules.rule(for: login).rule.limit
    var sequence = Array(repeating: login, count: loginLimit + 2)
    sequence.insert(other, at: loginLimit)
    sequence.append(other)
    var loginDenied = 0
    var otherAllowed = 0
    for (index, route) in sequence.enumerated() {
      let decided = try limiter.decide(route: route, ip: ip)
      if route == login && !decided.allowed { loginDenied += 1 }
      if route == other && decided.allowed { otherAllowed += 1 }
      var verdict = decided.allowed ? "allowed" : "429 denied"
      if decided.decision.nearLimit { verdict += " (near limit)" }
      table.addRow([
        "\(index + 1)", "GET \(route) from \(ip)", verdict,
        decided.decision.headerLines.joined(separator: "; "),
      ])
    }
    output.say(table)

    // Shadow mode: the same rules counting, never blocking.
    var shadowRules = rules
    shadowRules.routes = shadowRules.routes.map { rule in
      var copy = rule
      copy.shadow = true
      return copy
    }
    let shadowed = try RouteLimiter(
      rules: shadowRules, options: environment.options,
      keys: RateLimitKeys(prefix: keys.prefix + "shadow:"))
    var shadowBlocked = 0
    for _ in 0..<(loginLimit + 3) where !(try shadowed.decide(route: login, ip: ip).allowed) {
      shadowBlocked += 1
    }
    let wouldDeny = shadowed.counters.counts(for: login).shadowed
    output.paragraph(
      "Shadow mode, same \(login) traffic (\(loginLimit + 3) requests): \(shadowBlocked) blocked, \(wouldDeny) counted as would-be denials — how a new limit is tried on real traffic before it is switched on."
    )

    // An outage: a server that is not there, and each rule's failure mode.
    var outage = environment.options
    outage.endpoint = .tcp(host: "127.0.0.1", port: 1)
    outage.connectTimeout = 0.2
    let down = try RouteLimiter(rules: rules, options: outage, keys: keys)
    var outageLines: [String] = []
    for rule in rules.allRules {
      let route = rule.route ?? "/anything-else"
      let decided = try down.decide(route: route, ip: ip)
      let mode = decided.decision.failedClosed ? "fails closed: denied" : "fails open: allowed"
      outageLines.append("\(route) \(mode)")
    }
    output.paragraph(
      "With Redis unreachable, each rule follows its failure mode: "
        + outageLines.joined(separator: ", ") + ".")
    let headline =
      "\(login) denied \(loginDenied) of \(loginLimit + 2) while \(other) stayed allowed (\(otherAllowed)/2); shadow mode blocked \(shadowBlocked), counted \(wouldDeny)"
    return ScenarioReport(
      name: "routes", title: title,
      metrics: [
        "login_denied": .integer(loginDenied), "other_allowed": .integer(otherAllowed),
        "shadow_blocked": .integer(shadowBlocked), "shadow_counted": .integer(wouldDeny),
        "outage": .array(outageLines.map { .string($0) }), "headline": .string(headline),
      ], tables: [ReportTable(table)])
  }
}
