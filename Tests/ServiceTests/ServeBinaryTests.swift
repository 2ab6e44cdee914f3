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
  }
}
