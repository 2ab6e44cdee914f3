import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// The project's own Day 6 service passes its stage: `redis-tutor test day6-integration`
/// runs `redis-tutor serve --stage-env` against the tester's item store and email provider,
/// and every expectation passes with no key and no process left behind.
@Suite("End to end: redis-tutor serve under the day6-integration stage", .serialized)
struct ServeStageTests {
  let redis: RedisServerFixture
  let home: URL

  init() throws {
    redis = try RedisServerFixture()
    home = try TemporaryDirectory.make(prefix: "serve-stage")
  }

  @Test func serveWithStageEnvironmentPassesDay6Integration() throws {
    defer { try? FileManager.default.removeItem(at: home) }
    let result = try TutorBinary.run(
      [
        "test", "day6-integration", "--redis-url", "redis://127.0.0.1:\(redis.port)/0", "--yes",
        "--", TutorBinary.path, "serve", "--stage-env",
      ], home: home, deadline: 600)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    for name in [
      "miss-fills", "hit-skips-store", "write-invalidates", "notification-sent",
      "job-timing-lines",
    ] {
      #expect(result.output.contains("✓ \(name): "), "\(result.output)")
    }
    #expect(
      result.output.contains("All 5 expectations passed: stage day6-integration done."),
      "\(result.output)")
    // The tester deletes the keys under its KEY_PREFIX only: a key anywhere else would be
    // one the service wrote outside it.
    let keys = try redis.connect().send("KEYS", "*").array?.compactMap(\.string)
    #expect(keys == [], "keys left: \(keys ?? [])")
    #expect(StageTesterTests.processes(holding: "--stage-env") == [])
  }

  @Test func stageEnvironmentWithoutItsVariablesSaysWhatIsMissing() throws {
    defer { try? FileManager.default.removeItem(at: home) }
    let result = try TutorBinary.run(["serve", "--stage-env"], home: home, deadline: 600)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "redis-tutor serve: --stage-env needs PORT in the environment; run it from "
          + "`redis-tutor test STAGE -- …`"), "\(result.stderr)")
  }
}
