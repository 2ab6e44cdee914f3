import Foundation
import Patterns
import RedisClient
import TerminalUI

extension CacheDemo {
  /// Scenario 5: the keys the demo left, grouped by kind, with TTLs and memory.
  func keyReport(_ connection: Connection) throws -> ScenarioReport {
    let title = "Keys and TTLs: what the demo left in Redis"
    heading(number(of: .keys), title)
    environment.progress.update("reading the demo's keys…")
    let names = try keys.existingKeys(using: connection)
    struct Group {
      var count = 0
      var memory = 0
      var ttls: [Double] = []
      var example = ""
    }
    var groups: [String: Group] = [:]
    for name in names {
      let kind = String(name.dropFirst(keys.prefix.count).prefix { $0 != ":" })
      var group = groups[kind] ?? Group(example: name)
      group.count += 1
      group.memory += Int(try connection.send("MEMORY", "USAGE", name).integer ?? 0)
      let ttl = try connection.send("PTTL", name).integer ?? -1
      if ttl >= 0 { group.ttls.append(Double(ttl) / 1000) }
      groups[kind] = group
    }
    environment.progress.finish()
    var table = TextTable(
      headers: ["kind", "keys", "memory", "per key", "TTL left (min–max)", "example"],
      rightAligned: [1, 2, 3])
    for (kind, group) in groups.sorted(by: { $0.key < $1.key }) {
      let ttl =
        group.ttls.isEmpty
        ? "none"
        : "\(duration(group.ttls.min()!))–\(duration(group.ttls.max()!))"
      table.addRow([
        kind, "\(group.count)", bytes(group.memory), bytes(group.memory / max(1, group.count)), ttl,
        group.example,
      ])
    }
    if names.isEmpty { say("No demo keys are left.") } else { say(table) }
    if let example = groups["item"]?.example {
      paragraph(
        "Keys follow \(keys.prefix)<kind>:<id>, so one SCAN MATCH finds them all. Look inside one with :peek \(example). Remove them all with redis-tutor demo cache --clean."
      )
    }
    let total = groups.values.reduce(0) { $0 + $1.memory }
    return ScenarioReport(
      name: "keys", title: title,
      metrics: [
        "keys": .integer(names.count), "memory_bytes": .integer(total),
        "kinds": .object(groups.mapValues { .integer($0.count) }),
      ],
      tables: [ReportTable(table)])
  }

  func bytes(_ count: Int) -> String {
    count >= 10_240 ? "\(count / 1024) KB" : "\(count) B"
  }
}
