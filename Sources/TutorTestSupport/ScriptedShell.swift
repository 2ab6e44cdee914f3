import RedisCLIFormat
import Shell

/// A shell in-process against a real redis-server: scripted lines in, captured output out.
public struct ScriptedShell {
  public let shell: Shell
  public let input: ScriptedLines
  /// What the shell printed to stdout.
  public let output: CapturedOutput
  /// What it printed to stderr: tutor notes and lesson prose when input is piped.
  public let errors: CapturedOutput

  /// `terminalSize` is the terminal the output goes to; nil (the default) is a pipe, so the
  /// tests do not depend on the window they are run from.
  public init(
    _ lines: [String], server: RedisServerFixture, interactive: Bool = false,
    mode: OutputMode = .terminal, terminalSize: (rows: Int, columns: Int)? = nil
  ) {
    input = ScriptedLines(lines, interactive: interactive)
    output = CapturedOutput()
    errors = CapturedOutput()
    shell = Shell(
      link: ServerLink(options: server.options, sandbox: nil),
      settings: ShellSettings(outputMode: mode, color: false), input: input, output: output,
      errors: errors, terminalSize: { terminalSize })
    shell.connectAtStart()
  }
}
