import Foundation
import Testing
import TutorTestSupport

/// The built `redis-tutor-serve`, beside the test runner.
private let servePath = URL(fileURLWithPath: TutorBinary.path).deletingLastPathComponent()
  .appendingPathComponent("redis-tutor-serve").path

@Suite(.serialized) struct ServeBinaryTests {
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: servePath)))
  func startsOnTheSandboxPrintsOneLineAndShutsDownOnSIGTERM() async throws {
    let home = try TemporaryDirectory.make(prefix: "serve-home")
    defer { try? FileManager.default.removeItem(at: home) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: servePath)
    process.arguments = ["--port", "0", "--items", "50", "--workers", "1"]
    process.environment = TutorBinary.environment(home: home)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let reader = output.fileHandleForReading

    let first = try await blocking { () -> String in
      var line: [UInt8] = []
      while true {
        let byte = reader.readData(ofLength: 1)
        if byte.isEmpty || byte.first == 0x0A { break }
        line += byte
      }
      return String(decoding: line, as: UTF8.self)
    }
    let pattern =
      #/^redis-tutor serve: listening on http://127\.0\.0\.1:(\d+) \(Redis 127\.0\.0\.1:\d+, 1 worker, log (.+)/service\.log\)$/#
    let match = try #require(first.wholeMatch(of: pattern), "got: \(first)")
    let port = try #require(Int(match.1))
    let sandboxPortFile = home.appendingPathComponent("data/redis-tutor/sandbox/port").path
    #expect(FileManager.default.fileExists(atPath: sandboxPortFile))

    let reply = try await LoopbackHTTPClient(port: port).get("/items/7")
    #expect(reply.status == 200)
    #expect(reply.header("X-Cache") == "miss")
    let queued = try await LoopbackHTTPClient(port: port).send(
      "POST", "/notifications",
      body: #"{"to": "ada@example.com", "subject": "Hi", "body": "Private"}"#)
    #expect(queued.status == 202)
    let outbox = home.appendingPathComponent("data/redis-tutor/service/outbox").path
    #expect(
      eventually {
        ((try? FileManager.default.subpathsOfDirectory(atPath: outbox)) ?? []).contains {
          $0.hasSuffix(".eml")
        }
      })

    let pidText = try String(
      contentsOfFile: home.appendingPathComponent("data/redis-tutor/sandbox/redis.pid").path,
      encoding: .utf8)
    let sandboxPID = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))

    process.terminate()
    let rest = try await blocking { () -> String in
      let data = reader.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self)
    }
    #expect(process.terminationStatus == 0)
    #expect(rest.hasPrefix("redis-tutor serve: stopped ("), "got: \(rest)")
    #expect(rest.contains("sandbox stopped"))
    // The sandbox it started stops with it (no other tutor used it).
    #expect(eventually { kill(sandboxPID, 0) != 0 })
    let log = try String(
      contentsOfFile: home.appendingPathComponent("data/redis-tutor/service/service.log").path,
      encoding: .utf8)
    #expect(log.contains(#""path":"/items/7""#))

    // What serve wrote (items.sqlite, the outbox's emails, the log, the sandbox) is private.
    let data = home.appendingPathComponent("data/redis-tutor").path
    var checked = 0
    for name in try FileManager.default.subpathsOfDirectory(atPath: data) {
      var info = stat()
      #expect(lstat(data + "/" + name, &info) == 0)
      let mode = info.st_mode & 0o777
      let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
      #expect(mode == (isDirectory ? 0o700 : 0o600), "\(name) is \(String(mode, radix: 8))")
      checked += 1
    }
    #expect(checked >= 6)
  }
}
