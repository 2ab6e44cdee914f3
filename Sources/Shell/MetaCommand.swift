/// A tutor command typed with a leading colon (`:peek key`), as opposed to a Redis command.
///
/// The table is data: each feature's `ShellPlugin` brings its own entries (`:next`,
/// `:demo` …) without the shell knowing them.
public struct MetaCommand {
  /// The name without the colon, lower-case.
  public let name: String
  /// How to call it, such as `:peek KEY`.
  public let usage: String
  /// One line saying what it does.
  public let summary: String
  /// Runs it with the words after the name.
  public let run: (Shell, [String]) -> Void

  public init(
    name: String, usage: String, summary: String, run: @escaping (Shell, [String]) -> Void
  ) {
    self.name = name
    self.usage = usage
    self.summary = summary
    self.run = run
  }
}
