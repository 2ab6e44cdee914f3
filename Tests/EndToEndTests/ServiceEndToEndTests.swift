import Foundation
import Lessons
import RedisClient
import Testing
import TutorTestSupport

/// `redis-tutor serve` as the learner runs it: started through the tutor, poked with curl,
/// and the Day 6 lesson's checks run against what it left in Redis.
@Suite("End to end: the Day 6 service", .serialized)
struct ServiceEndToEndTests {
  let home: URL
  let server: RedisServerFixture

  init() throws {
    home = try TemporaryDirectory.make(prefix: "tutor-serve")
    server = try RedisServerFixture()
  }

  /// Starts `redis-tutor serve` on a free port against the fixture server; returns the
  /// process and the base URL from its start line.
  private func startService(workers: Int = 2) throws -> (Process, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TutorBinary.path)
    process.arguments = [
      "serve", "--port", "0", "-h", "127.0.0.1", "-p", String(server.port), "--read-latency-ms",
      "1", "--workers", String(workers),
    ]
    process.environment = TutorBinary.environment(home: home)
    let output = home.appendingPathComponent("serve.out")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = FileHandle.nullDevice
    try process.run()
    var base: String?
    _ = eventually(within: .seconds(60)) {
      let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
      guard let range = text.range(of: "listening on ") else { return false }
      base = String(text[range.upperBound...].prefix { $0 != " " })
      return true
    }
    return (process, try #require(base, "redis-tutor serve did not start"))
  }

  private func curl(_ arguments: [String]) throws -> String {
    let result = try ToolRun.run("/usr/bin/curl", ["-s", "-S", "-i"] + arguments, deadline: 30)
    return String(decoding: result.stdout, as: UTF8.self)
  }

  private func checkPasses(_ stepID: String, lesson: Lesson) throws -> Bool {
    let step = try #require(lesson.allSteps.first { $0.id == stepID })
    let check = try #require(step.check)
    return try CheckRunner(connection: server.connect()).run(check).passed
  }

  @Test func curlAgainstTheServiceMakesEveryDay6ServiceCheckPass() throws {
    let lesson = try #require(try LessonCatalog.load(directory: repositoryLessons).lesson(day: 6))
    let steps = ["serve-miss-hit", "serve-put", "serve-notify", "serve-429"]
    for step in steps { #expect(try !checkPasses(step, lesson: lesson), "\(step) passes already") }

    let (process, base) = try startService()
    defer {
      process.interrupt()
      process.waitUntilExit()
    }
    #expect(try curl([base + "/healthz"]).contains(#"{"status":"ok","redis":"up"}"#))
    #expect(try curl([base + "/items/7"]).contains("X-Cache: miss"))
    #expect(try curl([base + "/items/7"]).contains("X-Cache: hit"))
    #expect(try checkPasses("serve-miss-hit", lesson: lesson))

    let put = try curl([
      "-X", "PUT", base + "/items/7", "-H", "Content-Type: application/json", "-d",
      #"{"name": "Mug", "price_cents": 799}"#,
    ])
    #expect(put.contains("HTTP/1.1 200"), "\(put)")
    #expect(try curl([base + "/items/7"]).contains(#""price_cents":799"#))
    #expect(try checkPasses("serve-put", lesson: lesson))

    let post = [
      "-X", "POST", base + "/notifications", "-H", "Content-Type: application/json", "-d",
      #"{"to": "ada@example.com", "subject": "Price drop", "body": "Item 7 is now 7.99"}"#,
    ]
    let accepted = try curl(post)
    #expect(accepted.contains("HTTP/1.1 202 Accepted"), "\(accepted)")
    #expect(accepted.contains("Location: /notifications/"))
    #expect(
      eventually(within: .seconds(20)) {
        (try? checkPasses("serve-notify", lesson: lesson)) == true
      })

    var statuses: [String] = []
    for _ in 0..<7 {
      statuses.append(String(try curl(post).split(separator: " ").dropFirst().first ?? ""))
    }
    #expect(statuses.suffix(3) == ["429", "429", "429"], "\(statuses)")
    #expect(try checkPasses("serve-429", lesson: lesson))

    // The shell's :logs shows the requests.
    let logs = try TutorBinary.run(
      ["--no-lesson", "--no-record"], stdin: Array(":logs 3\n".utf8), home: home)
    #expect(logs.stderr.contains("POST /notifications → 429"), "\(logs.stderr)")
  }

  @Test func badInputGetsOneLineAndServeStopsCleanly() throws {
    let (process, base) = try startService()
    let malformed = try curl([
      "-X", "POST", base + "/notifications", "-H", "Content-Type: application/json", "-d", "{nope",
    ])
    #expect(malformed.contains("HTTP/1.1 400"), "\(malformed)")
    #expect(malformed.contains(#"{"error":"#))
    #expect(try curl([base + "/nowhere"]).contains("HTTP/1.1 404"))
    let pending = try server.connect().send("LLEN", "rt:svc:queue:{notifications}:pending")
    #expect(pending.integer == 0)
    process.interrupt()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let output = try String(contentsOf: home.appendingPathComponent("serve.out"), encoding: .utf8)
    #expect(output.contains("redis-tutor serve: stopped ("), "\(output)")
  }

  @Test func workersInAProcessOfTheirOwnFinishWhatTheServiceQueued() throws {
    let (service, base) = try startService(workers: 0)
    defer {
      service.interrupt()
      service.waitUntilExit()
    }
    var ids: [String] = []
    for index in 1...3 {
      let accepted = try curl([
        "-X", "POST", base + "/notifications", "-H", "Content-Type: application/json", "-d",
        #"{"to": "ada@example.com", "subject": "Hello \#(index)", "body": "Hi"}"#,
      ])
      let id = try #require(
        accepted.split(separator: "\n").last.flatMap { line in
          line.split(separator: "\"").dropFirst(3).first.map(String.init)
        })
      ids.append(id)
    }
    let connection = try server.connect()
    #expect(try connection.send("LLEN", "rt:svc:queue:{notifications}:pending").integer == 3)

    let worker = Process()
    worker.executableURL = URL(fileURLWithPath: TutorBinary.path)
    worker.arguments = ["worker", "--workers", "1", "-h", "127.0.0.1", "-p", String(server.port)]
    worker.environment = TutorBinary.environment(home: home)
    worker.standardOutput = FileHandle.nullDevice
    worker.standardError = FileHandle.nullDevice
    try worker.run()
    defer {
      if worker.isRunning {
        worker.interrupt()
        worker.waitUntilExit()
      }
    }
    for id in ids {
      #expect(
        eventually(within: .seconds(20)) {
          ((try? curl([base + "/notifications/" + id])) ?? "").contains(#""status":"done""#)
        }, "job \(id)")
    }
    worker.interrupt()
    worker.waitUntilExit()
    #expect(worker.terminationStatus == 0)
  }
}
