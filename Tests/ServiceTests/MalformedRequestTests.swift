import Foundation
import RedisClient
import Service
import Testing
import TutorTestSupport

/// Every way a request can be wrong gets the documented one-line JSON error and its status.
@Suite(.serialized) struct MalformedRequestTests {
  /// Checks the documented error shape: JSON Content-Type, one line `{"error": "…"}`.
  private static func expectErrorBody(
    _ reply: HTTPReply, status: Int, mentioning words: [String], _ label: String
  ) {
    #expect(reply.status == status, "\(label): \(reply.status) \(reply.body)")
    #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true, "\(label)")
    #expect(reply.json?.count == 1, "\(label): \(reply.body)")
    guard let message = reply.error else {
      Issue.record("\(label): no JSON error body: '\(reply.body)'")
      return
    }
    #expect(!message.contains("\n"), "\(label)")
    for word in words {
      #expect(message.contains(word), "\(label): '\(message)' lacks '\(word)'")
    }
  }

  @Test func wrongFieldTypesInAnItemUpdateAreNamed() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let cases: [(body: String, status: Int, words: [String])] = [
      (
        #"{"name": "x", "price_cents": 1.5}"#, 422,
        ["'price_cents'", "whole number of cents", "1.5"]
      ),
      (
        #"{"name": "x", "price_cents": "799"}"#, 422, ["'price_cents'", "whole number", "a string"]
      ),
      (#"{"name": "x", "price_cents": true}"#, 422, ["'price_cents'", "whole number"]),
      (#"{"name": "x", "price_cents": null}"#, 422, ["'price_cents'", "null"]),
      (#"{"name": "x", "price_cents": [799]}"#, 422, ["'price_cents'", "a list"]),
      (#"{"name": "x", "price_cents": 1e30}"#, 422, ["'price_cents' is out of range"]),
      (#"{"name": 5, "price_cents": 799}"#, 422, ["'name'", "must be a string"]),
      (#"{"name": {"en": "x"}, "price_cents": 799}"#, 422, ["'name'", "an object"]),
      (#"{"name": "x", "price": 799}"#, 422, ["Unknown field 'price'", "'price_cents'"]),
      (#"{"price_cents": 799}"#, 422, ["Missing field 'name'"]),
      (#"[{"name": "x", "price_cents": 799}]"#, 400, ["a list, not a JSON object"]),
      (#""x""#, 400, ["not a JSON object"]),
      ("{\"name\": \"x\", \"price_cents\": 799", 400, ["not valid JSON"]),
      ("", 400, ["empty"]),
    ]
    for item in cases {
      let reply = try await client.send("PUT", "/items/3", body: item.body)
      Self.expectErrorBody(reply, status: item.status, mentioning: item.words, item.body)
    }
    #expect(try service.app.store!.peek(id: 3)?.version == 1)
    let hugeID = try await client.get("/items/99999999999999999999")
    Self.expectErrorBody(hugeID, status: 400, mentioning: ["too large"], "a huge item id")

    let whole = try await client.send(
      "PUT", "/items/4", body: #"{"name": "x", "price_cents": 1500.0}"#)
    #expect(whole.status == 200)
    #expect(whole.json?["price_cents"] as? Int == 1500)
    try await service.stop()
  }

  @Test func wrongFieldTypesInANotificationAreNamed() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let valid = #""to": "ada@example.com", "subject": "s", "body": "b""#
    let cases: [(body: String, words: [String])] = [
      (#"{"to": "ada@example.com", "subject": ["s"], "body": "b"}"#, ["'subject'", "a list"]),
      (#"{"to": "ada@example.com", "subject": "s", "body": null}"#, ["'body'", "null"]),
      ("{\(valid), \"idempotency_key\": 42}", ["'idempotency_key'", "must be a string", "42"]),
      ("{\(valid), \"cc\": \"bob@example.com\"}", ["Unknown field 'cc'", "'idempotency_key'"]),
    ]
    for item in cases {
      let reply = try await client.send("POST", "/notifications", body: item.body)
      Self.expectErrorBody(reply, status: 422, mentioning: item.words, item.body)
    }
    let enqueued = try await blocking {
      try redis.connect().send("EXISTS", ServiceKeys.standard.queue.sequence).integer
    }
    #expect(enqueued == 0)
    try await service.stop()
  }

  @Test func aBodyThatSaysItIsNotJSONIsRefusedWith415() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let item = #"{"name": "x", "price_cents": 799}"#
    for type in ["text/plain", "multipart/form-data; boundary=x", "application/xml"] {
      let put = try await client.send(
        "PUT", "/items/3", body: item, headers: [("Content-Type", type)])
      Self.expectErrorBody(put, status: 415, mentioning: ["application/json"], "PUT \(type)")
      let post = try await client.send(
        "POST", "/notifications",
        body: #"{"to": "ada@example.com", "subject": "s", "body": "b"}"#,
        headers: [("Content-Type", type)])
      Self.expectErrorBody(post, status: 415, mentioning: ["application/json"], "POST \(type)")
    }
    #expect(try service.app.store!.peek(id: 3)?.version == 1)
    // What `curl -d` sends without -H: the body decides.
    let curlDefault = try await client.send(
      "PUT", "/items/3", body: item,
      headers: [("Content-Type", "application/x-www-form-urlencoded")])
    #expect(curlDefault.status == 200)
    try await service.stop()
  }

  @Test func requestsThatAreNotValidHTTPGetJSONErrors() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    let huge = String(repeating: "a", count: 100 * 1024)
    let cases: [(request: String, status: Int, words: [String])] = [
      ("GET /items/1 HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400, ["header line"]),
      ("BREW /items/1 HTTP/9.9\r\nHost: x\r\n\r\n", 400, ["not valid HTTP/1.1"]),
      (
        "PUT /items/3 HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n{}", 400,
        ["Content-Length"]
      ),
      ("GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Big: \(huge)\r\n\r\n", 431, ["80 KB"]),
      (
        "PUT /items/3 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400, ["chunk size"]
      ),
    ]
    for item in cases {
      let reply = try await client.sendRaw(item.request)
      Self.expectErrorBody(
        reply, status: item.status, mentioning: item.words, String(item.request.prefix(40)))
    }
    #expect(try service.app.store!.peek(id: 3)?.version == 1)
    // The log, which the shell's :logs shows, says what was wrong too.
    let lines = service.logLines()
    for words in [
      [#""route":"invalid""#, "header line"], [#""status":431"#, "80 KB"], ["chunk size"],
    ] {
      #expect(
        lines.contains { line in words.allSatisfy(line.contains) }, "no log line with \(words)")
    }
    try await service.stop()
  }
}
