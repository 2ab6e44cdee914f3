import Foundation
import Patterns
import RedisClient
import TutorFiles

/// Everything the service is started with: where it listens, which Redis, its files and the
/// settings of its cache, limiter and workers.
public struct ServiceConfiguration: Sendable {
  /// The address to listen on (loopback unless told otherwise).
  public var host = "127.0.0.1"
  /// The port to listen on; 0 picks a free one (tests).
  public var port = 8080
  /// The Redis server.
  public var redis: ConnectionOptions
  /// Threads (each with its own connection) that run the blocking Redis and SQLite calls.
  public var redisThreads = 4
  /// Email workers in this process; 0 runs none (start `redis-tutor-serve worker` instead).
  public var workers = 2
  /// The limiter's rules.
  public var rules = ServiceRules.defaultRules
  /// Items seeded into the store on first start.
  public var items = 10_000
  /// The store's simulated read latency, seconds.
  public var readLatency = 0.020
  /// Cache TTL in seconds (± 10 % jitter).
  public var cacheTTL = 60.0
  /// The largest request body accepted, bytes (larger: 413).
  public var maxBodyBytes = 16 * 1024
  /// Seconds a new connection has to deliver its first request head before it is closed.
  public var headerReadTimeout = 5.0
  /// Seconds a connection may sit with nothing read or written (between keep-alive
  /// requests, or stalled mid-request) before it is closed.
  public var idleTimeout = 60.0
  /// `$XDG_DATA_HOME/redis-tutor/service`: the store, the outbox and the log.
  public var directory: String
  /// Also write log lines to standard output.
  public var logToStandardOutput = false
  /// The names of the service's Redis keys (`rt:svc:…`); setting them moves the queue's
  /// keys too, so every key the service writes is under `keys.prefix`.
  public var keys = ServiceKeys.standard {
    didSet {
      queue = NotificationQueue.configuration(
        keys: keys, lease: queue.lease, backoff: queue.backoff)
    }
  }
  /// The notification queue's settings.
  public var queue = NotificationQueue.configuration()
  /// Where the items live: the SQLite store under `directory` (seeded), or an item store
  /// over HTTP whose JSON documents are served as they are.
  public var itemStore = ItemStoreChoice.sqlite
  /// Where the workers send emails: the maildir outbox under `directory`, or a provider
  /// over HTTP.
  public var emailProvider = EmailProviderChoice.outbox
  /// Print one `job_done` line per finished job on standard output (the day6-integration
  /// stage reads them): `{"event":"job_done","job":"ID","wait_ms":W,"run_ms":R}`.
  public var jobTimingsToStandardOutput = false
  /// Seconds an `idempotency_key` is remembered: a POST repeating it within this window gets
  /// the first job back instead of a new one.
  public var idempotencyWindow = 86_400.0
  /// Faults injected into the email sender (tests and demos).
  public var emailFaults = EmailSender.Faults.none
  /// Seconds a shutdown waits for running jobs before handing them back.
  public var shutdownDeadline = 5.0
  /// The clock of the log's timestamps and the request durations.
  public var clock = DemoClock.system

  /// A configuration for Redis at `redis`, with files under `directory`.
  public init(redis: ConnectionOptions, directory: String) {
    self.redis = redis
    self.directory = directory
  }

  /// The SQLite item store.
  public var storePath: String { directory + "/items.sqlite" }
  /// The maildir the workers deliver into.
  public var outboxPath: String { directory + "/outbox" }
  /// The JSON-lines log the shell's `:logs` tails.
  public var logPath: String { TutorPaths.serviceLog(in: directory) }

  /// One line saying what is impossible about the settings, or nil.
  public func problem() -> String? {
    if !(0...65_535).contains(port) { return "--port must be 0…65535 (got \(port))" }
    if workers < 0 { return "--workers must be 0 or more (got \(workers))" }
    if redisThreads < 1 { return "at least 1 Redis thread is needed (got \(redisThreads))" }
    if items < 1 { return "--items must be at least 1 (got \(items))" }
    if !(readLatency >= 0) { return "--read-latency-ms must not be negative" }
    if !(headerReadTimeout > 0) {
      return "the header-read timeout must be more than 0 seconds (got \(headerReadTimeout))"
    }
    if !(idleTimeout > 0) {
      return "the idle timeout must be more than 0 seconds (got \(idleTimeout))"
    }
    if !(idempotencyWindow > 0) {
      return "the idempotency window must be more than 0 seconds (got \(idempotencyWindow))"
    }
    if case .http(let url) = itemStore, let problem = Self.urlProblem(url) {
      return "the item store: \(problem)"
    }
    if case .http(let url) = emailProvider, let problem = Self.urlProblem(url) {
      return "the email provider: \(problem)"
    }
    return nil
  }

  /// What is wrong with an http:// URL, or nil.
  private static func urlProblem(_ url: String) -> String? {
    do {
      _ = try PlainHTTPClient(url: url)
      return nil
    } catch {
      return error.description
    }
  }
}

/// Where the service's items live.
public enum ItemStoreChoice: Sendable, Equatable {
  /// The SQLite store of `redis-tutor serve`, seeded with items 1…N.
  case sqlite
  /// An item store over HTTP at this URL (`GET`/`PUT URL/items/ID`).
  case http(url: String)
}

/// Where the service's workers send emails.
public enum EmailProviderChoice: Sendable, Equatable {
  /// The maildir outbox under the service's directory.
  case outbox
  /// A provider over HTTP at this URL (`POST URL/send` with an `Idempotency-Key` header).
  case http(url: String)
}
