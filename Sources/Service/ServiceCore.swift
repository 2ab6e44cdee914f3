import Foundation
import Patterns
import RedisClient

/// The service's state and its operations on Redis and the store, each run on the
/// `RedisThreadPool`; the HTTP layer awaits them.
final class ServiceCore: Sendable {
  let configuration: ServiceConfiguration
  /// Where the items live: SQLite or an item store over HTTP.
  let items: any ServiceItemStore
  let shared: ServiceSharedState
  let metrics: ServiceMetrics
  let log: ServiceLog
  let pool: RedisThreadPool<RedisSession>

  var clock: DemoClock { configuration.clock }
  var keys: ServiceKeys { configuration.keys }

  /// A core over `sqlite` (the store of `redis-tutor serve`), or over the configuration's
  /// item store over HTTP when `sqlite` is nil.
  init(
    configuration: ServiceConfiguration, sqlite: ItemStore?, metrics: ServiceMetrics,
    log: ServiceLog
  ) throws {
    self.configuration = configuration
    self.metrics = metrics
    self.log = log
    let shared = ServiceSharedState(
      rules: configuration.rules, cacheTTL: configuration.cacheTTL, keys: configuration.keys)
    self.shared = shared
    switch (configuration.itemStore, sqlite) {
    case (.http(let url), _):
      items = HTTPServiceItems(
        store: try HTTPItemStore(url: url), keys: configuration.keys, flight: shared.singleFlight,
        ttl: configuration.cacheTTL)
    case (.sqlite, let store?):
      items = SQLiteServiceItems(
        store: store, keys: configuration.keys, flight: shared.singleFlight,
        seeded: configuration.items)
    case (.sqlite, nil):
      throw ServiceStartError("the SQLite item store was not opened")
    }
    let options = configuration.redis
    let queue = configuration.queue
    pool = RedisThreadPool(count: configuration.redisThreads, name: "svc-redis") {
      RedisSession(options: options, store: sqlite, shared: shared, queueConfiguration: queue)
    }
  }

  /// The limiter's decision for a request; never throws (an error reply counts as Redis
  /// being unreachable, and the rule's failure mode decides).
  func decide(route: String, ip: String) async -> RouteDecision {
    let rules = shared.rules
    let keys = self.keys
    do {
      return try await pool.run { session in
        Self.decide(route: route, ip: ip, on: session, rules, keys: keys, with: nil).0
      }
    } catch {
      return Self.failureDecision(rules.rule(for: route), route: route, ip: ip, error: error)
    }
  }

  /// The limiter's decision and, when it allows the request, the item read through the
  /// cache, in ONE trip to the pool: the hot read path pays for one thread hand-off, not two.
  func decideAndReadItem(route: String, ip: String, id: Int) async throws -> (
    RouteDecision, ItemRead?
  ) {
    let rules = shared.rules
    let keys = self.keys
    let items = self.items
    let get = [Array("GET".utf8), Array(keys.cache.item(id).utf8)]
    let result = try await pool.run { session -> (RouteDecision, ItemRead?) in
      // The cached item's GET rides in the limiter's round trip: a hit costs one trip to Redis.
      let (decision, cachedReply) = Self.decide(
        route: route, ip: ip, on: session, rules, keys: keys, with: get)
      guard decision.allowed else { return (decision, nil) }
      return (decision, try items.read(id: id, cachedReply: cachedReply, on: session))
    }
    if let read = result.1 { metrics.recordCache(read.cache) }
    return result
  }

