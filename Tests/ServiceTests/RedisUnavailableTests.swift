import Foundation
import Patterns
import RedisClient
import Service
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// When Redis cannot serve (busy, loading, a replica without its master, stopped, gone), the
/// routes that need it answer 503 with `Retry-After` and say what Redis said, item reads fall
/// back to the store, and the request's log line carries Redis's error text.
@Suite(.serialized) struct RedisUnavailableTests {
  private static let email = #"{"to": "a@example.com", "subject": "s", "body": "b"}"#

  @Test func aBusyScriptGets503sWithRetryAfterAndTheBusyReplyInTheLog() async throws {
    let redis = try RedisServerFixture(extraArguments: ["--busy-reply-threshold", "100"])
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)

    // A script that never ends keeps Redis answering BUSY until SCRIPT KILL.
    let script = Thread {
      _ = try? redis.connect().send("EVAL", "while true do end", "0")
    }
    script.start()
    let busy = try await blocking {
      let observer = try redis.connect()
      return eventually { (try? observer.send("PING"))?.string?.hasPrefix("BUSY") == true }
    }
    #expect(busy)

    let posted = try await client.send("POST", "/notifications", body: Self.email)
    #expect(posted.status == 503)
    #expect(posted.header("Retry-After") == "2")
    #expect(posted.error?.contains("BUSY") == true, "\(posted.body)")
    let status = try await client.get("/notifications/1")
    #expect(status.status == 503)
    #expect(status.header("Retry-After") == "2")
    #expect(status.error?.contains("BUSY") == true, "\(status.body)")
    // Items still come from the store, and a PUT still writes it.
    let read = try await client.get("/items/4")
    #expect(read.status == 200)
    #expect(read.header("X-Cache") == "bypass")
    let put = try await client.send(
      "PUT", "/items/3", body: #"{"name": "busy kettle", "price_cents": 700}"#)
    #expect(put.status == 200)
    #expect(put.header("X-Cache") == "bypass")
    #expect(try service.app.store!.peek(id: 3)?.name == "busy kettle")
    let health = try await client.get("/healthz")
    #expect(health.status == 200)
    #expect(health.json?["redis"] as? String == "down")

    let logged = Self.requests(service)
    for path in ["/notifications", "/notifications/1", "/items/4", "/items/3", "/healthz"] {
      let line = logged.last { $0["path"] as? String == path }
      #expect(
        (line?["error"] as? String)?.contains("BUSY") == true,
        "\(path): \(String(describing: line))")
    }
    #expect(logged.last { $0["path"] as? String == "/notifications" }?["status"] as? Int == 503)

