import Demos
import Foundation
import JSON
import RedisClient
import Testing
import TutorTestSupport

@Suite("The queue demo on a Redis Stream")
struct StreamQueueDemoTests {
  /// The pipeline on a stream: 250 jobs (two of them poison), three workers, a third of
  /// sends failing, two attempts each.
  static func settings() -> QueueDemoSettings {
    var settings = QueueDemoSettings()
    settings.backend = .streams
    settings.scenarios = [.pipeline]
    settings.jobs = 250
    settings.workers = 3
    settings.failureRate = 0.3
    settings.maxAttempts = 2
    return settings
  }

  @Test func everyJobEndsDoneOrDeadAndRedisHoldsTheAccounting() throws {
    let transcript = try DemoTranscript()
    let outbox = transcript.directory.appendingPathComponent("outbox")
    let report = try QueueDemo(
      settings: Self.settings(), environment: transcript.environment(width: 100),
      outboxPath: outbox.path
    ).run()
    let metrics = try #require(report.scenarios.first?.metrics)
    func number(_ name: String) throws -> Int { try #require(metrics[name]?.integer, "\(name)") }

    // The accounting: every job done or dead, none lost, nothing pending.
    let done = try number("done")
    let dead = try number("dead")
    #expect(try number("jobs") == 250)
    #expect(try number("unaccounted") == 0)
    #expect(try number("pending") == 0)
    let doneAndDead = try number("done_and_dead")
    #expect(done + dead - doneAndDead == 250)
    #expect(try number("poison") == 2)
    #expect(try number("dead_poison") == 2, "each poison job bounced every time")
    #expect(try number("crashed_holding") == 3)
    #expect(try number("recovered") == 3, "the dead worker's jobs were claimed")
    let failedAttempts = try number("failed_attempts")
    #expect(failedAttempts >= 2 * 2, "each poison job failed both attempts")
    #expect(try number("claimed") >= failedAttempts, "every failed attempt was claimed again")

    // What Redis holds.
    let connection = try Connection(transcript.server.options)
    let base = "rt:demo:queue:{streams}:"
    #expect(try connection.send("XLEN", base + "jobs").integer == 250)
    let pending = try connection.send("XPENDING", base + "jobs", "workers").array
    #expect(pending?.first?.integer == 0)
    #expect(try connection.send("XLEN", base + "dead").integer ?? 0 >= Int64(dead))
    #expect(try connection.send("HLEN", base + "done").integer == Int64(done))
    let letters = try #require(try connection.send("XRANGE", base + "dead", "-", "+").array)
    var deadKeys: [String] = []
    for letter in letters {
      let fields = try #require(letter.array?.last?.array).compactMap(\.string)
      let values = Dictionary(
        stride(from: 0, to: fields.count - 1, by: 2).map { (fields[$0], fields[$0 + 1]) },
        uniquingKeysWith: { first, _ in first })
      deadKeys.append(try #require(values["key"]))
      #expect(Int(values["deliveries"] ?? "") ?? 0 > 2, "dead-lettered after two attempts")
    }
    #expect(Set(deadKeys).count == dead)
    #expect(deadKeys.contains("order-100-shipped"))
    #expect(deadKeys.contains("order-200-shipped"))
    let sent = try FileManager.default.contentsOfDirectory(
      atPath: outbox.appendingPathComponent("new").path)
    #expect(sent.count == done, "one email per job done")
    #expect(!sent.contains("order-100-shipped.eml"))

    // What the learner sees: the table's row holds the same numbers.
    let screen = transcript.screen.joined(separator: "\n")
    let twice = try number("done_twice")
    let row = try Regex("\\n\\s*250\\s+\(done)\\s+\(dead)\\s+0\\s+\(twice)\\s+0\\n")
    #expect(screen.contains(row), "\(screen)")
    #expect(screen.contains("\(done) done + \(dead) dead"))
  }

  @Test func streamsRunsThePipelineOnly() {
    var settings = Self.settings()
    settings.scenarios = [.pipeline, .crash]
    #expect(
      settings.problem()?.hasPrefix("--backend streams runs the pipeline scenario only") == true)
    settings.scenarios = [.pipeline]
    #expect(settings.problem() == nil)
  }
}
