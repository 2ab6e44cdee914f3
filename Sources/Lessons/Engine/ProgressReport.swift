import Progress

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

  /// The report; `current` marks the day and step the learner is on.
  public func text(current: (day: Int, step: String)? = nil, barWidth: Int = 20) -> String {
    var lines: [String] = []
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
      var line = "Day \(lesson.day)  \(bar) \(pad(done, steps.count))"
      if skipped > 0 { line += ", \(skipped) skipped" }
      if minutes > 0 { line += ", \(minutes) min" }
      line += "  \(lesson.title)"
      if let current, current.day == lesson.day { line += "  ← \(current.step)" }
      lines.append(line)
    }
    let drills = ((try? store?.drillStats()) ?? nil) ?? []
    if !drills.isEmpty {
      lines.append("")
      lines.append("DSA drills:")
      for family in drills {
        let minutes = Int((family.seconds / 60).rounded())
        let percent = Int((family.accuracy * 100).rounded())
        lines.append(
          "  \(family.family.padding(6)) \(family.attempts) answered, \(percent)% right, \(minutes) min"
        )
      }
    }
    let streak = (try? store?.streak(endingOn: today)) ?? 0
    lines.append("")
    lines.append(
      "\(totalDone)/\(totalSteps) steps passed (\(plan.rawValue) plan). Streak: \(streak) day\(streak == 1 ? "" : "s")."
    )
    return lines.joined(separator: "\n") + "\n"
  }

  private func pad(_ done: Int, _ total: Int) -> String {
    let text = "\(done)/\(total)"
    return text + String(repeating: " ", count: max(0, 5 - text.count))
  }
}

extension String {
  /// The text padded with spaces to `width` characters.
  fileprivate func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}
