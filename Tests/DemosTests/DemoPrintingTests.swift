import Foundation
import Patterns
import RedisClient
import TerminalUI
import Testing
import TutorTestSupport

@testable import Demos

/// What the demos print, read as the learner reads it.
@Suite("What the demos print")
struct DemoPrintingTests {
  @Test func theCacheWriteScenarioMeasuresBothStrategiesOverTheSameWrites() throws {
    let transcript = try DemoTranscript()
    var settings = CacheDemoSettings()
    settings.scenarios = [.write]
    settings.items = 500
    settings.storeLatencyMilliseconds = 30
    let report = try CacheDemo(settings: settings, environment: transcript.environment()).run()
    let screen = transcript.screen.joined(separator: "\n")

    // The heading's count of writes is the count the crash column is out of.
    let heading = try #require(
      screen.firstMatch(of: /Write-through vs write-back: (\d+) writes each/))
    let writes = String(heading.1)
    let throughRow = try #require(screen.firstMatch(of: /write-through .* (\d+) of (\d+)\n/))
    let backRow = try #require(screen.firstMatch(of: /write-back .* (\d+) of (\d+)\n/))
    #expect(String(throughRow.2) == writes, "\(screen)")
    #expect(String(backRow.2) == writes, "\(screen)")
    #expect(throughRow.1 == "0", "write-through left nothing only in the cache")
    #expect(backRow.1 == backRow.2, "write-back without a flush lost every write")

    // Write-through waits for the store's write; write-back does not.
    let metrics = try #require(report.scenarios.first?.metrics)
    func writeP50(_ strategy: String) throws -> Double {
      guard let p50 = metrics[strategy]?["write"]?["p50"]?.number
      else { throw FixtureError("no write p50 for \(strategy) in \(metrics)") }
      return p50
    }
    #expect(try writeP50("write_through") >= 0.030)
    #expect(try writeP50("write_back") < writeP50("write_through"))
    #expect(screen.contains("Write-through pays the store's write (30.0 ms here)"), "\(screen)")
  }

  @Test func theProgressLineIsErasedBeforeResultsArePrinted() throws {
    let transcript = try DemoTranscript()
    var settings = CacheDemoSettings()
    settings.scenarios = [.workload]
    settings.requests = 300
    settings.clients = 2
    settings.items = 200
    settings.storeLatencyMilliseconds = 1
    _ = try CacheDemo(settings: settings, environment: transcript.environment()).run()
    #expect(transcript.raw.contains("workload with cache: "), "the progress line was shown")
    let leftovers = transcript.screen.filter { $0.contains("workload with") }
    #expect(leftovers.isEmpty, "\(transcript.screen.joined(separator: "\n"))")
    #expect(transcript.screen.contains { $0.hasPrefix("Hit ratio over the run (") })
  }

  @Test func aPercentileAtTheRecordersFloorIsNotShownAsAMeasurement() throws {
    let transcript = try DemoTranscript()
    let output = DemoOutput(environment: transcript.environment(), json: false)
    let instant = LatencyRecorder()
    for _ in 0..<10 { instant.record(seconds: 0) }
    instant.record(seconds: 0.000_000_4)
    #expect(output.latency(instant.p50) == "< 1 µs")
    let slower = LatencyRecorder()
    slower.record(seconds: 0.000_001_2)
    #expect(output.latency(slower.p50) == "2.00 µs", "rounded up, never below the duration")
    #expect(output.latency(0.0125) == "12.5 ms")
  }

  @Test func countsAgreeWithTheirNouns() throws {
    let stats = QueueStats(pending: 0, active: 1, retry: 0, dead: 0, done: 3, enqueued: 4)
    let one = QueueDiagram.render(stats, workers: 1, unicode: true).joined(separator: "\n")
    #expect(one.contains("active 1 · 1 worker "), "\(one)")
    let two = QueueDiagram.render(stats, workers: 2, unicode: false).joined(separator: "\n")
    #expect(two.contains("active 1 · 2 workers"), "\(two)")
  }

  @Test func aCountTakesTheSingularOnlyForOne() {
    #expect(NumberText.count(0, "email") == "0 emails")
    #expect(NumberText.count(1, "email") == "1 email")
    #expect(NumberText.count(1, "early refresh", plural: "early refreshes") == "1 early refresh")
    #expect(NumberText.count(2, "early refresh", plural: "early refreshes") == "2 early refreshes")
  }

  @Test func steadyTrafficIsExactlyTheLimitInEveryWindowForAnyLimit() throws {
    let transcript = try DemoTranscript()
    for limit in [1, 3, 7, 10, 25, 99] {
      var settings = LimiterDemoSettings()
      settings.limit = limit
      let demo = LimiterDemo(settings: settings, environment: transcript.environment())
      let steady = Array(demo.syntheticTraffic().prefix(20))
      for window in 0..<2 {
        let sent = steady[(window * 10)..<(window * 10 + 10)].map(\.requests).reduce(0, +)
        #expect(sent == limit, "limit \(limit), window \(window + 1): \(sent) sent")
      }
      // The exact limiters let every request of steady traffic at the limit through.
      let connection = try transcript.server.connect()
      for algorithm in [RateLimitAlgorithm.fixedWindow, .slidingWindowLog, .tokenBucket, .gcra] {
        let clock = ManualDemoClock(start: 0)
        let limiter = try demo.limiter(algorithm, connection, clock: clock)
        var denied = 0
        for tick in steady {
          clock.set(tick.time)
          for _ in 0..<tick.requests where try !limiter.decide(key: "steady-\(limit)").allowed {
            denied += 1
          }
        }
        #expect(denied == 0, "\(algorithm) denied \(denied) of steady traffic at limit \(limit)")
        _ = try connection.send("FLUSHALL")
      }
    }
  }
}

extension DemoPrintingTests {
  @Test(arguments: [3, 6, 7, 10])
  func tokenBucketAndGCRANeverTellAClientToRetryInAMicrosecond(limit: Int) throws {
    let transcript = try DemoTranscript()
    var settings = LimiterDemoSettings()
    settings.limit = limit
    settings.scenarios = [.compare]
    _ = try LimiterDemo(settings: settings, environment: transcript.environment()).run()
    let rows = transcript.screen.filter { $0.contains("denied") }
    #expect(!rows.isEmpty)
    for row in rows {
      #expect(!row.contains("µs"), "limit \(limit): \(row)")
    }
  }
}
