import Progress
import TerminalUI

/// The per-day progress bars and the streak, for `:progress` and `redis-tutor progress`.
public struct ProgressReport {
  let catalog: LessonCatalog
  let store: ProgressStore?
  let plan: StudyPlan
  let today: String

  public init(catalog: LessonCatalog, store: ProgressStore?, plan: StudyPlan, today: String) {
    self.catalog = catalog
    self.store = store
    self.plan = plan
    self.today = today
  }

  /// The fewest columns a title is cut to, however long the counts beside it.
  static let minimumTitleWidth = 16

  /// The report; `current` marks the day and step the learner is on.
  ///
  /// Each day's line fits in `width` columns: the title, last, is cut with "…" to the room
  /// the day and its counts leave, and on the current day to the room the marker leaves.
  public func text(
    current: (day: Int, step: String)? = nil, barWidth: Int = 20,
    width: Int = TerminalSize.fallback.columns
  ) -> String {
    var days: [(label: String, counts: String, title: String, marker: String)] = []
    var totalDone = 0
    var totalSteps = 0
    for lesson in catalog.lessons {
      let steps = lesson.steps(in: plan)
      let states = ((try? store?.steps(day: lesson.day)) ?? nil) ?? [:]
      let done = steps.filter { states[$0.id]?.status == .passed }.count
      let skipped = steps.filter { states[$0.id]?.status == .skipped }.count
      totalDone += done
      totalSteps += steps.count
      let filled = steps.isEmpty ? 0 : done * barWidth / steps.count
      let bar =
        String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
      let minutes = Int(
        (((try? store?.blockTimes(day: lesson.day)) ?? nil) ?? [:]).values.reduce(0, +) / 60)
      var counts = "\(bar) \(done)/\(steps.count)"
      if skipped > 0 { counts += ", \(skipped) skipped" }
      if minutes > 0 { counts += ", \(minutes) min" }
      let marker = current.flatMap { $0.day == lesson.day ? "  ← \($0.step)" : nil } ?? ""
      days.append(("Day \(lesson.day)", counts, lesson.title, marker))
    }
    let labelWidth = days.map { DisplayWidth.visibleWidth($0.label) }.max() ?? 0
    let countsWidth = days.map { DisplayWidth.visibleWidth($0.counts) }.max() ?? 0
    let gaps = 2 * "  ".count  // between the day, its counts and its title
    let titleRoom = max(Self.minimumTitleWidth, width - labelWidth - countsWidth - gaps)
    var table = TextTable(
      columns: [.init("day"), .init("steps"), .init("title")], headerStyle: .hidden)
    for day in days {
      let room = max(Self.minimumTitleWidth, titleRoom - DisplayWidth.visibleWidth(day.marker))
      table.addRow(
        [day.label, day.counts, DisplayWidth.truncated(day.title, toWidth: room) + day.marker])
    }
    var lines = days.isEmpty ? [] : [table.render()]
    let drills = ((try? store?.drillStats()) ?? nil) ?? []
    if !drills.isEmpty {
      var families = TextTable(
        columns: [
          .init("family"), .init("answered", alignment: .right), .init("right", alignment: .right),
          .init("time", alignment: .right),
        ],
        headerStyle: .hidden)
      for family in drills {
        let minutes = Int((family.seconds / 60).rounded())
        let percent = Int((family.accuracy * 100).rounded())
        families.addRow([
          family.family, "\(family.attempts) answered,", "\(percent)% right,", "\(minutes) min",
        ])
      }
      lines.append("")
      lines.append("DSA drills:")
      // Indented under its heading, like the lists elsewhere in the tutor.
      lines += families.render().split(separator: "\n").map { "  " + $0 }
    }
    lines += stageLines()
    let streak = (try? store?.streak(endingOn: today)) ?? 0
    lines.append("")
    lines.append(
      "\(totalDone)/\(totalSteps) steps passed (\(plan.rawValue) plan). Streak: \(streak) day\(streak == 1 ? "" : "s")."
    )
    return lines.joined(separator: "\n") + "\n"
  }

  /// The stages the learner's own programs were tested on, by day: passed, or how far the
  /// latest run got; nothing when no stage was run.
  func stageLines() -> [String] {
    let standings = ((try? store?.stageStandings()) ?? nil) ?? []
    guard !standings.isEmpty else { return [] }
    var table = TextTable(
      columns: [.init("day"), .init("stage"), .init("standing")], headerStyle: .hidden)
    for standing in standings {
      let latest = standing.latest
      var text =
        latest.isPass
        ? "✓ passed"
        : "✗ \(latest.passed)/\(latest.total), stopped at \(latest.failedExpectation ?? "?")"
      if !latest.isPass, standing.everPassed { text += " (passed before)" }
      table.addRow(["Day \(latest.day)", latest.stage, text])
    }
    let passed = standings.filter(\.latest.isPass).count
    return ["", "Your own programs (redis-tutor test), \(passed) of \(standings.count) passing:"]
      + table.render().split(separator: "\n").map { "  " + $0 }
  }
}
