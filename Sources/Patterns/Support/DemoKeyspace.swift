import RedisClient

/// Where demo keys live, and finding and deleting every key under a demo's prefix, shared by
/// the demos' key types.
///
/// Each demo keeps its own error type, so the Redis calls come in as `send` (which turns
/// error replies into that type) and a malformed SCAN reply becomes `unexpected(reply)`.
public enum DemoKeyspace {
  /// The key prefix every demo key lives under, so a demo never touches other keys.
  public static let prefix = "rt:demo:"

  /// A SCAN MATCH pattern for every key starting with `prefix` (glob characters escaped).
  static func pattern(under prefix: String) -> String {
    var escaped = ""
    for character in prefix {
      if "*?[]\\".contains(character) { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped + "*"
  }

  /// Every key matching `pattern`, sorted, found with SCAN (never KEYS, which blocks Redis).
  static func keys(
    matching pattern: String, send: ([String]) throws -> Reply,
    unexpected: (Reply) -> any Error
  ) throws -> [String] {
    var cursor = "0"
    var found: Set<String> = []
    repeat {
      let reply = try send(["SCAN", cursor, "MATCH", pattern, "COUNT", "1000"])
      guard let parts = reply.array, parts.count == 2, let next = parts[0].string,
        let keys = parts[1].array
      else { throw unexpected(reply) }
      for key in keys { if let name = key.string { found.insert(name) } }
      cursor = next
    } while cursor != "0"
    return found.sorted()
  }

  /// Deletes `keys` with UNLINK in batches; returns how many existed.
  ///
  /// UNLINK frees memory in the background; batches keep each command small.
  static func delete(_ keys: [String], send: ([String]) throws -> Reply) throws -> Int {
    var deleted = 0
    for start in stride(from: 0, to: keys.count, by: 500) {
      let batch = keys[start..<min(start + 500, keys.count)]
      deleted += Int(try send(["UNLINK"] + batch).integer ?? 0)
    }
    return deleted
  }
}
