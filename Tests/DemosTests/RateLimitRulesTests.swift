import Demos
import Foundation
import Patterns
import RedisClient
import Testing
import TutorTestSupport

/// The rules file: what loads, and the exact `file:line: message` for what does not.
@Suite("Rate limit rules files")
struct RateLimitRulesTests {
  let directory: URL
  init() throws { directory = try TemporaryDirectory.make(prefix: "limiter-rules") }

  /// Writes `text` to rules.json and loads it, returning the error's description or nil.
  private func loadProblem(_ text: String) -> String? {
    let path = directory.appendingPathComponent("rules.json").path
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      _ = try RuleSet.load(path: path)
      return nil
    } catch {
      return "\(error)".replacingOccurrences(of: directory.path + "/", with: "")
    }
  }

  @Test func theExampleFileLoads() throws {
    let path = directory.appendingPathComponent("rules.json").path
    try RuleSet.exampleJSON.write(toFile: path, atomically: true, encoding: .utf8)
    let rules = try RuleSet.load(path: path)
    #expect(
      rules.defaultRule
        == RouteRule(route: nil, rule: .perMinute(1000), algorithm: .slidingWindowCounter))
    #expect(rules.routes.map(\.route) == ["/login", "/items"])
    let login = rules.rule(for: "/login")
    #expect(login.rule == .perMinute(5))
    #expect(login.failureMode == .closed)
    #expect(login.scope == .ip)
    #expect(login.nearLimitThreshold == 0.8)
    let items = rules.rule(for: "/items")
    #expect(items.rule == .perSecond(100, burst: 100))
    #expect(items.algorithm == .tokenBucket)
    #expect(items.failureMode == .open)
    #expect(rules.rule(for: "/items/7").route == nil)
  }

  @Test func topLevelSettingsAreInheritedAndOverridden() throws {
    let rules = try RuleSet.parse(
      """
      {
        "algorithm": "gcra", "shadow": true, "nearLimitThreshold": 0.5, "failureMode": "closed",
        "default": { "limit": 10, "window": 1, "burst": 20 },
        "routes": {
          "/search": { "limit": 3, "window": 2, "algorithm": "fixed-window", "shadow": false,
                       "nearLimitThreshold": 1, "failureMode": "open", "per": "route" }
        }
      }
      """, file: "inline.json")
    #expect(
      rules.defaultRule
        == RouteRule(
          route: nil, rule: .perSecond(10, burst: 20), algorithm: .gcra, shadow: true,
          nearLimitThreshold: 0.5, failureMode: .closed))
    #expect(
      rules.routes
        == [
          RouteRule(
            route: "/search", rule: RateLimitRule(limit: 3, period: 2), algorithm: .fixedWindow,
            scope: .route, shadow: false, nearLimitThreshold: 1, failureMode: .open)
        ])
  }

  @Test(arguments: [
    (
      // A missing comma: noticed where the next field starts.
      """
      {
        "default": { "limit": 10, "window": 60 }
        "routes": {}
      }
      """,
      "rules.json:3: expected ',' or '}' after the field \"default\", found '\"'"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60 },
        "routes": {
          "/login": { "limit": 0, "window": 60 }
        }
      }
      """,
      "rules.json:4: \"limit\" must be at least 1 (got 0)"
    ),
    (
      """
      {
        "default": {
          "limit": 10,
          "window": -5
        }
      }
      """,
      "rules.json:4: \"window\" must be a positive number of seconds (got -5)"
    ),
    (
      """
      {
        "algorithm": "sliding-window-counter",
        "default": { "limit": 10, "window": 60 },
        "routes": {
          "/items": {
            "limit": 100,
            "window": 1,
            "algorithm": "leaky-bucket"
          }
        }
      }
      """,
      "rules.json:8: unknown algorithm \"leaky-bucket\" (expected fixed-window, "
        + "sliding-window-log, sliding-window-counter, token-bucket or gcra)"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60 },
        "routes": {
          "/login": {
            "limt": 5,
            "window": 60
          }
        }
      }
      """,
      "rules.json:5: unknown field \"limt\" (expected limit, window, burst, algorithm, per, "
        + "shadow, nearLimitThreshold or failureMode)"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60 },
        "failureMode": "ajar"
      }
      """,
      "rules.json:3: \"failureMode\" must be \"open\" or \"closed\" (got \"ajar\")"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60, "burst": 20 }
      }
      """,
      "rules.json:2: \"burst\" applies only to token-bucket and gcra, not sliding-window-counter"
    ),
    (
      """
      {
        "routes": { "/login": { "limit": 5, "window": 60 } }
      }
      """,
      "rules.json:1: missing \"default\": the rule for routes not listed under \"routes\""
    ),
    (
      """
      {
        "default": { "limit": 10 }
      }
      """,
      "rules.json:2: the default rule needs a \"window\" (seconds)"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60 },
        "routes": { "/login": { "limit": 2.5, "window": 60 } }
      }
      """,
      "rules.json:3: \"limit\" must be a whole number (got 2.5)"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60, },
      }
      """,
      "rules.json:2: expected a field name in double quotes, found '}'"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60 },
        "routes": { "/login": { "limit": 5, "window": 60, "shadow": "yes" } }
      }
      """,
      "rules.json:3: \"shadow\" must be true or false, found a string"
    ),
    (
      """
      {
        "default": { "limit": 10, "window": 60 }

      """,
      "rules.json:3: expected ',' or '}' after the field \"default\", found end of file"
    ),
    ("", "rules.json:1: the file is empty; expected a JSON object"),
    (
      """
      {
        "default": { "limit": 1000001, "window": 60 }
      }
      """,
      "rules.json:2: \"limit\" must be at most 1000000 (got 1000001)"
    ),
    (
      """
      {
        "default": { "limit": 1000, "window": 86400 }
      }
      """,
      "rules.json:2: \"window\" must be between 0.001 and 3600 seconds (got 86400)"
    ),
    (
      """
      {
        "algorithm": "token-bucket",
        "default": { "limit": 10, "window": 1, "burst": 1e17 }
      }
      """,
      "rules.json:3: \"burst\" must be at most 1000000 (got 1e+17)"
    ),
  ])
  func badFilesSayWhereAndWhat(text: String, expected: String) {
    #expect(loadProblem(text) == expected)
  }

  @Test func aMissingFileSaysSo() {
    let path = directory.appendingPathComponent("absent.json").path
    #expect(throws: RuleSetError(file: path, line: nil, message: "no such file")) {
      try RuleSet.load(path: path)
    }
  }

  @Test func everyFileFoundationRejectsIsRejected() {
    // The hand-written reader must be at least as strict as Foundation's.
    let samples = [
      "{\"a\": 01}", "{\"a\": .5}", "{\"a\": 1.}", "{\"a\": tru}", "{'a': 1}", "{\"a\": 1} x",
      "{\"a\": \"\\x\"}", "{\"a\": \"\\ud800\"}", "{\"a\" 1}",
      // Four hex digits means four: a sign is not one, though Swift's UInt32(_:radix:) takes it.
      "{\"a\": \"\\u+abc\"}",
    ]
    for sample in samples {
      // Refused as JSON, not merely for its unknown field "a".
      do {
        _ = try RuleSet.parse(sample, file: "f")
        Issue.record("accepted \(sample)")
      } catch {
        #expect(!error.message.hasPrefix("unknown field"), "\(sample): \(error.message)")
      }
      #expect(
        (try? JSONSerialization.jsonObject(with: Data(sample.utf8))) == nil,
        "Foundation accepts \(sample)")
    }
    // Foundation lets trailing commas through; a rules file is plain JSON, so this does not.
    #expect(throws: RuleSetError(file: "f", line: 1, message: "expected a value, found ']'")) {
      try RuleSet.parse("[1, 2,]", file: "f")
    }
  }
}
