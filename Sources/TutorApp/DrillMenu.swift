import Drills
import Progress
import TerminalUI

/// Finds drills by name and runs them, for `:drill` and `redis-tutor drill`.
public enum DrillMenu {
  /// The drills by family, one line each.
  public static func list() -> String {
    var text = ""
    for family in DrillFamily.allCases {
      let drills = DrillCatalog.drills(in: family)
      guard !drills.isEmpty else { continue }
      text += "\(family.rawValue):\n"
      for drill in drills {
        let modes = [drill.trace != nil ? "trace" : nil, drill.solve != nil ? "solve" : nil]
          .compactMap { $0 }.joined(separator: ", ")
        let name = DisplayWidth.padded(drill.name, toWidth: 28, alignment: .left)
        text += "  \(name) \(drill.summary) (\(modes))\n"
      }
    }
    text += "judge problems: \(JudgeCatalog.all.map(\.name).joined(separator: ", "))\n"
    return text
  }

  /// Accuracy per family from the progress database, for the mixed drill.
  public static func weakSpots(_ store: ProgressStore?) -> [DrillFamily: Double] {
    var result: [DrillFamily: Double] = [:]
    for stats in ((try? store?.drillStats()) ?? nil) ?? [] {
      if let family = DrillFamily(rawValue: stats.family) { result[family] = stats.accuracy }
    }
    return result
  }

  /// The drill `name` names: a drill, or one of a family (chosen by the seed), or mixed.
  public static func resolve(
    _ name: String, seed: UInt64, weakSpots: [DrillFamily: Double]
  ) -> Drill? {
    let lowered = name.lowercased()
    if lowered == "mixed" { return DrillCatalog.pickMixed(weakSpots: weakSpots, seed: seed) }
    if let drill = DrillCatalog.named(lowered) { return drill }
    if let family = DrillFamily(rawValue: lowered) {
      let drills = DrillCatalog.drills(in: family)
      return drills.isEmpty ? nil : drills[Int(seed % UInt64(drills.count))]
    }
    return nil
  }

  /// Runs a drill; false (after a note listing the names) when there is no such drill.
  @discardableResult
  public static func run(
    _ name: String, solve: Bool, seed: UInt64, weakSpots: [DrillFamily: Double],
    practice: DrillPractice, note: (String) -> Void
  ) -> Bool {
    guard let drill = resolve(name, seed: seed, weakSpots: weakSpots) else {
      let names = ["heap", "lru", "window", "bfs", "mixed"] + DrillCatalog.all.map(\.name)
      note("No drill '\(name)'. Drills: \(names.joined(separator: ", ")).")
      return false
    }
    if solve, let make = drill.solve {
      practice.solve(make(seed))
    } else if let make = drill.trace {
      practice.trace(make(seed))
    } else if let make = drill.solve {
      practice.solve(make(seed))
    }
    return true
  }

  /// The judge problems, for messages.
  public static func judgeNames() -> String {
    "Problems: " + JudgeCatalog.all.map(\.name).joined(separator: ", ") + "."
  }

  /// How to run a template once it is written.
  public static func runCommand(_ language: String, _ file: String) -> String {
    switch language {
    case "go": return "go run \(file)"
    case "python": return "python3 \(file)"
    case "swift": return "swift \(file)"
    default: return "./\(file)"
    }
  }
}
