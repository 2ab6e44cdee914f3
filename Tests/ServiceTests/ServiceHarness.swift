import Foundation
import Patterns
import RedisClient
import Service
import TutorTestSupport

/// A `ServiceApp` serving on a free loopback port against a Redis server, for one test.
final class ServiceHarness: @unchecked Sendable {
  let app: ServiceApp
  let port: Int
  let directory: URL
  private let task: Task<ServiceApp.StopReport, any Error>

  /// Starts the app against the Redis on `redisPort`; `configure` adjusts the settings.
  static func start(
    redisPort: Int, configure: (inout ServiceConfiguration) -> Void = { _ in }
  ) async throws -> ServiceHarness {
    let directory = try TemporaryDirectory.make(prefix: "service-test")
    var configuration = ServiceConfiguration(
      redis: ConnectionOptions(
        endpoint: .tcp(host: "127.0.0.1", port: redisPort), connectTimeout: 0.5, readTimeout: 2),
      directory: directory.path)
    configuration.port = 0
    configuration.items = 500
    configuration.readLatency = 0.005
    configuration.workers = 0
    configuration.rules = rules(itemsPerMinute: 10_000, notificationsPerMinute: 10_000)
    configure(&configuration)
    let settings = configuration
    // Opening and seeding the store blocks; keep it off the cooperative pool.
    let app = try await blocking { try ServiceApp(configuration: settings) }
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task { try await app.run { continuation.yield($0) } }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw ClientError("the service did not start") }
    return ServiceHarness(app: app, port: port, directory: directory, task: task)
  }

  private init(
    app: ServiceApp, port: Int, directory: URL, task: Task<ServiceApp.StopReport, any Error>
  ) {
    self.app = app
    self.port = port
    self.directory = directory
    self.task = task
  }

  /// A client speaking from `source` (127.0.0.1 unless told otherwise).
  func client(from source: String = "127.0.0.1") -> LoopbackHTTPClient {
    LoopbackHTTPClient(port: port, sourceAddress: source)
  }

  /// Shuts the app down gracefully and removes its files.
  @discardableResult
  func stop() async throws -> ServiceApp.StopReport {
    await app.stop()
    let report = try await task.value
    try? FileManager.default.removeItem(at: directory)
    return report
  }

  /// Rules with the given per-IP limits for items and enqueueing, and generous ones elsewhere.
  static func rules(itemsPerMinute: Int, notificationsPerMinute: Int) -> RuleSet {
    try! RuleSet.parse(
      """
      {
        "default": { "limit": 100000, "window": 60 },
        "routes": {
          "/items/:id": { "limit": \(itemsPerMinute), "window": 60 },
          "/notifications": { "limit": \(notificationsPerMinute), "window": 60 }
        }
      }
      """, file: "test rules")
  }

  /// The lines of the service log.
  func logLines() -> [String] {
    let text = (try? String(contentsOfFile: app.configuration.logPath, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init)
  }
}

/// Polls `condition` (async) until it holds or `deadline` passes; tests never sleep for state.
func eventuallyAsync(
  within deadline: Duration = .seconds(20), _ condition: () async throws -> Bool
) async rethrows -> Bool {
  let end = ContinuousClock.now + deadline
  while ContinuousClock.now < end {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(20))
  }
  return try await condition()
}

/// Runs `body` on a thread of its own (for blocking Redis calls in tests).
func blocking<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws
  -> Value
{
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try body() }) }.start()
  }
}
