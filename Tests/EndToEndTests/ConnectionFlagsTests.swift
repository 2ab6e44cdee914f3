import Foundation
import RedisClient
import Testing
import TutorTestSupport

/// redis-cli's connection flags and environment, on the built binary.
@Suite("End to end: connection flags")
struct ConnectionFlagsTests {
  let server: RedisServerFixture
  let socketPath: String
  init() throws {
    let directory = try TemporaryDirectory.make(prefix: "flags")
    socketPath = directory.appendingPathComponent("redis.sock").path
    server = try RedisServerFixture(extraArguments: [
      "--requirepass", "s3cret", "--unixsocket", socketPath,
    ])
  }

  private var port: String { String(server.port) }

  @Test func passwordFromREDISCLI_AUTH() throws {
    let result = try TutorBinary.run(
      ["-p", port, "PING"], environment: ["REDISCLI_AUTH": "s3cret"])
    #expect(result.output == "PONG\n")
    #expect(result.stderr.isEmpty)
  }

  @Test func passwordOnTheCommandLineWarnsLikeRedisCli() throws {
    let result = try TutorBinary.run(["-p", port, "-a", "s3cret", "PING"])
    #expect(result.output == "PONG\n")
    #expect(
      result.stderr
        == "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n"
    )
    let quiet = try TutorBinary.run(["-p", port, "-a", "s3cret", "--no-auth-warning", "PING"])
    #expect(quiet.stderr.isEmpty)
  }

  @Test func uriWithPasswordAndDatabase() throws {
    let result = try TutorBinary.run(
      ["-u", "redis://:s3cret@127.0.0.1:\(port)/3"],
      stdin: Array("SET where db3\nCLIENT INFO\n".utf8))
    #expect(result.output.hasPrefix("OK\n"))
    #expect(result.output.contains(" db=3 "))
  }

  @Test func aPasswordInTheURIWarnsLikeRedisCli() throws {
    let uri = "redis://:s3cret@127.0.0.1:\(port)"
    let result = try TutorBinary.run(["-u", uri, "PING"])
    #expect(result.output == "PONG\n")
    #expect(
      result.stderr
        == "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n"
    )
    let quiet = try TutorBinary.run(["-u", uri, "--no-auth-warning", "PING"])
    #expect(quiet.output == "PONG\n")
    #expect(quiet.stderr.isEmpty)
  }

  @Test func aPasswordInTheURIReachesNoFile() throws {
    let home = try TemporaryDirectory.make(prefix: "flags-home")
    let session = try TmuxSession(
      [TutorBinary.path, "-u", "redis://:s3cret@127.0.0.1:\(port)", "--no-lesson"],
      environment: TutorBinary.environment(home: home, extra: ["NO_COLOR": "1"]))
    try session.waitFor("may not be safe.")
    try session.waitFor("127.0.0.1:\(port)>")
    try session.enter("ECHO uri-typed")
    try session.waitFor("\"uri-typed\"")
    try session.enter("quit")
    _ = try session.waitForScreen { _ in (try? session.programExited()) == true }
    let data = home.appendingPathComponent("data/redis-tutor")
    // The session was recorded and kept history, and neither holds the password.
    let history = try String(contentsOfFile: data.path + "/history", encoding: .utf8)
    #expect(history.contains("ECHO uri-typed\n"), "\(history)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: data.path + "/recordings").count == 1)
    #expect(try filesHolding("s3cret", under: home) == [])
  }

  @Test func unixSocketAndDatabaseNumber() throws {
    let result = try TutorBinary.run(
      ["-s", socketPath, "-n", "5"], stdin: Array("CLIENT INFO\n".utf8),
      environment: ["REDISCLI_AUTH": "s3cret"])
    #expect(result.output.contains(" db=5 "))
  }

  @Test func aWrongPasswordIsOneClearLine() throws {
    let result = try TutorBinary.run(["-p", port, "PING"], environment: ["REDISCLI_AUTH": "wrong"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("AUTH failed: WRONGPASS"))
  }

  @Test func aBadURIIsRejectedWithTheReason() throws {
    let result = try TutorBinary.run(["-u", "http://example"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("is not a redis:// URL"))
  }
}
