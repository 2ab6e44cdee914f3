import Foundation
import Patterns
import RedisClient
import RedisSandbox
import Service
import Testing
import TutorTestSupport

@Suite(.serialized) struct LimiterAndOutageTests {
  @Test func oneIPIsLimitedPerRouteWhileAnotherStillPasses() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.rules = ServiceHarness.rules(itemsPerMinute: 3, notificationsPerMinute: 10_000)
    }
    let first = service.client(from: "127.0.0.1")
    let second = service.client(from: "127.0.0.2")
    for remaining in [2, 1, 0] {
      let reply = try await first.get("/items/1")
      #expect(reply.status == 200)
      #expect(reply.header("RateLimit-Limit") == "3")
      #expect(reply.header("RateLimit-Remaining") == String(remaining))
    }
    let denied = try await first.get("/items/2")
    #expect(denied.status == 429)
    #expect(denied.error?.contains("127.0.0.1") == true)
    #expect(Int(denied.header("Retry-After") ?? "") ?? 0 >= 1)
    #expect(denied.header("RateLimit-Limit") == "3")
    #expect(denied.header("RateLimit-Remaining") == "0")
    #expect(Int(denied.header("RateLimit-Reset") ?? "") ?? 0 >= 1)

    // A client cannot escape its limit by claiming another address.
    let spoofed = try await first.send(
      "GET", "/items/2", headers: [("X-Forwarded-For", "203.0.113.9")])
    #expect(spoofed.status == 429)

    let other = try await second.get("/items/1")
    #expect(other.status == 200)
    #expect(other.header("RateLimit-Remaining") == "2")
    // Other routes and the unlimited ones still answer the limited IP.
    #expect(try await first.get("/notifications/1").status == 404)
    for _ in 0..<5 { #expect(try await first.get("/healthz").status == 200) }
    #expect(try await first.get("/healthz").header("RateLimit-Limit") == nil)

    let keys = try await blocking {
      try ServiceKeys.standard.limiter.existingKeys(using: redis.connect())
    }
    #expect(keys.contains { $0.contains("{/items/:id|127.0.0.1}") })
    #expect(keys.contains { $0.contains("{/items/:id|127.0.0.2}") })
    #expect(keys.allSatisfy { $0.hasPrefix("rt:svc:rl:") })
    let log = service.logLines().filter { $0.contains(#""status":429"#) }
    #expect(log.contains { $0.contains(#""limiter":"denied""#) })
    try await service.stop()
  }

  @Test func redisStoppedAndRestartedUnderTraffic() async throws {
    let directory = try TemporaryDirectory.make(prefix: "service-outage")
    defer { try? FileManager.default.removeItem(at: directory) }
    let executable = try #require(RedisServerFixture.findExecutable("redis-server"))
    func startRedis(port: Int?) throws -> RedisServerProcess {
      try RedisServerProcess(
        executable: executable,
        arguments: ["--dir", directory.path, "--save", "", "--appendonly", "no"],
        logPath: directory.appendingPathComponent("redis.log").path, preferredPort: port,
        attempts: port == nil ? 5 : 1)
    }
    let redis = try startRedis(port: nil)
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.workers = 1
      $0.rules = try! RuleSet.parse(
        """
        {
          "default": { "limit": 100000, "window": 60 },
          "routes": {
            "/notifications/:id": { "limit": 100000, "window": 60, "failureMode": "closed" }
          }
        }
        """, file: "outage rules")
    }
    let client = service.client()
    #expect(try await client.get("/items/3").header("X-Cache") == "miss")
    #expect(try await client.get("/healthz").json?["redis"] as? String == "up")

    redis.process.terminate()
    let bypassing = try await eventuallyAsync {
      try await client.get("/items/3").header("X-Cache") == "bypass"
    }
    #expect(bypassing)
    let read = try await client.get("/items/4")
    #expect(read.status == 200)
    #expect(read.header("X-Cache") == "bypass")
    #expect(read.json?["id"] as? Int == 4)
    let refused = try await client.send(
      "POST", "/notifications", body: #"{"to": "a@example.com", "subject": "s", "body": "b"}"#)
    #expect(refused.status == 503)
    #expect(refused.header("Retry-After") != nil)
    #expect(refused.error?.contains("Redis") == true)
    // The status route's rule fails closed; the others fail open.
    let closed = try await client.get("/notifications/1")
    #expect(closed.status == 429)
    #expect(closed.header("Retry-After") == "1")
    #expect(closed.error?.contains("fails closed") == true)
    let health = try await client.get("/healthz")
    #expect(health.status == 200)
    #expect(health.json?["redis"] as? String == "down")

    let restarted = try startRedis(port: redis.port)
    defer { restarted.process.terminate() }
    let recovered = try await eventuallyAsync {
      let reply = try await client.get("/items/3")
      return reply.status == 200 && reply.header("X-Cache") != "bypass"
    }
    #expect(recovered)
    #expect(try await client.get("/items/3").header("X-Cache") == "hit")
    let accepted = try await client.send(
      "POST", "/notifications", body: #"{"to": "a@example.com", "subject": "s", "body": "b"}"#)
    #expect(accepted.status == 202)
    let id = try #require(accepted.json?["id"] as? String)
    let done = try await eventuallyAsync {
      try await client.get("/notifications/\(id)").json?["status"] as? String == "done"
    }
    #expect(done)
    // Every Redis thread's connection, idle or not through the restart, works again.
    let concurrent = try await withThrowingTaskGroup(of: String?.self) { group in
      for _ in 0..<12 {
        group.addTask { try await client.get("/healthz").json?["redis"] as? String }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(concurrent.allSatisfy { $0 == "up" })
    try await service.stop()
  }

  @Test func metricsNameEveryFamily() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) { $0.workers = 1 }
    let client = service.client()
    _ = try await client.get("/items/1")
    _ = try await client.get("/items/1")
    let posted = try await client.send(
      "POST", "/notifications", body: #"{"to": "a@example.com", "subject": "s", "body": "b"}"#)
    let id = try #require(posted.json?["id"] as? String)
    let done = try await eventuallyAsync {
      try await client.get("/notifications/\(id)").json?["status"] as? String == "done"
    }
    #expect(done)
    let metrics = try await client.get("/metrics")
    #expect(metrics.status == 200)
    #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
    for name in [
      #"http_requests_total{method="GET",route="/items/:id",status="200"} 2"#,
      "http_request_duration_seconds_bucket", #"cache_requests_total{result="hit"} 1"#,
      #"cache_requests_total{result="miss"} 1"#,
      #"ratelimit_decisions_total{route="/items/:id",decision="allowed"} 2"#,
      #"queue_jobs{state="pending"} 0"#, #"queue_jobs{state="dead"} 0"#,
      #"job_duration_seconds_count{outcome="done"} 1"#,
    ] {
      #expect(metrics.body.contains(name), "missing \(name)")
    }
    try await service.stop()
  }
}
