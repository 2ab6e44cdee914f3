import Foundation
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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments =
      ["-p", String(port)] + (terminalFormat ? ["--no-raw"] : []) + command
    let stdout = Pipe()
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    let stdin = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
      // redis-cli answers line by line, so the whole input fits before it blocks on output.
      stdin.fileHandleForWriting.write(Data(input))
      try stdin.fileHandleForWriting.close()
    }
    // Read to end of file first: on Linux `waitUntilExit` is reliable, `isRunning` lags.
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
  }
}
