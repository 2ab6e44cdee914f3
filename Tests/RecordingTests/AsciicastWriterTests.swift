import Foundation
import Recording
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct AsciicastWriterTests {
  let header = AsciicastHeader(
    width: 80, height: 24, timestamp: 1_767_254_400, title: "day 1 \"strings\"",
    idleTimeLimit: 2, env: ["SHELL": "/bin/bash", "TERM": "xterm-256color"])

  @Test func roundTripKeepsTrickyTextExactly() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let writer = try AsciicastWriter(
      path: scratch.path("tricky.cast"), header: header, maximumBytes: 1 << 20, now: clock.now)
    var expected: [AsciicastEvent] = []
    for (offset, text) in trickyTexts.enumerated() {
      clock.time += 0.25
      writer.output(text)
      expected.append(AsciicastEvent(time: 0.25 * Double(offset + 1), code: .output, data: text))
    }
    clock.time += 1.5
    writer.marker("day 1 · strings")
    expected.append(AsciicastEvent(time: 3.5, code: .marker, data: "day 1 · strings"))
    writer.close()

    let file = try AsciicastFile.read(path: scratch.path("tricky.cast"))
    #expect(file.header == header)
    #expect(file.events == expected)
    #expect(file.damage == nil)
    #expect(
      file.events.map { Array($0.data.unicodeScalars) }
        == expected.map {
          Array($0.data.unicodeScalars)
        })
    #expect(AsciicastChecker.violations(in: try scratch.bytes("tricky.cast")).isEmpty)
  }

  @Test func eachLineIsOneJSONLineWithEscapedControls() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let writer = try AsciicastWriter(
      path: scratch.path("lines.cast"), header: AsciicastHeader(width: 100, height: 30),
      maximumBytes: 4096, now: clock.now)
    clock.time += 1.25
    writer.output("\u{1B}[2J\r\n\t\"x\"\\\u{0}")
    writer.close()
    let lines = try scratch.text("lines.cast").split(separator: "\n")
    #expect(
      lines == [
        #"{"version": 2, "width": 100, "height": 30}"#,
        #"[1.250000, "o", "\u001b[2J\r\n\t\"x\"\\\u0000"]"#,
      ])
  }

  @Test func fileIsCreatedOwnerOnly() throws {
    let scratch = try ScratchDirectory()
    let writer = try AsciicastWriter(
      path: scratch.path("private.cast"), header: header, maximumBytes: 4096,
      now: ManualClock().now)
    writer.close()
    var status = stat()
    #expect(stat(scratch.path("private.cast"), &status) == 0)
    #expect(status.st_mode & 0o777 == 0o600)
  }

  @Test func timesNeverGoBackwards() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let writer = try AsciicastWriter(
      path: scratch.path("clock.cast"), header: header, maximumBytes: 4096, now: clock.now)
    clock.time += 2
    writer.output("a")
    clock.time -= 1.5
    writer.output("b")
    clock.time -= 10
    writer.output("c")
    writer.close()
    let file = try AsciicastFile.read(path: scratch.path("clock.cast"))
    #expect(file.events.map(\.time) == [2, 2, 2])
    #expect(AsciicastChecker.violations(in: try scratch.bytes("clock.cast")).isEmpty)
  }

  @Test func sizeCapStopsWritingWithAReasonAndKeepsTheFileSound() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let path = scratch.path("capped.cast")
    let writer = try AsciicastWriter(
      path: path, header: header, maximumBytes: 5 << 20, now: clock.now)
    var reasons: [String] = []
    writer.onStop = { reasons.append($0) }
    let chunk = String(repeating: "0123456789abcdef", count: 4096)  // 64 KB a line
    var calls = 0
    while writer.stopReason == nil && calls < 200 {
      clock.time += 0.01
      writer.output(chunk)
      calls += 1
    }
    #expect(writer.stopReason == "the recording reached its 5 MB cap")
    #expect(reasons == ["the recording reached its 5 MB cap"])
    #expect(writer.bytesWritten <= 5 << 20)
    #expect(!writer.isWriting)

    writer.output("ignored")
    writer.marker("ignored")
    #expect(reasons.count == 1)

    let bytes = try scratch.bytes("capped.cast")
    #expect(bytes.count == writer.bytesWritten)
    #expect(AsciicastChecker.violations(in: bytes).isEmpty)
    let file = try AsciicastFile.read(path: path)
    #expect(file.damage == nil)
    #expect(file.events.count == calls - 1)
    #expect(file.events.allSatisfy { $0.data == chunk })
  }

  @Test func fullDiskStopsWritingOnceWithTheReason() throws {
    let scratch = try ScratchDirectory()
    let path = scratch.path("full.cast")
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    try #require(descriptor >= 0)
    let clock = ManualClock()
    let writer = try AsciicastWriter(
      fileDescriptor: descriptor, header: header, maximumBytes: 1 << 20, now: clock.now)
    var reasons: [String] = []
    writer.onStop = { reasons.append($0) }
    clock.time += 1
    writer.output("before the disk filled up\r\n")

    let full = open("/dev/full", O_WRONLY)
    try #require(full >= 0)
    #expect(dup2(full, descriptor) == descriptor)
    close(full)

    clock.time += 1
    writer.output("lost")
    writer.output("ignored")
    writer.marker("ignored")
    #expect(writer.stopReason == "the disk is full (No space left on device)")
    #expect(reasons == ["the disk is full (No space left on device)"])

    let file = try AsciicastFile.read(path: path)
    #expect(file.events.map(\.data) == ["before the disk filled up\r\n"])
    #expect(file.damage == nil)
  }

  @Test func headerThatCannotBeWrittenIsAnErrorAtOpening() {
    #expect {
      _ = try AsciicastWriter(
        path: "/dev/full", header: header, maximumBytes: 4096, now: ManualClock().now)
    } throws: { error in
      "\(error)".contains("cannot write the recording /dev/full: the disk is full")
    }
  }

  @Test func unwritablePathIsAnErrorThatSaysWhatToDo() {
    #expect {
      _ = try AsciicastWriter(
        path: "/nonexistent-directory/session.cast", header: header, maximumBytes: 4096,
        now: ManualClock().now)
    } throws: { error in
      "\(error)"
        == "cannot create the recording /nonexistent-directory/session.cast: "
        + "No such file or directory; choose a path in a writable directory"
    }
  }

  @Test func closeStopsWritingWithoutAReason() throws {
    let scratch = try ScratchDirectory()
    let writer = try AsciicastWriter(
      path: scratch.path("closed.cast"), header: header, maximumBytes: 4096,
      now: ManualClock().now)
    var stops = 0
    writer.onStop = { _ in stops += 1 }
    writer.close()
    writer.output("ignored")
    writer.close()
    #expect(writer.stopReason == nil)
    #expect(stops == 0)
    #expect(try AsciicastFile.read(path: scratch.path("closed.cast")).events.isEmpty)
  }

  @Test func resizeAndInputEventsAreWritten() throws {
    let scratch = try ScratchDirectory()
    let clock = ManualClock()
    let writer = try AsciicastWriter(
      path: scratch.path("kinds.cast"), header: header, maximumBytes: 4096, now: clock.now)
    writer.input("GET k\r")
    clock.time += 0.5
    writer.resize(columns: 120, rows: 40)
    writer.close()
    let file = try AsciicastFile.read(path: scratch.path("kinds.cast"))
    #expect(
      file.events == [
        AsciicastEvent(time: 0, code: .input, data: "GET k\r"),
        AsciicastEvent(time: 0.5, code: .resize, data: "120x40"),
      ])
  }
}
