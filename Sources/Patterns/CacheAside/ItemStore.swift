import Foundation
import GRDB

/// The slow database behind the cache: a real SQLite table of items.
///
/// Every `load` sleeps for `readLatency` on the injected clock first, and every `write` and
/// `save` for `writeLatency`, standing in for a database that is far away or busy: the read
/// cost is what the cache saves, the write cost what write-back moves off the request. Each
/// load is counted
/// twice: in this process (`processLoads`) and in a counter row of the database itself
/// (`totalLoads()`), so a demo running several client processes against one file can add up
/// all their loads. Thread-safe: many client threads share one store.
public final class ItemStore: Sendable {
  /// How long a write waits for another process's write lock before failing.
  public static let busyTimeout: Double = 5

  /// The database file.
  public let path: String
  /// The simulated cost of one `load`, in seconds.
  public let readLatency: Double
  /// The simulated cost of one `write` or `save`, in seconds.
  public let writeLatency: Double
  private let pool: DatabasePool
  private let clock: DemoClock
  private let localLoads = Locked(0)

  /// Opens (creating when missing) the store at `path`.
  ///
  /// - Parameters:
  ///   - readLatency: seconds each `load` waits on `clock` first (20 ms by default).
  ///   - writeLatency: seconds each `write` and `save` waits on `clock` first; none by
  ///     default, so only a caller that compares write strategies pays for writes.
  public init(
    path: String, readLatency: Double = 0.020, writeLatency: Double = 0,
    clock: DemoClock = .system
  ) throws {
    self.path = path
    self.readLatency = readLatency
    self.writeLatency = writeLatency
    self.clock = clock
    var configuration = Configuration()
    // Several demo processes may share the file; let their writes queue instead of failing.
    configuration.busyMode = .timeout(Self.busyTimeout)
    configuration.label = "redis-tutor.demo.items"
    pool = try DatabasePool(path: path, configuration: configuration)
    try pool.write { db in
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS items (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            price_cents INTEGER NOT NULL,
            version INTEGER NOT NULL,
            updated_at REAL NOT NULL);
          CREATE TABLE IF NOT EXISTS load_counter (
            name TEXT PRIMARY KEY,
            loads INTEGER NOT NULL);
          INSERT OR IGNORE INTO load_counter (name, loads) VALUES ('loads', 0);
          """)
    }
  }

  /// Inserts items 1...count with names and prices drawn from `seed`, keeping rows that exist.
  ///
  /// Idempotent: seeding again with the same arguments inserts nothing and leaves earlier
  /// writes in place. Returns how many rows were inserted.
  @discardableResult
  public func seed(count: Int = 10_000, seed: UInt64 = 42) throws -> Int {
    guard count > 0 else { return 0 }
    let random = SeededRandom(seed: seed)
    let adjectives = ["red", "blue", "quick", "quiet", "large", "small", "shiny", "plain"]
    let nouns = ["lamp", "chair", "kettle", "notebook", "cable", "mug", "desk", "plant"]
    let now = clock.now()
    return try pool.write { db in
      var inserted = 0
      for id in 1...count {
        let name =
          "\(adjectives[random.next(upperBound: adjectives.count)]) "
          + "\(nouns[random.next(upperBound: nouns.count)]) #\(id)"
        let price = 100 + random.next(upperBound: 99_900)
        try db.execute(
          sql: """
            INSERT OR IGNORE INTO items (id, name, price_cents, version, updated_at)
            VALUES (?, ?, ?, 1, ?)
            """,
          arguments: [id, name, price, now])
        inserted += db.changesCount
      }
      return inserted
    }
  }

  /// Reads one item the slow way: waits `readLatency`, then reads and counts the load.
  ///
  /// Returns nil for an id the store does not have (still a load: the database was asked).
  public func load(id: Int) throws -> Item? {
    clock.sleep(readLatency)
    localLoads.withLock { $0 += 1 }
    return try pool.write { db in
      try db.execute(sql: "UPDATE load_counter SET loads = loads + 1 WHERE name = 'loads'")
      return try Self.fetchItem(db, id: id)
    }
  }

  /// Reads one item at once, without the latency and without counting a load.
  ///
  /// For measuring what a reader of the database would see, and for tests.
  public func peek(id: Int) throws -> Item? {
    try pool.read { db in try Self.fetchItem(db, id: id) }
  }

  /// Writes `item`'s name and price after waiting `writeLatency`, bumping the stored version;
  /// returns the row as stored.
  ///
  /// An id the store does not have is inserted at version 1. The caller's `version` and
  /// `updatedAt` are ignored: the store owns them.
  @discardableResult
  public func write(_ item: Item) throws -> Item {
    clock.sleep(writeLatency)
    let now = clock.now()
    return try pool.write { db in
      let current = try Int.fetchOne(
        db, sql: "SELECT version FROM items WHERE id = ?", arguments: [item.id])
      var stored = item
      stored.version = (current ?? 0) + 1
      stored.updatedAt = now
      try Self.upsert(db, stored)
      return stored
    }
  }

  /// Stores `item` exactly as given, unless the store already holds that version or a newer one.
  ///
  /// The write-back flush uses it: a flush that arrives late must not overwrite a newer row.
  /// Waits `writeLatency` first, as `write` does. Returns whether the row changed.
  @discardableResult
  public func save(_ item: Item) throws -> Bool {
    clock.sleep(writeLatency)
    return try pool.write { db in
      let current = try Int.fetchOne(
        db, sql: "SELECT version FROM items WHERE id = ?", arguments: [item.id])
      if let current, current >= item.version { return false }
      try Self.upsert(db, item)
      return true
    }
  }

  /// How many items the store holds.
  public func count() throws -> Int {
    try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items") ?? 0 }
  }

  /// Loads made through this store object (this process).
  public var processLoads: Int { localLoads.current }

  /// Loads made by every process sharing the database file, since the last `resetLoads()`.
  public func totalLoads() throws -> Int {
    try pool.read { db in
      try Int.fetchOne(db, sql: "SELECT loads FROM load_counter WHERE name = 'loads'") ?? 0
    }
  }

  /// Sets both load counters back to zero.
  public func resetLoads() throws {
    localLoads.withLock { $0 = 0 }
    try pool.write { db in
      try db.execute(sql: "UPDATE load_counter SET loads = 0 WHERE name = 'loads'")
    }
  }

  private static func fetchItem(_ db: Database, id: Int) throws -> Item? {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT id, name, price_cents, version, updated_at FROM items WHERE id = ?",
        arguments: [id])
    else { return nil }
    return Item(
      id: row["id"], name: row["name"], priceCents: row["price_cents"], version: row["version"],
      updatedAt: row["updated_at"])
  }

  private static func upsert(_ db: Database, _ item: Item) throws {
    try db.execute(
      sql: """
        INSERT INTO items (id, name, price_cents, version, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, price_cents = excluded.price_cents,
          version = excluded.version, updated_at = excluded.updated_at
        """,
      arguments: [item.id, item.name, item.priceCents, item.version, item.updatedAt])
  }
}
