import RedisClient

#if canImport(Glibc)
  import Glibc
#endif

/// The Redis counterpart of a drill family, run on the live server (`:drill heap redis`).
///
/// A sorted set as a priority queue, `maxmemory` with allkeys-lru evicting keys, and the
/// sliding-window log. Keys live under `rt:drill:` and are removed afterwards; the LRU one
/// changes server settings, so it runs only on the private sandbox and puts them back.
struct DrillTieIn {
  let connection: Connection
  let onSandbox: Bool
  let write: (String) -> Void

  /// The families with a tie-in.
  static let families = ["heap", "lru", "window"]

  func run(_ family: String) throws {
    switch family {
    case "heap": try priorityQueue()
    case "lru": try evictions()
    case "window": try slidingLog()
    default:
      write("No Redis tie-in for \(family); there are: \(Self.families.joined(separator: ", ")).\n")
    }
  }

  private func send(_ words: [String]) throws -> Reply {
    try connection.send(words.map { Array($0.utf8) })
  }

  /// Shows a command as typed and returns its reply.
  @discardableResult
  private func show(_ words: [String]) throws -> Reply {
    let reply = try send(words)
    let text: String
    switch reply {
    case .array(let items): text = items.map { $0.string ?? "(nil)" }.joined(separator: " ")
    case .null: text = "(nil)"
    default: text = reply.string ?? ""
    }
    write("  > \(words.joined(separator: " "))\n    \(text)\n")
    return reply
  }

  /// A sorted set pops in priority order, as a min-heap does.
  private func priorityQueue() throws {
    let key = "rt:drill:pq"
    let tasks = [
      ("send-invoice", 3), ("resize-image", 7), ("reset-password", 1), ("weekly-digest", 9),
      ("verify-email", 2),
    ]
    write(
      "A sorted set as a priority queue: the score is the priority, ZPOPMIN takes the smallest.\n")
    _ = try send(["DEL", key])
    try show(["ZADD", key] + tasks.flatMap { [String($0.1), $0.0] })
    let popped = try show(["ZPOPMIN", key, "3"]).array?.compactMap(\.string) ?? []
    let names = stride(from: 0, to: popped.count, by: 2).map { popped[$0] }
    let heapOrder = tasks.sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
    write(
      "Popped \(names.joined(separator: ", ")); a min-heap of the same tasks pops \(heapOrder.joined(separator: ", ")): \(names == heapOrder ? "the same order" : "a different order").\n"
    )
    write("BZPOPMIN waits for a task when the set is empty, as a worker would.\n")
    _ = try send(["DEL", key])
  }

  /// `maxmemory` with allkeys-lru: Redis evicts keys nobody read recently.
  private func evictions() throws {
    guard onSandbox else {
      write("The LRU tie-in changes maxmemory, so it runs only on the private sandbox.\n")
      return
    }
    var saved: [String: String] = [:]
    for name in ["maxmemory", "maxmemory-policy", "maxmemory-samples"] {
      saved[name] = try send(["CONFIG", "GET", name]).array?.last?.string
    }
    defer {
      for (name, value) in saved { _ = try? send(["CONFIG", "SET", name, value]) }
      _ = try? deleteKeys(prefix: "rt:drill:lru:")
    }
    func info(_ field: String, _ section: String) throws -> Int {
      let text = try send(["INFO", section]).string ?? ""
      let line = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix(field + ":") }
      return Int(line?.dropFirst(field.count + 1) ?? "") ?? 0
    }
    let used = try info("used_memory", "memory")
    let limit = used + 260 * 1024
    write(
      "maxmemory with allkeys-lru: when memory is full, Redis evicts the least recently used keys (it samples a few and evicts the oldest; its LRU clock ticks once a second).\n"
    )
    try show(["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"])
    try show(["CONFIG", "SET", "maxmemory", String(limit)])
    _ = try send(["CONFIG", "SET", "maxmemory-samples", "10"])
    let before = try info("evicted_keys", "stats")
    let value = String(repeating: "x", count: 1024)
    let first = 0..<180
    let hot = 0..<40
    for index in first { _ = try send(["SET", "rt:drill:lru:\(index)", value]) }
    // Let the LRU clock move on, then read 40 of the keys: they become the recent ones.
    usleep(1_200_000)
    for key in hot { _ = try send(["GET", "rt:drill:lru:\(key)"]) }
    for index in 180..<330 { _ = try send(["SET", "rt:drill:lru:\(index)", value]) }
    let evicted = try info("evicted_keys", "stats") - before
    let hotLeft = try hot.filter { try send(["EXISTS", "rt:drill:lru:\($0)"]).integer == 1 }.count
    let coldLeft = try (40..<180).filter {
      try send(["EXISTS", "rt:drill:lru:\($0)"]).integer == 1
    }
    .count
    write(
      "  180 keys of 1 KB, a pause, 40 of them read again, then 150 more keys into \(limit / 1024) KB\n"
    )
    write("  INFO stats evicted_keys went up by \(evicted)\n")
    write(
      "  the 40 keys read again: \(hotLeft) still there; the 140 not read again: \(coldLeft) still there\n"
    )
    write(
      "Settings put back: maxmemory \(saved["maxmemory"] ?? "?"), policy \(saved["maxmemory-policy"] ?? "?").\n"
    )
  }

  /// The sliding-window log of a rate limiter: ZADD, ZREMRANGEBYSCORE, ZCARD.
  private func slidingLog() throws {
    let key = "rt:drill:window"
    write(
      "The sliding-window log: one sorted-set entry per event, scored by time; drop the old, count the rest.\n"
    )
    _ = try send(["DEL", key])
    let times = [1000, 1200, 3500, 4100, 5800, 6000, 6100]
    try show(["ZADD", key] + times.flatMap { [String($0), "event-\($0)"] })
    let now = 6200
    let window = 3000
    try show(["ZREMRANGEBYSCORE", key, "-inf", String(now - window)])
    let count = try show(["ZCARD", key]).integer ?? -1
    let expected = times.filter { $0 > now - window }.count
    write(
      "Events in the last \(window) ms at t=\(now): \(count) (counting the array by hand: \(expected)).\n"
    )
    _ = try send(["DEL", key])
  }

  private func deleteKeys(prefix: String) throws {
    var cursor = "0"
    repeat {
      let reply = try send(["SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"])
      guard let parts = reply.array, parts.count == 2 else { return }
      cursor = parts[0].string ?? "0"
      let keys = parts[1].array?.compactMap(\.string) ?? []
      if !keys.isEmpty { _ = try send(["UNLINK"] + keys) }
    } while cursor != "0"
  }
}
