import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// Route and IP rules enforced against a real Redis on a manual clock.
@Suite("Route limiter")
struct RateLimitRouteTests {
  static let ip = "203.0.113.7"
  let bed: RateLimitTestBed
  let rules: RuleSet
  init() throws {
    bed = try RateLimitTestBed()
    rules = try RuleSet.parse(
      """
      {
        "default": { "limit": 1000, "window": 60 },
        "routes": {
          "/login": { "limit": 5, "window": 60, "algorithm": "fixed-window",
                      "failureMode": "closed" },
          "/items": { "limit": 100, "window": 1, "algorithm": "token-bucket" },
          "/search": { "limit": 3, "window": 60, "shadow": true }
        }
      }
      """, file: "rules.json")
  }

  private func routeLimiter(counters: RouteLimiterCounters = RouteLimiterCounters()) throws
    -> RouteLimiter
  {
    try RouteLimiter(
      rules: rules, connection: bed.server.connect(), timeSource: .client(bed.manualClock.clock),
      counters: counters)
  }

  @Test func loginIsDeniedWhileItemsIsAllowedForTheSameIP() throws {
    let limiter = try routeLimiter()
    let logins = try (0..<6).map { _ in try limiter.decide(route: "/login", ip: Self.ip) }
    #expect(logins.map(\.allowed) == [true, true, true, true, true, false])
    #expect(logins.allSatisfy { $0.rule.route == "/login" })
    let denied = logins[5].decision
    // The clock starts 20 s into a minute: the fixed window ends 40 s later.
    #expect(
      denied.headerLines
        == [
          "RateLimit-Limit: 5", "RateLimit-Remaining: 0", "RateLimit-Reset: 40", "Retry-After: 40",
        ])
    let items = try limiter.decide(route: "/items", ip: Self.ip)
    #expect(items.allowed && items.rule.route == "/items")
    #expect(items.decision.headerLines.first == "RateLimit-Limit: 100")
    // Another IP has its own count on /login; unlisted routes get the default.
    #expect(try limiter.decide(route: "/login", ip: "198.51.100.1").allowed)
    let other = try limiter.decide(route: "/about", ip: Self.ip)
    #expect(other.allowed && other.rule.route == nil && other.decision.remaining == 999)
  }

  @Test func aCompanionCommandRidesInTheDecisionsRoundTripEvenAfterAScriptFlush() throws {
    let limiter = try routeLimiter()
    let connection = try bed.server.connect()
    _ = try connection.send("SET", "rt:demo:companion", "value")
    let get = [Array("GET".utf8), Array("rt:demo:companion".utf8)]
    for round in 0..<7 {
      if round == 3 { _ = try connection.send("SCRIPT", "FLUSH") }  // Redis forgets the script
      let (decision, reply) = try limiter.decide(route: "/login", ip: Self.ip, with: get)
      #expect(reply?.string == "value", "round \(round)")
      #expect(decision.allowed == (round < 5), "round \(round)")
    }
    // Without a companion the reply is nil and the count goes on.
    let (last, none) = try limiter.decide(route: "/login", ip: Self.ip, with: nil)
    #expect(none == nil && !last.allowed)
  }

  @Test func theNearLimitCounterCountsFromEightyPercent() throws {
    let counters = RouteLimiterCounters()
    let limiter = try routeLimiter(counters: counters)
    let near = try (0..<6).map { _ in try limiter.decide(route: "/login", ip: Self.ip) }
    // 4 of 5 is 80%: the 4th and 5th requests are near the limit, the 6th is over it.
    #expect(near.map(\.decision.nearLimit) == [false, false, false, true, true, false])
    var expected = RouteLimiterCounters.Counts()
    expected.requests = 6
    expected.allowed = 5
    expected.denied = 1
    expected.nearLimit = 2
    #expect(counters.counts(for: "/login") == expected)
  }

  @Test func shadowModeCountsButNeverBlocks() throws {
    let counters = RouteLimiterCounters()
    let limiter = try routeLimiter(counters: counters)
    let searches = try (0..<5).map { _ in try limiter.decide(route: "/search", ip: Self.ip) }
    #expect(searches.allSatisfy { $0.allowed })
    #expect(searches.map(\.decision.shadowed) == [false, false, false, true, true])
    #expect(searches.allSatisfy { !$0.decision.headerLines.contains { $0.hasPrefix("Retry") } })
    let counts = counters.counts(for: "/search")
    #expect(counts.allowed == 5 && counts.denied == 0 && counts.shadowed == 2)
  }

  @Test func aStoppedServerFailsOpenOrClosedAsEachRuleSays() throws {
    let counters = RouteLimiterCounters()
    let limiter = try routeLimiter(counters: counters)
    #expect(try limiter.decide(route: "/login", ip: Self.ip).allowed)
    bed.server.stop()
    let login = try limiter.decide(route: "/login", ip: Self.ip).decision
    #expect(!login.allowed && login.failedClosed && !login.failedOpen)
    #expect(login.failureReason != nil)
    #expect(login.headerLines.last == "Retry-After: 1")
    let items = try limiter.decide(route: "/items", ip: Self.ip).decision
    #expect(items.allowed && items.failedOpen && !items.failedClosed)
    #expect(counters.counts(for: "/login").failedClosed == 1)
    #expect(counters.counts(for: "/items").failedOpen == 1)
  }

  @Test func aLimiterStartedWhileRedisIsDownFollowsTheFailureMode() throws {
    let port = try FreePort.find()
    let limiter = try RouteLimiter(
      rules: rules,
      options: ConnectionOptions(
        endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: 1, readTimeout: 1))
    let login = try limiter.decide(route: "/login", ip: Self.ip).decision
    #expect(login.failedClosed && !login.allowed)
    #expect(login.failureReason?.hasPrefix("Could not connect to Redis at 127.0.0.1:") == true)
    #expect(try limiter.decide(route: "/about", ip: Self.ip).decision.failedOpen)
  }
}
