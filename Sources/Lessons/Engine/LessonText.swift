/// A whole day as one Markdown document, for `redis-tutor lesson N --print`.
public enum LessonText {
  /// The day's title, plan, and every block and step of the plan, with hints and checks left
  /// out (they belong to the interactive session).
  public static func markdown(of lesson: Lesson, plan: StudyPlan) -> String {
    var parts = ["# Day \(lesson.day): \(lesson.title)"]
    if let goal = lesson.goal { parts.append("*Goal:* \(goal)") }
    let blocks = lesson.blocks(in: plan)
    parts.append(
      "**Plan (\(plan.rawValue)):**\n\n"
        + blocks.enumerated().map { index, block in
          "\(index + 1). \(block.title) (\(block.kind.rawValue), \(block.minutesText))"
        }.joined(separator: "\n"))
    if !lesson.introduction.isEmpty { parts.append(lesson.introduction) }
    for (index, block) in blocks.enumerated() {
      parts.append("# Block \(index + 1): \(block.title) (\(block.minutesText))")
      if !block.introduction.isEmpty { parts.append(block.introduction) }
      for step in block.steps {
        parts.append("## \(step.title)")
        if !step.prose.isEmpty { parts.append(step.prose) }
      }
    }
    return parts.joined(separator: "\n\n") + "\n"
  }
}
