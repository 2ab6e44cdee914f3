import Foundation
import Patterns
import RedisClient

/// Where the service's items live, read through the Redis cache and written with
/// invalidation.
///
/// The SQLite store (`SQLiteServiceItems`) or an item store over HTTP (`HTTPServiceItems`).
/// Its methods block, so they run on a pool thread with its session.
protocol ServiceItemStore: Sendable {
  /// Item `id` through the cache; `cachedReply` is the reply to a GET of its cache key that
  /// was already made (pipelined with the limiter's decision), if any.
  func read(id: Int, cachedReply: Reply?, on session: RedisSession) throws -> ItemRead
  /// Writes item `id` from a PUT's `body`, then deletes its cached copy; throws a
  /// `RequestProblem` for a body it refuses.
  func update(id: Int, body: [UInt8], on session: RedisSession) throws -> ItemRead
  /// The 404's message for an item the store lacks.
  func missingMessage(id: Int) -> String
}

/// An item's JSON as the service answers it.
enum ItemBody: Sendable {
  /// A row of the SQLite store.
  case item(Item)
  /// A document from an item store over HTTP, answered as the store gave it.
  case document([UInt8])
}

/// An item read or written through the cache, and what the cache did.
struct ItemRead: Sendable {
  /// The item; nil when the store has none (a read), or nothing to show (a write: 204).
  var body: ItemBody?
  /// hit, miss or bypass (Redis unreachable: the store alone) for reads; invalidated or
  /// bypass for writes.
  var cache: String
  /// What Redis or the transport said when the cache was bypassed, for the log line.
  var failure: String?
}

/// The SQLite store of `redis-tutor serve`: `CacheAside` with stampede protection, and
/// `ItemUpdate`'s checked `{"name", "price_cents"}` bodies.
struct SQLiteServiceItems: ServiceItemStore {
  let store: ItemStore
  let keys: ServiceKeys
  /// Collapses concurrent reads of one key in this process into one.
  let flight: SingleFlight
  /// How many items the store was seeded with, for the 404's hint.
  let seeded: Int

  /// The session's cache client; sessions of this store always have one.
  private func cache(_ clients: RedisClients) -> CacheAside { clients.cache! }

  /// Item `id` through `CacheAside`; from the store alone when Redis is down.
  ///
  /// Concurrent reads of one key share one GET through the single-flight, hits included:
  /// under load that saves round trips to Redis.
  func read(id: Int, cachedReply: Reply?, on session: RedisSession) throws -> ItemRead {
    if let cachedReply, case .bulk = cachedReply,
      let read = try? session.withClients({
        try cache($0).get(id: id, cachedReply: cachedReply)
      }),
      read.source == .cache
    {
      return ItemRead(body: read.item.map(ItemBody.item), cache: "hit")
    }
    let key = keys.cache.item(id)
    do {
      let (read, _) = try session.withClients { clients in
        try flight.run(key: key) { try cache(clients).get(id: id) }
      }
      return ItemRead(
        body: read.item.map(ItemBody.item), cache: read.source == .cache ? "hit" : "miss")
    } catch let failure where failure is RedisError || failure is CacheError {
      return ItemRead(
        body: try store.load(id: id).map(ItemBody.item), cache: "bypass",
        failure: ServiceResponder.oneLine(failure))
    }
  }

