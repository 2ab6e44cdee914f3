/// Where the lesson engine's words go; the shell renders them for the terminal.
///
/// The engine decides what to say, never how it looks: the shell turns Markdown into
/// coloured, wrapped text on a terminal and into plain lines on a pipe.
public struct LessonDisplay {
  /// Lesson prose in Markdown.
  public var markdown: (String) -> Void
  /// A one-line message from the tutor.
  public var note: (String) -> Void
  /// A passed check or a finished block.
  public var success: (String) -> Void
  /// A check that did not pass yet, or a refused action.
  public var problem: (String) -> Void
  /// Called when a step is shown, with the day, the step id and its title (recordings mark
  /// step changes with it).
  public var stepShown: (Int, String, String) -> Void

  public init(
    markdown: @escaping (String) -> Void, note: @escaping (String) -> Void,
    success: @escaping (String) -> Void, problem: @escaping (String) -> Void,
    stepShown: @escaping (Int, String, String) -> Void = { _, _, _ in }
  ) {
    self.markdown = markdown
    self.note = note
    self.success = success
    self.problem = problem
    self.stepShown = stepShown
  }
}
