import Foundation
import Patterns
import RedisClient

/// `redis-tutor-serve --stage-env`: the service configured from the environment the stage
/// tester (`redis-tutor test day6-integration`) gives a learner's program.
///
/// ```
/// PORT          the port to listen on (127.0.0.1)               required
/// REDIS_URL     redis://host:port/db                            required
/// KEY_PREFIX    every key the service writes is under it        required
/// ITEMS_URL     an item store over HTTP (else the SQLite store)
/// EMAIL_URL     an email provider over HTTP (else the outbox)
/// WORKERS       in-process workers (default 2)
/// MAX_ATTEMPTS  sends of a job before it is dead-lettered (default 4)
/// BACKOFF_MS    the first retry's delay, its window doubling after (default 100)
/// ```
public enum StageEnvironment {
  /// The configuration `environment` describes, with files under `directory`; throws a
  /// `ServiceStartError` naming the variable that is missing or wrong.
  public static func configuration(
    _ environment: [String: String], directory: String
  ) throws -> ServiceConfiguration {
    func required(_ name: String) throws -> String {
      guard let value = environment[name], !value.isEmpty else {
        throw ServiceStartError(
          "--stage-env needs \(name) in the environment; run it from `redis-tutor test STAGE -- …`")
      }
      return value
    }
    func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
      guard let text = environment[name], !text.isEmpty else { return value }
      guard let number = Int(text), range.contains(number) else {
        throw ServiceStartError(
          "\(name) must be a whole number in \(range.lowerBound)…\(range.upperBound) (got '\(text)')"
        )
      }
      return number
    }
    let portText = try required("PORT")
    guard let port = Int(portText), (1...65_535).contains(port) else {
      throw ServiceStartError("PORT must be 1…65535 (got '\(portText)')")
    }
    let url = try required("REDIS_URL")
    var redis: ConnectionOptions
    do {
      redis = try ConnectionOptions(url: url)
    } catch {
      throw ServiceStartError("REDIS_URL: \(error)")
    }
    // Short timeouts, as for the sandbox: while Redis is down a request fails fast.
    redis.connectTimeout = 0.5
    redis.readTimeout = 2
    var configuration = ServiceConfiguration(redis: redis, directory: directory)
    configuration.port = port
    configuration.keys = ServiceKeys(prefix: try required("KEY_PREFIX"))
    configuration.workers = try number("WORKERS", default: 2, range: 0...64)
    let attempts = try number("MAX_ATTEMPTS", default: 4, range: 1...20)
    let backoff = Double(try number("BACKOFF_MS", default: 100, range: 1...60_000)) / 1000
    configuration.queue = NotificationQueue.configuration(
      keys: configuration.keys, lease: configuration.queue.lease,
      backoff: BackoffPolicy(
        base: backoff, cap: backoff * Double(1 << min(attempts - 1, 10)), maxAttempts: attempts,
        floor: backoff))
    if let items = environment["ITEMS_URL"], !items.isEmpty {
      configuration.itemStore = .http(url: items)
    }
    if let email = environment["EMAIL_URL"], !email.isEmpty {
      configuration.emailProvider = .http(url: email)
    }
    configuration.jobTimingsToStandardOutput = true
    return configuration
  }
}
