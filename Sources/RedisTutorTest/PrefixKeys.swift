import Foundation
import RedisClient

/// One key under the run's prefix, as the tester shows it.
struct KeySnapshot {
  var name: String
  var type: String
  /// Milliseconds left, or -1 when the key never expires.
  var pttl: Int64

  var ttlText: String {
    pttl < 0 ? "no TTL" : "TTL \(String(format: "%.1f", Double(pttl) / 1000)) s"
  }
}

/// The keys under one run's `KEY_PREFIX`: the only keys the tester reads or deletes.
///
/// Keys are found with `SCAN … MATCH prefix*` (the prefix's glob characters escaped), never
/// `KEYS`, so a large database is not blocked.
struct PrefixKeys {
  let connection: Connection
  let prefix: String

  /// The prefix as a SCAN pattern matching only keys that start with it.
  var pattern: String {
    var escaped = ""
    for character in prefix {
      if "*?[]\\".contains(character) { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped + "*"
  }

  /// The keys' names, sorted.
  func names() throws(RedisError) -> [String] {
    var cursor = "0"
    var found = Set<String>()
    repeat {
      let reply = try connection.send("SCAN", cursor, "MATCH", pattern, "COUNT", "200")
      guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
        throw RedisError.protocolError("SCAN answered \(reply)")
      }
      cursor = next
      for key in parts[1].array ?? [] {
        if let name = key.string, name.hasPrefix(prefix) { found.insert(name) }
      }
    } while cursor != "0"
    return found.sorted()
  }

  /// Each key with its type and TTL.
  func snapshot() throws(RedisError) -> [KeySnapshot] {
    var keys: [KeySnapshot] = []
    for name in try names() {
      let type = try connection.send("TYPE", name).string ?? "?"
      let pttl = try connection.send("PTTL", name).integer ?? -2
      if pttl == -2 { continue }  // expired between SCAN and PTTL
      keys.append(KeySnapshot(name: name, type: type, pttl: pttl))
    }
    return keys
  }

  /// The value of a string key, or nil when it is missing or not a string.
  func string(_ suffix: String) throws(RedisError) -> String? {
    let reply = try connection.send("GET", prefix + suffix)
    return reply.isError ? nil : reply.string
  }

  /// Deletes every key under the prefix; returns how many.
  @discardableResult
  func deleteAll() throws(RedisError) -> Int {
    var deleted = 0
    for name in try names() {
      let reply = try connection.send("DEL", name)
      deleted += Int(reply.integer ?? 0)
    }
    return deleted
  }

  /// Lines describing the keys, for a failure's report.
  func described() -> [String] {
    do {
      let keys = try snapshot()
      if keys.isEmpty { return ["(no keys)"] }
      let width = keys.map(\.name.count).max() ?? 0
      return keys.map { key in
        key.name.padding(toLength: width, withPad: " ", startingAt: 0)
          + "  \(key.type.padding(toLength: 6, withPad: " ", startingAt: 0))  \(key.ttlText)"
      }
    } catch {
      return ["(cannot read them: \(error))"]
    }
  }
}