  /// The limiter's decision, on a pool thread, with `companion` sent in the same round trip
  /// when given (its reply is nil when it could not be had).
  private static func decide(
    route: String, ip: String, on session: RedisSession, _ rules: RuleSet, keys: ServiceKeys,
    with companion: [[UInt8]]?
  ) -> (RouteDecision, Reply?) {
    do {
      var (decision, reply) = try session.limiter.decide(route: route, ip: ip, with: companion)
      // A connection left dead by a Redis restart fails once, then reconnects.
      if decision.decision.failed {
        (decision, reply) = try session.limiter.decide(route: route, ip: ip, with: companion)
      }
      if !decision.decision.allowed && !decision.decision.failed {
        // What the service refuses is counted where the learner can see it in Redis.
        _ = try? session.withClients { clients in
          try clients.connection.send("HINCRBY", keys.stats, "denied:" + route, "1")
        }
      }
      return (decision, reply)
    } catch {
      return (failureDecision(rules.rule(for: route), route: route, ip: ip, error: error), nil)
    }
  }

  private static func failureDecision(
    _ rule: RouteRule, route: String, ip: String, error: any Error
  ) -> RouteDecision {
    let limit = rule.rule.capacity(for: rule.algorithm)
    var decision: RateLimitDecision
    if rule.failureMode == .open {
      decision = RateLimitDecision(
        allowed: true, limit: limit, remaining: limit, retryAfter: nil, resetAfter: 0)
      decision.failedOpen = true
    } else {
      decision = RateLimitDecision(
        allowed: false, limit: limit, remaining: 0, retryAfter: 1, resetAfter: 0)
      decision.failedClosed = true
    }
    decision.failureReason = "\(error)"
    return RouteDecision(route: route, ip: ip, rule: rule, decision: decision)
  }

  /// Reads an item through the cache (from the store alone when Redis is down).
  func readItem(id: Int) async throws -> ItemRead {
    let items = self.items
    let read = try await pool.run { session in
      try items.read(id: id, cachedReply: nil, on: session)
    }
    metrics.recordCache(read.cache)
    return read
  }

  /// Writes item `id` from a PUT's `body` and deletes its cached copy.
  func updateItem(id: Int, body: [UInt8]) async throws -> ItemRead {
    let items = self.items
    return try await pool.run { session in try items.update(id: id, body: body, on: session) }
  }

  /// Enqueues an email job; throws what Redis said when it cannot.
  ///
  /// A `keyed` job (its idempotency key came from the client) is enqueued only if no job
  /// holds that key yet; otherwise the first job is returned as a duplicate. A key the
  /// service made up is unique already and needs no claim.
  func enqueue(_ email: EmailJob, keyed: Bool) async throws -> ReliableQueue.UniqueEnqueue {
    let payload = try email.payload()
    let window = configuration.idempotencyWindow
    return try await pool.run { session in
      try session.withClients { clients in
        guard keyed else {
          let id = try clients.queue.enqueue(payload)
          return ReliableQueue.UniqueEnqueue(id: id, duplicate: false, state: .pending)
        }
        return try clients.queue.enqueue(payload, uniqueKey: email.idempotencyKey, ttl: window)
      }
    }
  }

  /// A job's state for `GET /notifications/:id`.
  func notificationStatus(id: String) async throws -> NotificationStatus {
    guard !id.isEmpty, id.allSatisfy(\.isASCII), id.allSatisfy(\.isNumber) else {
      throw RequestProblem(
        .notFound, "No notification '\(id)'; use the id a POST /notifications returned")
    }
    let record = try await pool.run { session in
      try session.withClients { try $0.queue.job(JobID(id)) }
    }
    guard let record else {
      throw RequestProblem(
        .notFound, "No notification \(id); it never existed or finished over an hour ago")
    }
    return NotificationStatus(record)
  }

  /// Nil when Redis answers PING now; otherwise what it or the transport said.
  func redisFailure() async -> String? {
    do {
      let reply = try await pool.run { session in
        try session.withClients { try $0.connection.send("PING") }
      }
      if reply.string == "PONG" { return nil }
      return "PING answered \(reply.string ?? "\(reply)")"
    } catch {
      return ServiceResponder.oneLine(error)
    }
  }

  /// Reads the queue's depths into the gauges (left as they were when Redis is down).
  func refreshQueueMetrics() async {
    if let stats = try? await pool.run({ session in
      try session.withClients { try $0.queue.stats() }
    }) {
      metrics.recordQueue(stats)
    }
  }
}