  /// With Redis down the store is still written ("bypass"); nothing can be cached meanwhile
  /// except what Redis kept, which then lives until its TTL ends.
  func update(id: Int, body: [UInt8], on session: RedisSession) throws -> ItemRead {
    let update = try ItemUpdate.parse(body)
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
        body: .item(try store.write(item)), cache: "bypass",
        failure: ServiceResponder.oneLine(error))
    }
    do {
      return ItemRead(body: .item(try cache(clients).update(item)), cache: "invalidated")
    } catch let failure where failure is RedisError || failure is CacheError {
      // The store has the new row (it is written first); the DEL failed. Once more, in
      // case the connection was only left dead by a Redis restart (the retry reconnects).
      let stored = try store.peek(id: id).map(ItemBody.item)
      switch Result(catching: { try clients.connection.send("DEL", keys.cache.item(id)) }) {
      case .success(.error(let message)):
        return ItemRead(
          body: stored, cache: "bypass",
          failure: "DEL failed: \(String(decoding: message, as: UTF8.self))")
      case .success:
        return ItemRead(body: stored, cache: "invalidated")
      case .failure(let retryFailure):
        return ItemRead(
          body: stored, cache: "bypass", failure: ServiceResponder.oneLine(retryFailure))
      }
    }
  }

  func missingMessage(id: Int) -> String { "No item \(id); the store holds items 1…\(seeded)" }
}

/// An item store over HTTP (`--stage-env`'s `ITEMS_URL`), its documents cached as they are.
///
/// Its JSON documents are cached and answered as they are, and a PUT's body, checked only
/// to be a JSON object, is passed through. Misses of one item in this process share one
/// store read (single-flight).
struct HTTPServiceItems: ServiceItemStore {
  let store: HTTPItemStore
  let keys: ServiceKeys
  let flight: SingleFlight
  /// Seconds a cached document lives, ± 10 % jitter.
  let ttl: Double

  func read(id: Int, cachedReply: Reply?, on session: RedisSession) throws -> ItemRead {
    if case .bulk(let bytes)? = cachedReply {
      return ItemRead(body: .document(bytes), cache: "hit")
    }
    let key = keys.cache.item(id)
    do {
      let (read, _) = try session.withClients { clients in
        try flight.run(key: key) { () throws -> ItemRead in
          if case .bulk(let bytes) = try clients.connection.send("GET", key) {
            return ItemRead(body: .document(bytes), cache: "hit")
          }
          guard let document = try fetch(id) else { return ItemRead(body: nil, cache: "miss") }
          let milliseconds = Int((ttl * 1000 * Double.random(in: 0.9...1.1)).rounded())
          _ = try clients.connection.send([
            Array("SET".utf8), Array(key.utf8), document, Array("PX".utf8),
            Array(String(milliseconds).utf8),
          ])
          return ItemRead(body: .document(document), cache: "miss")
        }
      }
      return read
    } catch let failure as RedisError {
      return ItemRead(
        body: try fetch(id).map(ItemBody.document), cache: "bypass",
        failure: ServiceResponder.oneLine(failure))
    }
  }

  func update(id: Int, body: [UInt8], on session: RedisSession) throws -> ItemRead {
    guard (try? JSONSerialization.jsonObject(with: Data(body))) is [String: Any] else {
      throw RequestProblem(
        .badRequest,
        #"The body is not a JSON object; send the item as the store keeps it, e.g. {"name": "blue lamp"}"#
      )
    }
    do {
      try store.replace(id: id, with: body)
    } catch {
      throw Self.storeProblem(error)
    }
    do {
      _ = try session.withClients { try $0.connection.send("DEL", keys.cache.item(id)) }
      return ItemRead(body: nil, cache: "invalidated")
    } catch {
      return ItemRead(body: nil, cache: "bypass", failure: ServiceResponder.oneLine(error))
    }
  }

  func missingMessage(id: Int) -> String { "No item \(id) in the item store \(store.client.url)" }

  /// The store's document for `id`, or nil; a store that fails is a 502.
  private func fetch(_ id: Int) throws -> [UInt8]? {
    do {
      return try store.document(id: id)
    } catch {
      throw Self.storeProblem(error)
    }
  }

  private static func storeProblem(_ error: any Error) -> RequestProblem {
    RequestProblem(
      .badGateway, "\(ServiceResponder.oneLine(error)); retry when the item store is back",
      cause: ServiceResponder.oneLine(error))
  }
}
