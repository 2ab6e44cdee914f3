import Lessons
import RedisClient
import Testing

@testable import TutorApp

/// The usual start-ups read without ArgumentParser, and the checks every command line gets.
@Suite struct ShellFlagsTests {
  @Test func theUsualStartUpsAreReadAsTheirFlagsSay() throws {
    #expect(ShellFlags.parseCommon([]) == ShellFlags())
    let plain = try #require(ShellFlags.parseCommon(["--no-lesson"]))
    #expect(plain.noLesson && plain.lessonDay == nil && plain.record == nil)
    let day = try #require(ShellFlags.parseCommon(["--lesson", "2", "--plan", "6h"]))
    #expect(day.lessonDay == 2 && day.plan == "6h" && !day.noLesson)
    let quiet = try #require(
      ShellFlags.parseCommon(["--sandbox", "--no-record", "--raw"]))
    #expect(quiet.sandbox == true && quiet.record == false && quiet.raw && !quiet.noRaw)
    #expect(ShellFlags.parseCommon(["--record"])?.record == true)
    #expect(ShellFlags.parseCommon(["--no-raw"])?.noRaw == true)
  }

  @Test func theirRequestIsTheShellOnTheSandbox() throws {
    let flags = try #require(ShellFlags.parseCommon(["--lesson", "3", "--plan", "4H"]))
    let request = try flags.request(environment: ["REDISCLI_AUTH": "secret"])
    #expect(request.useSandbox)
    #expect(request.lessonDay == 3 && request.plan == .fourHours && request.lessons)
    #expect(request.rawOutput == nil && request.record == nil && request.command.isEmpty)
    #expect(request.options.password == "secret")
  }

  /// Anything else is left to ArgumentParser: other servers, commands, help, and mistakes,
  /// which it reports in its own words.
  @Test(arguments: [
    ["-p", "6379"], ["-h", "example.com"], ["--host", "example.com"], ["-u", "redis://x"],
    ["-s", "/tmp/redis.sock"], ["--no-sandbox"], ["GET", "key"], ["--help"], ["--version"],
    ["--lesson"], ["--no-lesson", "PING"], ["--lesson", "9"], ["--lesson", "two"],
    ["--lesson", "2", "--no-lesson"], ["--plan", "5h"], ["--plan", "--raw"], ["--raw", "--no-raw"],
    ["--record", "--no-record"], ["--no-lesson", "--no-lesson"], ["--lesson=2"], ["--yes"],
  ])
  func anythingElseIsLeftToTheParser(arguments: [String]) {
    #expect(ShellFlags.parseCommon(arguments) == nil)
  }

  @Test func mistakesAreOneLineEach() {
    var flags = ShellFlags()
    #expect(flags.problem == nil)
    flags.port = 99999
    #expect(flags.problem == "-p 99999 is not a port number (1-65535)")
    flags = ShellFlags()
    flags.lessonDay = 9
    #expect(flags.problem == "--lesson 9: days run from 1 to 7")
    flags = ShellFlags()
    flags.plan = "5h"
    #expect(flags.problem == "--plan 5h: use 4h or 6h")
    flags = ShellFlags()
    flags.quizSelection = "nonsense"
    #expect(flags.problem == "--quiz nonsense: not a quiz selection")
  }

  @Test func aNamedServerIsNotTheSandboxAndABadURLIsOneLine() throws {
    var flags = ShellFlags()
    flags.port = 7000
    let request = try flags.request(environment: [:])
    #expect(!request.useSandbox)
    #expect(request.options.endpoint == .tcp(host: "127.0.0.1", port: 7000))
    flags = ShellFlags()
    flags.uri = "http://nowhere"
    #expect(throws: ShellFlagError.self) { try flags.request(environment: [:]) }
  }
}
