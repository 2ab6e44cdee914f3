import Foundation
import RedisClient
import Service
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The server closes connections that hold it without finishing a request: silent ones,
/// half-sent headers, and keep-alive connections left idle.
@Suite(.serialized) struct ConnectionTimeoutTests {
  @Test func aConnectionThatSendsNothingIsClosed() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.headerReadTimeout = 0.3
    }
    let outcome = try await Self.afterSending("", to: service)
    #expect(outcome.closed)
    #expect(outcome.received.isEmpty)
    try await service.stop()
  }

  @Test func aHalfSentHeaderIsClosedWithoutAnAnswer() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.headerReadTimeout = 0.3
    }
    let outcome = try await Self.afterSending("GET /healthz HTTP/1.1\r\nHost: x\r\n", to: service)
    #expect(outcome.closed)
    #expect(outcome.received.isEmpty)
    try await service.stop()
  }

  @Test func anIdleKeepAliveConnectionIsClosedAfterItsAnswer() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.idleTimeout = 0.5
    }
    let outcome = try await Self.afterSending(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", to: service)
    #expect(outcome.received.hasPrefix("HTTP/1.1 200"))
    #expect(outcome.received.contains(#""status":"ok""#))
    #expect(outcome.closed)
    try await service.stop()
  }

  @Test func aRequestSlowerThanTheHeaderTimeoutIsStillAnswered() async throws {
    let redis = try RedisServerFixture()
    let service = try await ServiceHarness.start(redisPort: redis.port) {
      $0.headerReadTimeout = 0.1
      $0.readLatency = 0.5
    }
    let reply = try await service.client().get("/items/6")
    #expect(reply.status == 200)
    #expect(reply.header("X-Cache") == "miss")
    try await service.stop()
  }

  @Test func aTimeoutThatIsNotPositiveIsRefusedWithOneLine() throws {
    let directory = try TemporaryDirectory.make(prefix: "service-timeouts")
    defer { try? FileManager.default.removeItem(at: directory) }
    var configuration = ServiceConfiguration(
      redis: ConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: 1)),
      directory: directory.path)
    configuration.headerReadTimeout = 0
    #expect(configuration.problem()?.contains("header-read timeout") == true)
    configuration.headerReadTimeout = 5
    configuration.idleTimeout = -1
    #expect(configuration.problem()?.contains("idle timeout") == true)
    #expect(throws: ServiceStartError.self) { try ServiceApp(configuration: configuration) }
  }

  /// What a raw connection that sends `text` and then waits receives, and whether the server
  /// closed it within a generous deadline.
  private static func afterSending(_ text: String, to service: ServiceHarness) async throws
    -> (received: String, closed: Bool)
  {
    let client = service.client()
    return try await blocking {
      let fd = try client.connectBlocking(receiveTimeout: timeval(tv_sec: 0, tv_usec: 100_000))
      defer { close(fd) }
      LoopbackHTTPClient.sendAll(fd, Array(text.utf8))
      var received: [UInt8] = []
      var closed = false
      var buffer = [UInt8](repeating: 0, count: 4096)
      _ = eventually(within: .seconds(15), every: .milliseconds(1)) {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { received += buffer[0..<count] }
        // 0 is the server's FIN; a reset counts as closed too.
        closed = count == 0 || (count < 0 && errno == ECONNRESET)
        return closed
      }
      return (String(decoding: received, as: UTF8.self), closed)
    }
  }
}
