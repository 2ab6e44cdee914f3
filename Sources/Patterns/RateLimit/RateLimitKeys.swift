import RedisClient

/// The names of the limiters' keys, all under one prefix, and the tools to inspect them.
///
/// A client's keys carry its id in a hash tag (`{203.0.113.7}`): the windowed scripts
/// derive the current window's key from the base key inside Redis (only Redis knows the
/// time), and the hash tag keeps every derived key in the base key's cluster slot.
public struct RateLimitKeys: Sendable, Equatable {
  /// The prefix used unless another is configured: `rt:demo:limiter:`.
  public static let defaultPrefix = DemoKeyspace.prefix + "limiter:"

  /// The prefix every key starts with.
  public let prefix: String

  public init(prefix: String = RateLimitKeys.defaultPrefix) { self.prefix = prefix }

  /// The key of client `id` under `algorithm`; the fixed window and sliding counter
  /// scripts append `:<window start in ms>` to it.
  public func base(_ algorithm: RateLimitAlgorithm, id: String) -> String {
    "\(prefix)\(algorithm.rawValue):{\(id)}"
  }

  /// The key of client `id` under the naive limiter, before its window suffix.
  public func naive(id: String) -> String { "\(prefix)naive:{\(id)}" }

  /// A SCAN MATCH pattern for every key under the prefix (glob characters escaped).
  public var pattern: String { DemoKeyspace.pattern(under: prefix) }

  /// Every key under the prefix, sorted, found with SCAN (never KEYS, which blocks Redis).
  public func existingKeys(using connection: Connection) throws -> [String] {
    try DemoKeyspace.keys(
      matching: pattern, send: { try connection.limiterSend($0) },
      unexpected: { RateLimitError.unexpectedReply(command: "SCAN", reply: $0) })
  }

  /// The bytes Redis uses for `key` (MEMORY USAGE, all of a set's members counted), or nil
  /// when the key does not exist.
  public func memoryUsage(of key: String, using connection: Connection) throws -> Int? {
    let reply = try connection.limiterSend(["MEMORY", "USAGE", key, "SAMPLES", "0"])
    return reply.integer.map { Int($0) }
  }

  /// Every key under the prefix with its memory, in key order (one pipeline).
  public func memoryReport(using connection: Connection) throws -> [KeyMemory] {
    let keys = try existingKeys(using: connection)
    guard !keys.isEmpty else { return [] }
    let replies = try connection.pipeline(
      keys.map { ["MEMORY", "USAGE", $0, "SAMPLES", "0"].map { Array($0.utf8) } })
    return zip(keys, replies).compactMap { key, reply in
      // A key that expired between SCAN and MEMORY USAGE answers null.
      reply.integer.map { KeyMemory(key: key, bytes: Int($0)) }
    }
  }

  /// Deletes every key under the prefix (after a run, or after Ctrl-C); returns how many.
  @discardableResult
  public func deleteAll(using connection: Connection) throws -> Int {
    try DemoKeyspace.delete(existingKeys(using: connection)) { try connection.limiterSend($0) }
  }
}

/// One key and the memory Redis uses for it.
public struct KeyMemory: Sendable, Equatable, Codable {
  public var key: String
  public var bytes: Int

  public init(key: String, bytes: Int) {
    self.key = key
    self.bytes = bytes
  }
}
