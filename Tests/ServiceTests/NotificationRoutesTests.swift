import Foundation
import Patterns
import RedisClient
import Service
import Testing
import TutorTestSupport

@Suite(.serialized) struct NotificationRoutesTests {
  private static func body(_ index: Int, key: String? = nil) -> String {
    var fields = [
      "\"to\": \"user\(index)@example.com\"", "\"subject\": \"Hello \(index)\"",
      "\"body\": \"Message \(index)\"",
    ]
    if let key { fields.append("\"idempotency_key\": \"\(key)\"") }
    return "{" + fields.joined(separator: ", ") + "}"
  }

  /// Polls every job until it is done or dead; returns the final statuses by id.
  private static func settle(_ ids: [String], client: LoopbackHTTPClient) async throws
    -> [String: String]
  {
    var statuses: [String: String] = [:]
    let settled = try await eventuallyAsync(within: .seconds(60)) {
      for id in ids where !["done", "dead"].contains(statuses[id] ?? "") {
        let reply = try await client.get("/notifications/\(id)")
        statuses[id] = reply.json?["status"] as? String
      }
      return ids.allSatisfy { ["done", "dead"].contains(statuses[$0] ?? "") }
    }
    #expect(settled, "not settled: \(statuses.filter { !["done", "dead"].contains($0.value) })")
    return statuses
  }

