import RedisCLIFormat

/// The learner's choices that change how the shell behaves.
public struct ShellSettings: Sendable {
  /// Terminal format (redis-cli's default on a tty) or raw (piped output, `--raw`).
  public var outputMode: OutputMode
  /// Whether ANSI colour may be used (off under NO_COLOR).
  public var color: Bool
  /// Whether inline hints are drawn as the learner types.
  public var hints: Bool
  /// `--yes`: run dangerous commands on a named server without asking.
  public var assumeYes: Bool
  /// The version printed by `help`.
  public var version: String

  public init(
    outputMode: OutputMode, color: Bool = true, hints: Bool = true, assumeYes: Bool = false,
    version: String = "0"
  ) {
    self.outputMode = outputMode
    self.color = color
    self.hints = hints
    self.assumeYes = assumeYes
    self.version = version
  }
}
