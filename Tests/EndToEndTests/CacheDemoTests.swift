import Foundation
import RedisClient
import RedisSandbox
import Testing
import TutorTestSupport

/// `redis-tutor demo cache` and `:demo cache`, as built, against a real redis-server.
@Suite("End to end: cache demo", .serialized)
struct CacheDemoTests {
  let demo: DemoEndToEnd

  init() throws { demo = try DemoEndToEnd("cache", prefix: "tutor-demo") }

  @Test func stampedeCuresRaceAndWriteStrategiesShowTheirNumbers() throws {
    let result = try demo.run([
      "--json", "--scenario", "stampede,race,write", "--clients", "4", "--items", "400",
      "--latency-ms", "50",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let stampede = try DemoEndToEnd.metrics(result, "stampede")
    #expect((stampede["loads_none_1p"] as? Double ?? 0) > 1, "\(stampede)")
    #expect(stampede["loads_single-flight_1p"] as? Double == 1)
    #expect(stampede["loads_lock_1p"] as? Double == 1)
    #expect(stampede["loads_single-flight_2p"] as? Double == 2, "one load in each process")
    #expect(stampede["loads_lock_2p"] as? Double == 1, "the lock is shared by both processes")
    let race = try DemoEndToEnd.metrics(result, "race")
    #expect(race["stale_unprotected"] as? Bool == true)
    #expect(race["stale_with_lease"] as? Bool == false)
    let write = try DemoEndToEnd.metrics(result, "write")
    let back = try #require(write["write_back"] as? [String: Any])
    let through = try #require(write["write_through"] as? [String: Any])
    // Both strategies crash after the heading's number of writes; write-back loses them all.
    #expect(back["lost_in_crash"] as? Double == write["writes"] as? Double)
    #expect((back["lost_in_crash"] as? Double ?? 0) > 0)
    #expect(through["lost_in_crash"] as? Double == 0)
  }

  @Test func workloadCountsEveryRequestAndLeavesOnlyItsOwnKeys() throws {
    let connection = try demo.server.connect()
    _ = try connection.send("SET", "learner:own", "untouched")
    let result = try demo.run([
      "--scenario", "workload,keys", "--requests", "600", "--clients", "3", "--items", "300",
      "--latency-ms", "1",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let text = String(decoding: result.stdout, as: UTF8.self)
    #expect(text.contains("1. Workload: 600 Zipf(s=1) requests over 300 items, 3 clients"))
    #expect(text.contains("cache-aside       600"), "\(text)")
    #expect(text.contains("2. Keys and TTLs: what the demo left in Redis"))
    #expect(text.contains("Summary\nscenario  what it showed\n"), "\(text)")
    #expect(text.contains("workload  hit ratio "))
    var cursor = "0"
    var keys: [String] = []
    repeat {
      let reply = try connection.send("SCAN", cursor, "COUNT", "1000")
      cursor = reply.array?[0].string ?? "0"
      keys += reply.array?[1].array?.compactMap(\.string) ?? []
    } while cursor != "0"
    #expect(keys.contains("learner:own"))
    #expect(keys.filter { !$0.hasPrefix("rt:demo:cache:") } == ["learner:own"])
    #expect(keys.count > 1)
    let clean = try demo.run(["--clean"])
    #expect(
      String(decoding: clean.stdout, as: UTF8.self)
        == "Removed \(keys.count - 1) demo key(s) under rt:demo:cache:.\n")
    #expect(try connection.send("DBSIZE") == .integer(1))
  }

  @Test func badOptionsAreOneLine() throws {
    for (arguments, expected) in [
      (["--clients", "0"], "--clients must be at least 1 (got 0)"),
      (["--ttl=-5"], "--ttl must be a positive number of seconds (got -5.0)"),
      (["--scenario", "bogus"], "unknown scenario 'bogus'"),
      (["--frobnicate"], "Unknown option '--frobnicate'"),
    ] {
      let result = try TutorBinary.run(["demo", "cache"] + arguments, home: demo.home)
      #expect(result.status == 64)
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1, "\(result.stderr)")
      #expect(result.stderr.hasPrefix("redis-tutor demo: \(expected)"), "\(result.stderr)")
    }
  }

  @Test func aServerThatStopsMidDemoIsReportedInOneLine() throws {
    let errors = demo.home.appendingPathComponent("stderr.txt").path
    let output = demo.home.appendingPathComponent("stdout.txt").path
    let child = try ChildProcess(
      executable: TutorBinary.path,
      arguments: [
        "demo", "cache", "-p", String(demo.server.port), "--yes", "--scenario", "workload",
        "--latency-ms", "20", "--requests", "100000",
      ],
      environment: TutorBinary.environment(home: demo.home),
      streams: .init(input: "/dev/null", output: output, error: errors))
    let started = eventually(within: .seconds(60)) {
      (try? demo.server.connect().send("DBSIZE").integer ?? 0) ?? 0 > 0
    }
    #expect(started)
    demo.server.stop()
    #expect(child.waitForExit(within: .seconds(60)))
    #expect(child.exitCode == 1)
    let text = try String(contentsOfFile: errors, encoding: .utf8)
    let last = text.split(separator: "\n").last.map(String.init) ?? ""
    #expect(last.hasPrefix("redis-tutor: the demo stopped"), "\(text)")
  }

  @Test func demoRunsInsideTheShell() throws {
    let script = ":demo cache --scenario race --items 50 --latency-ms 1\n:demo nope\nPING\n"
    let result = try demo.runShell(script)
    #expect(result.status == 0)
    let text = String(decoding: result.stdout, as: UTF8.self)
    #expect(text.contains("1. The stale-set race: a late SET puts old data back"), "\(text)")
    // The verdict is prose, wrapped to the width.
    #expect(text.replacingOccurrences(of: "\n", with: " ").contains("no stale data."), "\(text)")
    #expect(text.hasSuffix("PONG\n"), "the shell carries on after the demo")
    #expect(
      result.stderr.contains(
        "Unknown demo 'nope'. Demos: cache, limiter, queue, jobs."))
  }

  @Test func controlCStopsTheDemoAndRemovesItsKeys() throws {
    let session = try TmuxSession(
      [
        TutorBinary.path, "demo", "cache", "-p", String(demo.server.port), "--yes", "--scenario",
        "workload", "--latency-ms", "20", "--requests", "100000",
      ], environment: TutorBinary.environment(home: demo.home, extra: ["NO_COLOR": "1"]))
    try session.waitFor("workload")
    _ = eventually(within: .seconds(60)) {
      (try? demo.server.connect().send("DBSIZE").integer ?? 0) ?? 0 > 0
    }
    try session.press("C-c")
    try session.waitFor("Demo stopped (Ctrl-C); its keys were removed.", within: .seconds(60))
    #expect(try demo.server.connect().send("DBSIZE") == .integer(0))
  }

  /// The workload in a real terminal of each width: the progress line is gone before each
  /// result, and every line fits.
  @Test(arguments: [80, 120]) func theWorkloadReadsCleanlyInATerminal(width: Int) throws {
    let session = try TmuxSession(
      [
        TutorBinary.path, "demo", "cache", "-p", String(demo.server.port), "--yes", "--scenario",
        "workload,write", "--requests", "3000", "--clients", "2", "--items", "300",
        "--latency-ms", "2",
      ], environment: TutorBinary.environment(home: demo.home), width: width, height: 200)
    let (finished, _) = try session.waitForScreen(within: .seconds(120)) {
      $0.contains("Summary") && $0.contains("write ")
    }
    let screen = try session.screen(joiningWrappedLines: true)
    #expect(finished, "\(screen)")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.contains { $0.hasPrefix("Hit ratio over the run (") }, "\(screen)")
    for line in lines {
      #expect(!line.contains("workload with"), "a progress line was left: \(line)")
      #expect(!line.contains("write strategies:"), "a progress line was left: \(line)")
      #expect(line.count <= width, "wider than \(width) columns: \(line)")
    }
  }
}
