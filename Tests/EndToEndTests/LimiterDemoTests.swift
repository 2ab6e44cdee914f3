import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// `redis-tutor demo limiter` and `:demo limiter`, as built, against a real redis-server.
@Suite("End to end: rate-limiter demo", .serialized)
struct LimiterDemoTests {
  let demo: DemoEndToEnd

  init() throws { demo = try DemoEndToEnd("limiter", prefix: "tutor-limiter") }

  @Test func everyScenarioShowsItsTradeOffInNumbers() throws {
    let result = try demo.run(["--json"])
    #expect(result.status == 0, "\(result.stderr)")
    let traffic = try DemoEndToEnd.metrics(result, "traffic")
    let fixed = try #require(traffic["fixed-window"] as? [String: Any])
    let log = try #require(traffic["sliding-window-log"] as? [String: Any])
    #expect((fixed["allowed"] as? Double ?? 0) > (log["allowed"] as? Double ?? 0))
    #expect(traffic["requests"] as? Double == 70)
    let edge = try DemoEndToEnd.metrics(result, "edge")
    #expect(edge["fixed-window"] as? Double == 20, "2× the limit across the edge")
    #expect(edge["sliding-window-log"] as? Double == 10)
    let race = try DemoEndToEnd.metrics(result, "race")
    #expect((race["naive_allowed"] as? Double ?? 0) > 10)
    #expect(race["atomic_allowed"] as? Double == 10)
    let compare = try DemoEndToEnd.metrics(result, "compare")
    #expect(compare["disagreements"] as? Double == 0)
    let skew = try DemoEndToEnd.metrics(result, "skew")
    #expect(skew["client_time_allowed"] as? Double == 20)
    #expect(skew["redis_time_allowed"] as? Double == 10)
    let routes = try DemoEndToEnd.metrics(result, "routes")
    #expect(routes["login_denied"] as? Double == 2)
    #expect(routes["other_allowed"] as? Double == 2)
    #expect(routes["shadow_blocked"] as? Double == 0)
    #expect(routes["shadow_counted"] as? Double == 3)
    #expect(
      routes["outage"] as? [String]
        == [
          "/anything-else fails open: allowed", "/login fails closed: denied",
          "/items fails open: allowed",
        ])
    let error = try DemoEndToEnd.metrics(result, "error")
    let wrong =
      (error["wrongly_allowed"] as? Double ?? 0) + (error["wrongly_denied"] as? Double ?? 0)
    #expect(wrong > 0 && wrong < 2000)
  }

  @Test func theTimelineAndSummaryArePrintedAndKeysStayUnderTheirPrefix() throws {
    let connection = try demo.server.connect()
    _ = try connection.send("SET", "learner:own", "untouched")
    let result = try demo.run(["--scenario", "traffic,edge"])
    #expect(result.status == 0, "\(result.stderr)")
    let text = String(decoding: result.stdout, as: UTF8.self)
    #expect(
      text.contains("fixed window     ████████████████████     ▄      █                ██\n"),
      "\(text)")
    #expect(text.contains("fixed window                    20                10  2.00×"))
    #expect(text.contains("Summary\nscenario  what it showed\n"))
    let keys = try connection.send("KEYS", "*").array?.compactMap(\.string) ?? []
    #expect(keys.filter { !$0.hasPrefix("rt:demo:limiter:") } == ["learner:own"])
    let clean = try demo.run(["--clean"])
    #expect(String(decoding: clean.stdout, as: UTF8.self).hasPrefix("Removed "))
    #expect(try connection.send("DBSIZE") == .integer(1))
  }

  @Test func badRulesAndBadNumbersAreOneLine() throws {
    let rules = demo.home.appendingPathComponent("rules.json").path
    try """
    {
      "default": { "limit": 10, "window": 60 },
      "routes": {
        "/login": { "limit": 0, "window": 60 }
      }
    }
    """.write(toFile: rules, atomically: true, encoding: .utf8)
    for (arguments, expected) in [
      (["--rules", rules], "\(rules):4: \"limit\" must be at least 1 (got 0)"),
      (["--limit", "0"], "--limit must be at least 1 (got 0)"),
      (["--window=-1"], "--window must be a positive number of seconds (got -1.0)"),
    ] {
      let result = try TutorBinary.run(["demo", "limiter"] + arguments, home: demo.home)
      #expect(result.status == 64)
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
      #expect(result.stderr.hasPrefix("redis-tutor demo: \(expected)"), "\(result.stderr)")
    }
  }

  @Test func demoLimiterRunsInsideTheShell() throws {
    let script = ":demo limiter --scenario skew\n:demo limiter --print-rules\nPING\n"
    let result = try demo.runShell(script)
    #expect(result.status == 0)
    let text = String(decoding: result.stdout, as: UTF8.self)
    #expect(text.contains("Redis TIME (inside the script)        20       10     10"), "\(text)")
    #expect(
      text.contains("\"/login\": { \"limit\": 5, \"window\": 60, \"failureMode\": \"closed\" }"))
    #expect(text.hasSuffix("PONG\n"))
  }

  /// Every scenario in a real terminal of each width: headings, tables and prose all fit.
  @Test(arguments: [80, 120]) func everyLineFitsATerminal(width: Int) throws {
    let session = try TmuxSession(
      [TutorBinary.path, "demo", "limiter", "-p", String(demo.server.port), "--yes"],
      environment: TutorBinary.environment(home: demo.home), width: width, height: 300)
    let (finished, _) = try session.waitForScreen(within: .seconds(120)) {
      $0.contains("Summary") && $0.contains("routes ")
    }
    let screen = try session.screen(joiningWrappedLines: true)
    #expect(finished, "\(screen)")
    #expect(
      screen.contains("2. The fixed window's edge: 10 requests just before a window ends, 10"))
    for line in screen.split(separator: "\n") {
      #expect(line.count <= width, "wider than \(width) columns: \(line)")
    }
  }
}
