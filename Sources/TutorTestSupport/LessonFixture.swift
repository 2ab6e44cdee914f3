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

  /// A checked step that stores `hello` in `rt:greeting`, with two hints and a solution:
  /// from its `##` heading to the end of its solution block (no newline after it).
  public static let greetingStep = """
    ## Store a greeting {#greeting}

    Store *hello* under a key.

    ```redis
    SET rt:greeting hello
    ```

    ```check
    GET rt:greeting => hello # store the word hello
    ```

    ```hint
    The command that stores a string is SET.
    ```

    ```hint
    SET rt:greeting hello
    ```

    ```solution
    SET rt:greeting hello
    ```
    """

  /// A day of two blocks on both plans: a 10-minute hands-on warm-up holding `step`, and a
  /// 5-minute review with one reading step (ends with a newline).
  public static func twoBlockDay(title: String, step: String = greetingStep) -> String {
    """
    ---
    day: 1
    title: \(title)
    blocks:
      - id: warmup
        kind: hands-on
        title: Warm-up
        minutes: 10
        plans: 4h 6h
      - id: review
        kind: review
        title: Review
        minutes: 5
        plans: 4h 6h
    ---
    # Warm-up {#warmup}

    \(step)

    # Review {#review}

    ## Look back {#look-back}

    Which command read it back?

    """
  }
}
