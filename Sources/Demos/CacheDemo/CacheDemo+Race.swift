import Foundation
import JSON
import Patterns
import RedisClient
import TerminalUI

extension CacheDemo {
  /// Scenario 3: the stale-set race step by step, then the same interleaving with a lease.
  func race(_ store: ItemStore) throws -> ScenarioReport {
    let title = "The stale-set race: a late SET puts old data back"
    heading(number(of: .race), title)
    var tables: [ReportTable] = []
    var metrics: [String: JSONValue] = [:]
    for fix in [false, true] {
      try checkCancelled()
      environment.progress.update("stale-set race \(fix ? "with a lease" : "unprotected")…")
      let outcome = try StaleSetRace.run(
        fix: fix, options: environment.options, store: store, id: 2, ttl: settings.ttlSeconds,
        clock: clock)
      environment.progress.finish()
      say(
        fix ? "\nWith a lease (the reader may only fill the key it was promised):" : "Unprotected:")
      var table = TextTable(headers: ["step", "who", "what"], rightAligned: [0])
      for (index, step) in outcome.steps.enumerated() {
        table.addRow(["\(index + 1)", step.actor.rawValue, step.action])
      }
      say(table)
      let verdict: String
      if outcome.cacheIsStale {
        let ttl = outcome.cachedTTL.map { " for the next \(duration($0))" } ?? ""
        verdict =
          "✗ The cache holds version \(outcome.cachedVersion ?? 0) while the store has version \(outcome.storeVersion): every reader gets old data\(ttl)."
      } else {
        verdict =
          "✓ The store has version \(outcome.storeVersion) and the cache \(outcome.cachedVersion.map { "holds version \($0)" } ?? "is empty, so the next read loads it"): no stale data."
      }
      paragraph(
        environment.unicode
          ? verdict
          : verdict.replacingOccurrences(of: "✗", with: "x").replacingOccurrences(
            of: "✓", with: "ok"))
      metrics[fix ? "stale_with_lease" : "stale_unprotected"] = .bool(outcome.cacheIsStale)
      tables.append(ReportTable(table))
    }
    return ScenarioReport(name: "race", title: title, metrics: metrics, tables: tables)
  }
}
