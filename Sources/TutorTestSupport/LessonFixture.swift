/// Lesson Markdown for tests: the YAML front matter every lesson file starts with.
public enum LessonFixture {
  /// The front matter of a lesson day with one block on both plans, from the opening `---`
  /// to the closing `---` (no newline after it, so it reads as a line inside a `"""` literal).
  public static func frontMatter(
    day: Int, title: String, blockID: String = "concepts", kind: String = "concepts",
    blockTitle: String = "Concepts", minutes: Int = 30
  ) -> String {
    """
    ---
    day: \(day)
    title: \(title)
    blocks:
      - id: \(blockID)
        kind: \(kind)
        title: \(blockTitle)
        minutes: \(minutes)
        plans: 4h 6h
    ---
    """
  }
}
