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

  /// The most columns a lesson's title takes, so a day's line fits an 80-column terminal.
  static let maximumTitleWidth = 32

  /// The report; `current` marks the day and step the learner is on.
  public func text(current: (day: Int, step: String)? = nil, barWidth: Int = 20) -> String {
    var days = TextTable(
      columns: [
        .init("day"), .init("steps"), .init("title", maximumWidth: Self.maximumTitleWidth),
        .init("current"),
      ],
      headerStyle: .hidden)
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
      let marker = current.flatMap { $0.day == lesson.day ? "← \($0.step)" : nil } ?? ""
      days.addRow(["Day \(lesson.day)", counts, lesson.title, marker])
    }
    var lines = days.rows.isEmpty ? [] : [days.render()]
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
    let streak = (try? store?.streak(endingOn: today)) ?? 0
    lines.append("")
    lines.append(
      "\(totalDone)/\(totalSteps) steps passed (\(plan.rawValue) plan). Streak: \(streak) day\(streak == 1 ? "" : "s")."
    )
    return lines.joined(separator: "\n") + "\n"
  }
}
