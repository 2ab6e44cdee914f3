import Foundation
import Patterns
import RedisSandbox
import Testing
import TutorTestSupport

/// Each short flag means one thing per command, and `--host` is Redis's host everywhere.
@Suite("End to end: what each flag means")
struct FlagMeaningTests {
  /// The option lines of a command's `--help` that begin with `flag`.
  private func optionLines(_ help: String, startingWith flag: String) -> [String] {
    help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix(flag + " ") || $0.hasPrefix(flag + ",") }
  }

  @Test(arguments: [
    [], ["demo", "cache"], ["demo", "limiter"], ["demo", "queue"], ["demo", "worker"],
    ["demo", "enqueue"],
  ])
  func dashHIsTheRedisHostAndHelpIsLongOnly(command: [String]) throws {
    let result = try TutorBinary.run(command + ["--help"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = optionLines(result.output, startingWith: "-h")
    #expect(lines.count == 1, "\(command): \(lines)")
    #expect(lines.first?.hasPrefix("-h, --host <host>") == true, "\(command): \(lines)")
    #expect(optionLines(result.output, startingWith: "--help").count == 1)
  }

  @Test func aMissingHostValueNamesTheHostFlag() throws {
    let result = try TutorBinary.run(["demo", "cache", "-h"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("Missing value for '-h <host>'"), "\(result.stderr)")
  }

  @Test func serveListensOnBindAndTakesRedisFromHost() throws {
    let result = try TutorBinary.run(["serve", "--help"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(optionLines(result.output, startingWith: "--bind").count == 1, "\(result.output)")
    #expect(optionLines(result.output, startingWith: "-h").first?.hasPrefix("-h, --host") == true)
    #expect(
      optionLines(result.output, startingWith: "-p").first?.hasPrefix("-p, --redis-port") == true)
    #expect(optionLines(result.output, startingWith: "--host").isEmpty)
  }

  /// `demo worker` takes the server the way `demo enqueue` does: the same flags, and on a
  /// named server only with --yes when there is no terminal to ask on.
  @Test func workerAndEnqueueNameTheServerAlike() throws {
    let server = try RedisServerFixture()
    let named = ["-h", "127.0.0.1", "-p", String(server.port)]
    let refused = try TutorBinary.run(["demo", "worker"] + named + ["--queue", "flags"])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("pass --yes"), "\(refused.stderr)")
    let enqueued = try TutorBinary.run(
      ["demo", "enqueue"] + named + [
        "--yes", "--queue", "flags", "--to", "a@example.com",
        "--subject", "Hi",
      ])
    #expect(enqueued.status == 0, "\(enqueued.stderr)")
    let home = try TemporaryDirectory.make(prefix: "tutor-flags")
    defer { try? FileManager.default.removeItem(at: home) }
    let worker = try ChildProcess(
      executable: TutorBinary.path,
      arguments: ["demo", "worker"] + named + ["--yes", "--queue", "flags", "--work", "noop"],
      environment: TutorBinary.environment(home: home),
      streams: .init(input: "/dev/null", output: "/dev/null", error: "/dev/null"))
    defer { worker.terminate(signal: SIGKILL, grace: .seconds(1)) }
    let queue = try ReliableQueue(
      options: server.options, configuration: QueueConfiguration(name: "flags"))
    #expect(try eventually(within: .seconds(20)) { try queue.stats().done == 1 })
  }
}