  @Test func fiftyJobsAllReachDone() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) { $0.workers = 2 }
    let client = service.client()
    var ids: [String] = []
    for index in 0..<50 {
      let reply = try await client.send("POST", "/notifications", body: Self.body(index))
      #expect(reply.status == 202)
      #expect(reply.json?["status"] as? String == "queued")
      let id = try #require(reply.json?["id"] as? String)
      #expect(reply.header("Location") == "/notifications/\(id)")
      ids.append(id)
    }
    let statuses = try await Self.settle(ids, client: client)
    #expect(statuses.values.allSatisfy { $0 == "done" })

    let job = try await client.get("/notifications/\(ids[0])")
    #expect(job.json?["attempts"] as? Int == 1)
    #expect(job.json?["to"] as? String == "user0@example.com")
    for field in ["enqueued_at", "started_at", "finished_at", "queued_ms", "run_ms", "total_ms"] {
      #expect(job.json?[field] != nil, "missing \(field)")
    }
    let outbox = try Outbox(directory: URL(fileURLWithPath: service.app.configuration.outboxPath))
    #expect(try outbox.messages().count == 50)
    let jobLines = service.logLines().filter { $0.contains(#""type":"job""#) }
    #expect(jobLines.contains { $0.contains(#""outcome":"done""#) && $0.contains("queued_ms") })
    try await service.stop()
  }

  @Test func failuresGoDeadAndNoJobIsLostAcrossAWorkerRestart() async throws {
    let redis = try RedisServerFixture()
    let queue = NotificationQueue.configuration(
      lease: 5, backoff: BackoffPolicy(base: 0.01, cap: 0.05, maxAttempts: 2))
    let service = try await ServiceHarness.start(redisPort: redis.port) { $0.queue = queue }
    let client = service.client()
    var ids: [String] = []
    for index in 0..<50 {
      let reply = try await client.send("POST", "/notifications", body: Self.body(index))
      ids.append(try #require(reply.json?["id"] as? String))
    }
    let faults = EmailSender.Faults(failureFraction: 0.5, random: SeededRandom(seed: 11))
    func makePool() throws -> WorkerPool {
      try NotificationWorkers.makePool(
        redis: redis.options, queue: queue, count: 3,
        outboxPath: service.app.configuration.outboxPath, faults: faults, log: service.app.log)
    }
    let options = redis.options
    @Sendable func stats() throws -> QueueStats {
      try ReliableQueue(options: options, configuration: queue).stats()
    }
    let firstPool = try makePool()
    firstPool.start()
    let someFinished = try await eventuallyAsync {
      let now = try await blocking { try stats() }
      return now.done + now.dead >= 10
    }
    #expect(someFinished)
    _ = try await blocking { firstPool.shutdown(deadline: 5) }

    let secondPool = try makePool()
    secondPool.start()
    let settled = try await eventuallyAsync(within: .seconds(60)) {
      try await blocking { try stats() }.isSettled
    }
    _ = try await blocking { secondPool.shutdown(deadline: 5) }
    let final = try await blocking { try stats() }
    #expect(settled, "\(final)")
    #expect(final.enqueued == 50)
    #expect(final.done + final.dead == 50)
    #expect(final.unaccounted == 0)
    #expect(final.dead > 0)
    let statuses = try await Self.settle(ids, client: client)
    #expect(statuses.values.filter { $0 == "dead" }.count == final.dead)
    let dead = try #require(statuses.first { $0.value == "dead" }?.key)
    let record = try await client.get("/notifications/\(dead)")
    #expect(record.json?["attempts"] as? Int == 2)
    #expect((record.json?["last_error"] as? String)?.contains("injected failure") == true)
    try await service.stop()
  }

  /// The queue's job counter and pending list, as Redis holds them.
  private static func enqueuedAndPending(_ redis: RedisServerFixture) async throws -> (
    Int64?, Int64?
  ) {
    try await blocking {
      let connection = try redis.connect()
      return (
        try connection.send("GET", ServiceKeys.standard.queue.sequence).string.flatMap {
          Int64($0)
        },
        try connection.send("LLEN", ServiceKeys.standard.queue.pending).integer
      )
    }
  }

  @Test func aRepeatedIdempotencyKeyReturnsTheFirstJobAsADuplicate() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let first = try await client.send("POST", "/notifications", body: Self.body(1, key: "order-7"))
    #expect(first.status == 202)
    #expect(first.json?["duplicate"] == nil)
    let id = try #require(first.json?["id"] as? String)

    // Another body with the same key is still the same email: the key names it.
    let again = try await client.send("POST", "/notifications", body: Self.body(2, key: "order-7"))
    #expect(again.status == 200)
    #expect(again.json?["duplicate"] as? Bool == true)
    #expect(again.json?["id"] as? String == id)
    #expect(again.json?["status"] as? String == "queued")
    #expect(again.header("Location") == "/notifications/\(id)")

    let other = try await client.send("POST", "/notifications", body: Self.body(3, key: "order-8"))
    #expect(other.status == 202)
    #expect(other.json?["id"] as? String != id)
    let (enqueued, pending) = try await Self.enqueuedAndPending(redis)
    #expect(enqueued == 2)
    #expect(pending == 2)
    let status = try await client.get("/notifications/\(id)")
    #expect(status.json?["to"] as? String == "user1@example.com")
    #expect(service.logLines().contains { $0.contains(#""duplicate_of":"\#(id)""#) })
    try await service.stop()
  }

  @Test func concurrentPostsWithOneKeyGetOneIdAndEnqueueOneJob() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let replies = try await withThrowingTaskGroup(of: HTTPReply.self) { group in
      for index in 0..<12 {
        group.addTask {
          try await client.send("POST", "/notifications", body: Self.body(index, key: "race-1"))
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    let ids = Set(replies.compactMap { $0.json?["id"] as? String })
    #expect(ids.count == 1, "ids: \(ids)")
    #expect(replies.filter { $0.status == 202 }.count == 1)
    let duplicates = replies.filter { $0.status == 200 && $0.json?["duplicate"] as? Bool == true }
    #expect(duplicates.count == 11)
    let (enqueued, pending) = try await Self.enqueuedAndPending(redis)
    #expect(enqueued == 1)
    #expect(pending == 1)
    try await service.stop()
  }

  @Test func badNotificationsAreRefusedAndNothingIsEnqueued() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let huge =
      #"{"to": "a@example.com", "subject": "s", "body": ""#
      + String(repeating: "x", count: 20_000) + #""}"#
    let cases: [(body: String, status: Int)] = [
      ("{\"to\": ", 400),
      ("[1, 2]", 400),
      ("", 400),
      (#"{"subject": "s", "body": "b"}"#, 422),
      (#"{"to": "ada@example.com", "body": "b"}"#, 422),
      (#"{"to": "not-an-address", "subject": "s", "body": "b"}"#, 422),
      (#"{"to": 7, "subject": "s", "body": "b"}"#, 422),
      (#"{"to": "ada@example.com", "subject": "s", "body": "b", "idempotency_key": "a b"}"#, 422),
      (huge, 413),
    ]
    for item in cases {
      let reply = try await client.send("POST", "/notifications", body: item.body)
      #expect(reply.status == item.status, "\(item.body.prefix(60))")
      let message = try #require(reply.error, "\(item.body.prefix(60)): \(reply.body)")
      #expect(!message.contains("\n"))
    }
    #expect(try await client.get("/notifications/12345").status == 404)
    #expect(try await client.get("/notifications/abc").status == 404)
    #expect(try await client.get("/notifications/abc").error != nil)
    let enqueued = try await blocking {
      try redis.connect().send("EXISTS", ServiceKeys.standard.queue.sequence).integer
    }
    #expect(enqueued == 0)
    try await service.stop()
  }
}
