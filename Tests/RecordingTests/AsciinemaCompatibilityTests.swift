import Foundation
import Recording
import Testing
import TutorTestSupport

/// The full path of `command` on `PATH`, or nil when it is not installed.
private func installed(_ command: String) -> String? {
  (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    .split(separator: ":")
    .map { "\($0)/\(command)" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The `asciinema` command, when installed (`make deps` installs it).
private let asciinema = installed("asciinema")
/// util-linux `script`, which gives `asciinema cat` the terminal it insists on opening.
private let script = installed("script")

@Suite struct AsciinemaCompatibilityTests {
  @Test(
    .enabled(
      if: asciinema != nil && script != nil,
      "asciinema (or util-linux script) is not installed; `make deps` installs it"))
  func asciinemaCatPrintsExactlyTheOutputEvents() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let path = scratch.path("session.cast")
    let writer = try AsciicastWriter(
      path: path,
      header: AsciicastHeader(
        width: 80, height: 24, timestamp: 1_767_254_400, title: "compat \"check\"",
        idleTimeLimit: 1, env: ["TERM": "xterm-256color"]),
      maximumBytes: 1 << 20, now: clock.now)
    var expected = ""
    for text in trickyTexts {
      clock.time += 0.05
      writer.output(text)
      writer.marker("after \(text.prefix(4))")
      writer.input("x")
      expected += text
    }
    writer.close()

    // `asciinema cat` opens /dev/tty, so it runs under `script`, which provides one; its
    // standard output goes to a file, untouched by the terminal.
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"
    environment["LC_ALL"] = "C.UTF-8"
    environment["ASCIINEMA_CONFIG_HOME"] = scratch.path("config")
    let printed = scratch.path("printed")
    let outcome = try ToolRun.run(
      script!, ["-qec", "exec '\(asciinema!)' cat '\(path)' > '\(printed)'", "/dev/null"],
      environment: environment, deadline: 30)
    #expect(outcome.status == 0, "\(String(decoding: outcome.stderr, as: UTF8.self))")
    #expect(try scratch.bytes("printed") == Array(expected.utf8))
  }
}
