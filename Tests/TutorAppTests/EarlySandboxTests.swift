import Testing

@testable import TutorApp

/// Which command lines start the sandbox's server before the flags are parsed.
@Suite struct EarlySandboxTests {
  @Test(arguments: [
    [], ["--no-lesson"], ["--lesson", "3"], ["--lesson", "2", "--plan", "6h"],
    ["--sandbox", "--no-record"],
  ])
  func theShellOnTheSandboxStartsItEarly(arguments: [String]) {
    #expect(TutorShell.opensShellOnSandbox(arguments))
  }

  @Test(arguments: [
    ["-p", "6379"], ["-h", "example.com"], ["--host", "example.com"], ["-u", "redis://x"],
    ["-s", "/tmp/redis.sock"], ["--no-sandbox"], ["GET", "key"], ["--help"], ["--version"],
    ["--lesson"], ["--no-lesson", "PING"],
  ])
  func anythingElseWaitsForTheFlags(arguments: [String]) {
    #expect(!TutorShell.opensShellOnSandbox(arguments))
  }
}
