import TutorTestSupport

/// Runs the real `redis-cli` with a command as its arguments and captures what it prints.
struct RedisCLIRunner {
  let executable: String
  let port: Int

  init(port: Int) throws {
    guard let executable = RedisServerFixture.findExecutable("redis-cli") else {
      throw FixtureError("redis-cli not found: install it with `apt-get install redis-tools`")
    }
    self.executable = executable
    self.port = port
  }

  /// The bytes redis-cli writes to stdout (a pipe, so raw unless `--no-raw` is given).
  ///
  /// With `input`, redis-cli runs its REPL over those lines (stdin is not a tty).
  func output(_ command: [String], terminalFormat: Bool, input: [UInt8]? = nil) throws -> [UInt8] {
    let arguments = ["-p", String(port)] + (terminalFormat ? ["--no-raw"] : []) + command
    return try ToolRun.run(executable, arguments, stdin: input ?? []).stdout
  }
}
