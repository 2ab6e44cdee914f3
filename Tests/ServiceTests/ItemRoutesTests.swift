import Foundation
import Patterns
import RedisClient
import Service
import Testing
import TutorTestSupport

@Suite(.serialized) struct ItemRoutesTests {
  @Test func missThenHitCachesTheItemWithATTLAndLogsTheRequest() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()

    let first = try await client.get("/items/5")
    #expect(first.status == 200)
    #expect(first.header("X-Cache") == "miss")
    #expect(first.json?["id"] as? Int == 5)
    #expect(first.json?["price_cents"] is Int)
    #expect(first.header("RateLimit-Limit") == "10000")
    #expect(first.header("RateLimit-Remaining") != nil)
    #expect(first.header("RateLimit-Reset") != nil)

    let second = try await client.get("/items/5")
    #expect(second.status == 200)
    #expect(second.header("X-Cache") == "hit")
    #expect(second.body == first.body)

    let ttl = try await blocking { try redis.connect().send("PTTL", "rt:svc:item:5").integer }
    let milliseconds = try #require(ttl)
    #expect(milliseconds > 0 && milliseconds <= 66_000)

    let logged = service.logLines().compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
    let request = try #require(logged.first { $0["path"] as? String == "/items/5" })
    #expect(request["type"] as? String == "request")
    #expect(request["method"] as? String == "GET")
    #expect(request["route"] as? String == "/items/:id")
    #expect(request["status"] as? Int == 200)
    #expect(request["ip"] as? String == "127.0.0.1")
    #expect(request["cache"] as? String == "miss")
    #expect(request["limiter"] as? String == "allowed")
    #expect(request["duration_ms"] is Double)
    let mode =
      try FileManager.default.attributesOfItem(atPath: service.app.configuration.logPath)[
        .posixPermissions] as? Int
    #expect(mode == 0o600)
    try await service.stop()
  }

  @Test func putUpdatesTheStoreAndInvalidatesTheCache() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    _ = try await client.get("/items/9")
    #expect(try await blocking { try redis.connect().send("EXISTS", "rt:svc:item:9").integer } == 1)

    let put = try await client.send(
      "PUT", "/items/9", body: #"{"name": "green kettle", "price_cents": 1499}"#)
    #expect(put.status == 200)
    #expect(put.json?["name"] as? String == "green kettle")
    #expect(put.json?["price_cents"] as? Int == 1499)
    #expect(put.json?["version"] as? Int == 2)
    #expect(try await blocking { try redis.connect().send("EXISTS", "rt:svc:item:9").integer } == 0)

    let after = try await client.get("/items/9")
    #expect(after.header("X-Cache") == "miss")
    #expect(after.json?["name"] as? String == "green kettle")
    #expect(try await client.get("/items/9").header("X-Cache") == "hit")
    try await service.stop()
  }

  @Test func badRequestsGetOneLineJSONErrors() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()

    let cases: [(method: String, path: String, body: String?, status: Int)] = [
      ("GET", "/items/abc", nil, 400),
      ("GET", "/items/0", nil, 400),
      ("GET", "/items/99999", nil, 404),
      ("PUT", "/items/3", "{not json", 400),
      ("PUT", "/items/3", #"{"name": "x"}"#, 422),
      ("PUT", "/items/3", #"{"name": "x", "price_cents": "cheap"}"#, 422),
      ("PUT", "/items/3", #"{"name": "", "price_cents": 5}"#, 422),
      ("PUT", "/items/3", #"{"name": "x", "price_cents": -1}"#, 422),
      ("PUT", "/items/99999", #"{"name": "x", "price_cents": 5}"#, 404),
      ("DELETE", "/items/3", nil, 405),
      ("POST", "/healthz", nil, 405),
      ("GET", "/nope", nil, 404),
      ("GET", "/items", nil, 404),
    ]
    for item in cases {
      let reply = try await client.send(item.method, item.path, body: item.body)
      #expect(reply.status == item.status, "\(item.method) \(item.path)")
      #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
      let message = try #require(reply.error, "\(item.method) \(item.path): \(reply.body)")
      #expect(!message.isEmpty && !message.contains("\n"))
    }
    #expect(try await client.send("DELETE", "/items/3").header("Allow") == "GET, PUT")
    let unchanged = try #require(try service.app.store!.peek(id: 3))
    #expect(unchanged.version == 1)
    try await service.stop()
  }

  @Test func sixteenConcurrentColdReadsLoadTheStoreOnce() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.readLatency = 0.2
    }
    let client = service.client()
    let before = try service.app.store!.totalLoads()
    let replies = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
      for _ in 0..<16 { group.addTask { try await client.get("/items/77") } }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(replies.count == 16)
    #expect(replies.allSatisfy { $0.status == 200 && $0.json?["id"] as? Int == 77 })
    #expect(try service.app.store!.totalLoads() - before == 1)
    try await service.stop()
  }
}