    let killed = try await blocking {
      let observer = try redis.connect()
      return try observer.send("SCRIPT", "KILL").string == "OK"
        && eventually { (try? observer.send("PING"))?.string == "PONG" }
    }
    #expect(killed)
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)
    try await service.stop()
  }

  @Test func aRedisLoadingItsDataGets503sWithTheLoadingReplyInTheLog() async throws {
    let redis = try RedisServerFixture(extraArguments: ["--enable-debug-command", "local"])
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)

    // A reload of a few thousand keys, each made slow to load, keeps Redis answering LOADING
    // for seconds; the events-interval setting lets it answer while it loads.
    let loading = try await blocking {
      let admin = try redis.connect()
      _ = try admin.send("DEBUG", "POPULATE", "2000")
      _ = try admin.send("CONFIG", "SET", "loading-process-events-interval-bytes", "1024")
      _ = try admin.send("CONFIG", "SET", "key-load-delay", "3000")
      var options = redis.options
      options.readTimeout = 120
      let reloadOptions = options
      Thread { _ = try? Connection(reloadOptions).send("DEBUG", "RELOAD") }.start()
      return eventually {
        (try? admin.send("PING"))?.string?.hasPrefix("LOADING") == true
      }
    }
    #expect(loading)

    let posted = try await client.send("POST", "/notifications", body: Self.email)
    #expect(posted.status == 503)
    #expect(posted.header("Retry-After") == "2")
    #expect(posted.error?.contains("LOADING") == true, "\(posted.body)")
    let line = Self.requests(service).last { $0["path"] as? String == "/notifications" }
    #expect(line?["status"] as? Int == 503)
    #expect((line?["error"] as? String)?.contains("LOADING") == true)

    let loaded = try await blocking {
      let admin = try redis.connect()
      return eventually(within: .seconds(60)) { (try? admin.send("PING"))?.string == "PONG" }
    }
    #expect(loaded)
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)
    try await service.stop()
  }

  @Test func aReplicaCutOffFromItsMasterGets503sWithMasterDownInTheLog() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)

    // A replica whose master is gone, told not to serve stale data, answers MASTERDOWN.
    let deadMaster = try FreePort.find()
    let cutOff = try await blocking {
      let admin = try redis.connect()
      _ = try admin.send("CONFIG", "SET", "replica-serve-stale-data", "no")
      _ = try admin.send("REPLICAOF", "127.0.0.1", String(deadMaster))
      return eventually { (try? admin.send("GET", "x"))?.string?.hasPrefix("MASTERDOWN") == true }
    }
    #expect(cutOff)

    let posted = try await client.send("POST", "/notifications", body: Self.email)
    #expect(posted.status == 503)
    #expect(posted.header("Retry-After") == "2")
    #expect(posted.error?.contains("MASTERDOWN") == true, "\(posted.body)")
    let read = try await client.get("/items/2")
    #expect(read.status == 200)
    #expect(read.header("X-Cache") == "bypass")
    let logged = Self.requests(service)
    for path in ["/notifications", "/items/2"] {
      let line = logged.last { $0["path"] as? String == path }
      #expect((line?["error"] as? String)?.contains("MASTERDOWN") == true, "\(path)")
    }
    try await service.stop()
  }

  @Test func aStoppedRedisTimesOutInto503sWithTheTimeoutInTheLog() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)

    kill(redis.pid, SIGSTOP)
    let posted: HTTPReply
    let status: HTTPReply
    do {
      posted = try await client.send("POST", "/notifications", body: Self.email)
      status = try await client.get("/notifications/1")
    } catch {
      kill(redis.pid, SIGCONT)
      throw error
    }
    kill(redis.pid, SIGCONT)

    for reply in [posted, status] {
      #expect(reply.status == 503)
      #expect(reply.header("Retry-After") == "2")
      #expect(reply.error?.contains("Timed out") == true, "\(reply.body)")
    }
    let logged = Self.requests(service).filter { $0["status"] as? Int == 503 }
    #expect(logged.count == 2)
    #expect(logged.allSatisfy { ($0["error"] as? String)?.contains("Timed out") == true })
    // Once Redis runs again, so does the service.
    let recovered = try await eventuallyAsync {
      try await client.send("POST", "/notifications", body: Self.email).status == 202
    }
    #expect(recovered)
    try await service.stop()
  }

  @Test func aDeadRedisGets503sWithRetryAfterAndTheConnectErrorInTheLog() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port)
    let client = service.client()
    #expect(try await client.send("POST", "/notifications", body: Self.email).status == 202)

    redis.stop()
    let posted = try await client.send("POST", "/notifications", body: Self.email)
    #expect(posted.status == 503)
    #expect(posted.header("Retry-After") == "2")
    #expect(posted.error?.contains("Could not connect") == true, "\(posted.body)")
    let status = try await client.get("/notifications/1")
    #expect(status.status == 503)
    #expect(status.header("Retry-After") == "2")

    let logged = Self.requests(service).filter { $0["status"] as? Int == 503 }
    #expect(logged.count == 2)
    #expect(
      logged.allSatisfy { ($0["error"] as? String)?.contains("Could not connect") == true },
      "\(logged)")
    try await service.stop()
  }

  /// The request lines of the service's log, parsed.
  private static func requests(_ service: ServiceHarness) -> [[String: Any]] {
    service.logLines().compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }.filter { $0["type"] as? String == "request" }
  }
}
