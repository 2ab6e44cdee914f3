import Foundation
import Patterns
import RedisClient

/// The service's state and its operations on Redis and the store, each run on the
/// `RedisThreadPool`; the HTTP layer awaits them.
final class ServiceCore: Sendable {
  let configuration: ServiceConfiguration
  let store: ItemStore
  let shared: ServiceSharedState
  let metrics: ServiceMetrics
  let log: ServiceLog
  let pool: RedisThreadPool<RedisSession>

  var clock: DemoClock { configuration.clock }

  init(
    configuration: ServiceConfiguration, store: ItemStore, metrics: ServiceMetrics,
    log: ServiceLog
  ) {
    self.configuration = configuration
    self.store = store
    self.metrics = metrics
    self.log = log
    let shared = ServiceSharedState(rules: configuration.rules, cacheTTL: configuration.cacheTTL)
    self.shared = shared
    let options = configuration.redis
    let queue = configuration.queue
    pool = RedisThreadPool(count: configuration.redisThreads, name: "svc-redis") {
      RedisSession(options: options, store: store, shared: shared, queueConfiguration: queue)
    }
  }

  /// The limiter's decision for a request; never throws (an error reply counts as Redis
  /// being unreachable, and the rule's failure mode decides).
  func decide(route: String, ip: String) async -> RouteDecision {
    let rules = shared.rules
    do {
      return try await pool.run { session in Self.decide(route: route, ip: ip, on: session, rules) }
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
    let store = self.store
    let flight = shared.singleFlight
    let get = [Array("GET".utf8), Array(ServiceKeys.cache.item(id).utf8)]
    let result = try await pool.run { session -> (RouteDecision, ItemRead?) in
      // The cached item's GET rides in the limiter's round trip: a hit costs one trip to Redis.
      let (decision, cachedReply) = Self.decide(
        route: route, ip: ip, on: session, rules, with: get)
      guard decision.allowed else { return (decision, nil) }
      if let cachedReply, case .bulk = cachedReply,
        let read = try? session.withClients({ try $0.cache.get(id: id, cachedReply: cachedReply) }),
        read.source == .cache
      {
        return (decision, ItemRead(item: read.item, cache: "hit"))
      }
      return (decision, try Self.readItem(id: id, on: session, store: store, flight: flight))
    }
    if let read = result.1 { metrics.recordCache(read.cache) }
    return result
  }

  /// The limiter's decision, on a pool thread.
  private static func decide(
    route: String, ip: String, on session: RedisSession, _ rules: RuleSet
  ) -> RouteDecision {
    decide(route: route, ip: ip, on: session, rules, with: nil).0
  }

  /// The limiter's decision, on a pool thread, with `companion` sent in the same round trip
  /// when given (its reply is nil when it could not be had).
  private static func decide(
    route: String, ip: String, on session: RedisSession, _ rules: RuleSet,
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
          try clients.connection.send("HINCRBY", ServiceKeys.stats, "denied:" + route, "1")
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

  /// An item read through the cache, and whether it was a hit, a miss or a bypass.
  struct ItemRead: Sendable {
    var item: Item?
    /// hit, miss or bypass (Redis unreachable: answered from the store).
    var cache: String
    /// What Redis or the transport said when the cache was bypassed, for the log line.
    var failure: String?
  }

  /// Reads an item with cache-aside: concurrent misses in this process share one load
  /// (single-flight), and processes share the Redis lock; with Redis down, from the store.
  func readItem(id: Int) async throws -> ItemRead {
    let store = self.store
    let flight = shared.singleFlight
    let read = try await pool.run { session in
      try Self.readItem(id: id, on: session, store: store, flight: flight)
    }
    metrics.recordCache(read.cache)
    return read
  }

  /// An item through the cache, on a pool thread; from the store alone when Redis is down.
  ///
  /// Concurrent reads of one key share one GET through the single-flight, hits included:
  /// under load that saves round trips to Redis.
  private static func readItem(
    id: Int, on session: RedisSession, store: ItemStore, flight: SingleFlight
  ) throws -> ItemRead {
    let key = ServiceKeys.cache.item(id)
    do {
      let (read, _) = try session.withClients { clients in
        try flight.run(key: key) { try clients.cache.get(id: id) }
      }
      return ItemRead(item: read.item, cache: read.source == .cache ? "hit" : "miss")
    } catch let failure where failure is RedisError || failure is CacheError {
      return ItemRead(
        item: try store.load(id: id), cache: "bypass",
        failure: ServiceResponder.oneLine(failure))
    }
  }

  /// Writes an item to the store and deletes its cached copy.
  ///
  /// With Redis down the store is still written ("bypass"); nothing can be cached meanwhile
  /// except what Redis kept, which then lives until its TTL ends.
  func updateItem(id: Int, update: ItemUpdate) async throws -> ItemRead {
    let store = self.store
    return try await pool.run { session -> ItemRead in
      guard let current = try store.peek(id: id) else {
        throw RequestProblem(.notFound, "No item \(id); PUT changes existing items only")
      }
      var item = current
      item.name = update.name
      item.priceCents = update.priceCents
      let clients: RedisClients
      do {
        clients = try session.clients()
      } catch {
        return ItemRead(
          item: try store.write(item), cache: "bypass", failure: ServiceResponder.oneLine(error))
      }
      do {
        return ItemRead(item: try clients.cache.update(item), cache: "invalidated")
      } catch let failure where failure is RedisError || failure is CacheError {
        // The store has the new row (it is written first); the DEL failed. Once more, in
        // case the connection was only left dead by a Redis restart (the retry reconnects).
        let stored = try store.peek(id: id)
        let key = ServiceKeys.cache.item(id)
        switch Result(catching: { try clients.connection.send("DEL", key) }) {
        case .success(.error(let message)):
          return ItemRead(
            item: stored, cache: "bypass",
            failure: "DEL failed: \(String(decoding: message, as: UTF8.self))")
        case .success:
          return ItemRead(item: stored, cache: "invalidated")
        case .failure(let retryFailure):
          return ItemRead(
            item: stored, cache: "bypass", failure: ServiceResponder.oneLine(retryFailure))
        }
      }
    }
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
