import Foundation
import RedisClient
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `redis-tutor test`, as built: the reference solutions in testers/references pass their
/// stage, the known-bad ones fail with the named expectation, the starters fail their first
/// one, and broken programs get one verdict, leaving no process and no key behind.
@Suite("End to end: the stage tester", .serialized)
struct StageTesterTests {
  /// The repository's root, for the reference solutions and starters.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  /// A python3 that can import redis (Debian's python3-redis), or nil.
  static let python: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let candidates = ["/usr/bin/python3"] + path.split(separator: ":").map { "\($0)/python3" }
    return candidates.first { candidate in
      guard FileManager.default.isExecutableFile(atPath: candidate),
        let result = try? ToolRun.run(candidate, ["-c", "import redis"], deadline: 30)
      else { return false }
      return result.status == 0
    }
  }()

  /// gofmt, when a Go toolchain is installed (none is assumed: the Go starters are checked
  /// only for formatting, and only here).
  static let gofmt: String? = [
    "/usr/bin/gofmt", "/usr/lib/go/bin/gofmt", "/usr/local/go/bin/gofmt",
  ]
  .first { FileManager.default.isExecutableFile(atPath: $0) }

  let redis: RedisServerFixture
  init() throws { redis = try RedisServerFixture() }

  /// Runs `redis-tutor test STAGE` on the fixture's server with `command`.
  func test(_ stage: String, _ command: [String], options: [String] = [], home: URL? = nil)
    throws -> TutorBinary.Result
  {
    try TutorBinary.run(
      ["test", stage, "--redis-url", "redis://127.0.0.1:\(redis.port)/0", "--yes"] + options
        + ["--"] + command, home: home, environment: ["PYTHONDONTWRITEBYTECODE": "1"],
      deadline: 120)
  }

  func reference(_ path: String) -> [String] {
    [Self.python!, Self.root + "/testers/references/" + path]
  }

  /// Keys the tester left on the server: there must be none.
  func leftoverKeys() throws -> [String] {
    let connection = try redis.connect()
    let reply = try connection.send("KEYS", "*")
    return reply.array?.compactMap(\.string) ?? []
  }

  /// Live processes whose command line holds `marker`.
  static func processes(holding marker: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap { name -> String? in
      guard Int32(name) != nil,
        let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
        let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")"),
        stat[stat.index(close, offsetBy: 2)] != "Z"
      else { return nil }
      let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
      return line.contains(marker) ? "\(name): \(line)" : nil
    }
  }

  // MARK: references and known-bad solutions

  @Test(.enabled(if: python != nil)) func day2ReferencePassesEveryExpectation() throws {
    let result = try test("day2-cache", reference("day2-cache/service.py"))
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    for name in [
      "miss-fills", "hit-skips-store", "missing-is-404", "write-invalidates", "store-down-5xx",
    ] {
      #expect(result.output.contains("✓ \(name): "), "\(result.output)")
    }
    #expect(result.output.contains("All 5 expectations passed: stage day2-cache done."))
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func aCacheWithoutTTLFailsMissFills() throws {
    let result = try test("day2-cache", reference("day2-cache/bad_no_ttl.py"))
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    let text = result.output
    #expect(text.contains("✗ miss-fills: "), "\(text)")
    #expect(text.contains(":item:"), "the failure shows the cached key: \(text)")
    #expect(text.contains("has no TTL after the miss: give every cache key one"), "\(text)")
    #expect(text.contains("    request sent: GET /items/"), "\(text)")
    #expect(text.contains("    response:\n      200 OK"), "\(text)")
    #expect(text.contains("string  no TTL"), "\(text)")
    #expect(text.contains("    the item store saw:\n      GET /items/"), "\(text)")
    #expect(text.contains(": 1× 200"), "\(text)")
    #expect(text.contains("listening on 127.0.0.1:"), "the program's output: \(text)")
    #expect(
      text.contains(
        "the fix is taught in day 2, step miss-and-fill (`:lesson 2`, then `:step miss-and-fill`)"))
    #expect(text.contains("0 of 5 expectations passed; stopped at miss-fills."))
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func aWriteWithoutInvalidationFailsWriteInvalidates() throws {
    let result = try test("day2-cache", reference("day2-cache/bad_no_invalidation.py"))
    #expect(result.status == 1, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("✓ missing-is-404: "), "\(result.output)")
    #expect(result.output.contains("✗ write-invalidates: "), "\(result.output)")
    #expect(
      result.output.contains("the old one was served from the cache"), "\(result.output)")
    #expect(result.output.contains("step update-invalidate"))
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func day1ReferencePassesAndExpireOnEveryIncrFails() throws {
    let good = try test("day1-client", reference("day1-client/client.py"))
    #expect(good.status == 0, "\(good.output)\(good.stderr)")
    #expect(good.output.contains("All 5 expectations passed: stage day1-client done."))
    let bad = try test("day1-client", reference("day1-client/bad_expire_every_incr.py"))
    #expect(bad.status == 1, "\(bad.output)\(bad.stderr)")
    #expect(bad.output.contains("✓ counter-window: "), "\(bad.output)")
    #expect(bad.output.contains("✗ counter-window-kept: "), "\(bad.output)")
    #expect(bad.output.contains("the window started again"), "\(bad.output)")
    #expect(
      bad.output.split(separator: "\n").contains { $0.contains(":visits ") && $0.hasSuffix(" s") },
      "the report shows the counter and its TTL: \(bad.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func progressShowsEachStageRun() throws {
    let home = try TemporaryDirectory.make(prefix: "stage-progress")
    defer { try? FileManager.default.removeItem(at: home) }
    let before = try TutorBinary.run(["progress"], home: home)
    #expect(!before.output.contains("Your own programs"), "\(before.output)")
    _ = try test("day1-client", reference("day1-client/client.py"), home: home)
    let passed = try TutorBinary.run(["progress"], home: home)
    #expect(
      passed.output.contains("Your own programs (redis-tutor test), 1 of 1 passing:"),
      "\(passed.output)\(passed.stderr)")
    #expect(passed.output.contains("  Day 1  day1-client  ✓ passed\n"), "\(passed.output)")
    _ = try test("day1-client", reference("day1-client/bad_expire_every_incr.py"), home: home)
    let failed = try TutorBinary.run(["progress"], home: home)
    #expect(
      failed.output.contains(
        "  Day 1  day1-client  ✗ 4/5, stopped at counter-window-kept (passed before)\n"),
      "\(failed.output)")
  }

  @Test(.enabled(if: python != nil)) func singleFlightPassesTheStampedeAndPlainCacheAsideFails()
    throws
  {
    let good = try test("cache-stampede", reference("cache-stampede/service.py"))
    #expect(good.status == 0, "\(good.output)\(good.stderr)")
    #expect(good.output.contains("✓ one-store-read: "), "\(good.output)")
    let plain = try test("cache-stampede", reference("day2-cache/service.py"))
    #expect(plain.status == 1, "\(plain.output)\(plain.stderr)")
    #expect(plain.output.contains("✗ one-store-read: "), "\(plain.output)")
    #expect(plain.output.contains("50 concurrent GETs of the cold item"), "\(plain.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func exactCountersPassAndLostOrWrongCountsFail() throws {
    let good = try test("cache-metrics", reference("cache-metrics/service.py"))
    #expect(good.status == 0, "\(good.output)\(good.stderr)")
    #expect(good.output.contains("All 2 expectations passed: stage cache-metrics done."))
    // The counters have no TTL, and day2-cache does not count them as cache keys.
    let day2 = try test("day2-cache", reference("cache-metrics/service.py"))
    #expect(day2.status == 0, "\(day2.output)\(day2.stderr)")
    let racy = try test("cache-metrics", reference("cache-metrics/bad_read_then_write.py"))
    #expect(racy.status == 1, "\(racy.output)\(racy.stderr)")
    #expect(racy.output.contains("✓ counts-match: "), "\(racy.output)")
    #expect(racy.output.contains("✗ counts-exact-under-load: "), "\(racy.output)")
    #expect(racy.output.contains("updates were lost"), "\(racy.output)")
    let markers = try test("cache-metrics", reference("cache-metrics/bad_counts_every_lookup.py"))
    #expect(markers.status == 1, "\(markers.output)\(markers.stderr)")
    #expect(markers.output.contains("✗ counts-match: "), "\(markers.output)")
    #expect(
      markers.output.contains(
        "so there were 4 misses and 8 hits; your counters say 6 misses and 6 hits"),
      "\(markers.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func jitteredTTLsPassAndFixedOnesFail() throws {
    let good = try test("cache-jitter", reference("cache-jitter/service.py"))
    #expect(good.status == 0, "\(good.output)\(good.stderr)")
    #expect(good.output.contains("✓ ttls-spread: "), "\(good.output)")
    let fixed = try test("cache-jitter", reference("day2-cache/service.py"))
    #expect(fixed.status == 1, "\(fixed.output)\(fixed.stderr)")
    #expect(fixed.output.contains("✗ ttls-spread: "), "\(fixed.output)")
    #expect(fixed.output.contains(": a fixed TTL. Add a random few percent"), "\(fixed.output)")
    #expect(fixed.output.contains("step jitter"), "\(fixed.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func startersFailOnlyTheirFirstExpectation() throws {
    let cache = try test(
      "day2-cache", [Self.python!, Self.root + "/starters/day2-cache/python/main.py"])
    #expect(cache.status == 1)
    #expect(cache.output.contains("✗ miss-fills: "), "\(cache.output)")
    #expect(cache.output.contains("expected status 200, got 501"), "\(cache.output)")
    #expect(cache.output.contains("TODO: cache-aside GET /items/ID"), "\(cache.output)")
    let client = try test(
      "day1-client", [Self.python!, Self.root + "/starters/day1-client/python/main.py"])
    #expect(client.status == 1)
    #expect(client.output.contains("✗ runs: "), "\(client.output)")
    #expect(client.output.contains("your program exited with status 1"), "\(client.output)")
    #expect(client.output.contains("connected to Redis: PING answered True"), "\(client.output)")
    #expect(client.output.contains("TODO: write rt:test:day1-client:"), "\(client.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: gofmt != nil)) func goStartersAreGofmtClean() throws {
    let result = try ToolRun.run(Self.gofmt!, ["-l", Self.root + "/starters"])
    #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
    #expect(
      result.stdout.isEmpty, "not gofmt-clean: \(String(decoding: result.stdout, as: UTF8.self))")
  }

  // MARK: bad input

  @Test func aMissingCommandGetsOneVerdict() throws {
    let result = try test("day2-cache", ["no-such-program-for-the-tester"])
    #expect(result.status == 1)
    #expect(result.output.contains("✗ start: your program must listen on PORT"), "\(result.output)")
    #expect(
      result.output.contains(
        "what went wrong: `no-such-program-for-the-tester` is not a program on PATH"))
    #expect(try leftoverKeys() == [])
  }

  @Test func aProgramThatExitsAtOnceGetsOneVerdict() throws {
    let result = try test("day2-cache", ["/bin/sh", "-c", "echo starting up; exit 3"])
    #expect(result.status == 1)
    #expect(
      result.output.contains("your program exited with status 3 before listening on PORT"),
      "\(result.output)")
    #expect(result.output.contains("      starting up\n"), "\(result.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test func aHangingProgramAndWhatItForkedAreKilled() throws {
    let marker = "611.\(getpid())"
    let result = try test(
      "day2-cache",
      ["/bin/sh", "-c", "sleep 1\(marker) & setsid sleep 2\(marker) & exec sleep 3\(marker)"],
      options: ["--start-timeout", "3"])
    #expect(result.status == 1)
    #expect(result.output.contains("nothing listened on 127.0.0.1:"), "\(result.output)")
    #expect(result.output.contains("within 3 s"), "\(result.output)")
    #expect(Self.processes(holding: marker) == [])
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func aServiceOnTheWrongPortIsToldWhichPort() throws {
    let script =
      "import http.server as h; s = h.HTTPServer(('127.0.0.1', 0), h.BaseHTTPRequestHandler); print('port', s.server_port, flush=True); s.serve_forever()"
    let result = try test(
      "day2-cache", [Self.python!, "-c", script], options: ["--start-timeout", "3"])
    #expect(result.status == 1)
    let port = try #require(
      result.output.split(separator: "\n").first { $0.hasPrefix("      port ") }?.split(
        separator: " "
      ).last)
    #expect(
      result.output.contains("your program listens on port \(port) instead; listen on PORT"),
      "\(result.output)")
    #expect(try leftoverKeys() == [])
  }

  /// A service on PORT whose GET handler runs `body` (Python, indented four spaces).
  static func service(_ body: String) -> String {
    """
    import http.server as h, os
    class H(h.BaseHTTPRequestHandler):
        def do_GET(self):
    \(body)
    h.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()
    """
  }

  @Test(.enabled(if: python != nil)) func aServiceThatCrashesOnARequestIsReported() throws {
    let script = Self.service("        print('crashing', flush=True); os._exit(4)")
    let result = try test("day2-cache", [Self.python!, "-c", script])
    #expect(result.status == 1)
    #expect(result.output.contains("✗ miss-fills: "), "\(result.output)")
    #expect(
      result.output.contains("your program exited with status 4 while answering GET /items/"),
      "\(result.output)")
    #expect(result.output.contains("      crashing\n"), "\(result.output)")
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func aServiceThatNeverAnswersIsStopped() throws {
    let marker = "silent-\(getpid())"
    let script = Self.service("        import time; time.sleep(600)  # \(marker)")
    let result = try test("day2-cache", [Self.python!, "-c", script])
    #expect(result.status == 1)
    #expect(result.output.contains("✗ miss-fills: "), "\(result.output)")
    #expect(
      result.output.contains("no answer to GET /items/"), "\(result.output)")
    #expect(result.output.contains(": no complete answer within 5 s"), "\(result.output)")
    #expect(Self.processes(holding: marker) == [])
    #expect(try leftoverKeys() == [])
  }

  @Test func aClientThatNeverExitsIsStopped() throws {
    let marker = "612.\(getpid())"
    let result = try test(
      "day1-client", ["/bin/sleep", marker], options: ["--start-timeout", "2"])
    #expect(result.status == 1)
    #expect(result.output.contains("✗ runs: "), "\(result.output)")
    #expect(
      result.output.contains("your program did not finish within 2 s; it was stopped"),
      "\(result.output)")
    #expect(Self.processes(holding: marker) == [])
    #expect(try leftoverKeys() == [])
  }

  @Test func aFloodingProgramIsStopped() throws {
    let marker = "flood-\(getpid())"
    let result = try test("day2-cache", ["/usr/bin/yes", marker])
    #expect(result.status == 1)
    #expect(result.output.contains("your program printed more than 1024 KiB"), "\(result.output)")
    #expect(result.output.contains("      \(marker)\n"), "\(result.output)")
    #expect(Self.processes(holding: marker) == [])
    #expect(try leftoverKeys() == [])
  }

  @Test(.enabled(if: python != nil)) func keysOfAProgramThatHangsAreDeleted() throws {
    let marker = "hang-\(getpid())"
    let script = """
      import os, redis, time
      r = redis.Redis.from_url(os.environ['REDIS_URL'])
      r.set(os.environ['KEY_PREFIX'] + 'left', '1')
      print('wrote', os.environ['KEY_PREFIX'] + 'left', flush=True)
      time.sleep(600)  # \(marker)
      """
    let result = try test(
      "day2-cache", [Self.python!, "-c", script], options: ["--start-timeout", "3"])
    #expect(result.status == 1)
    #expect(result.output.contains("wrote rt:test:day2-cache:"), "\(result.output)")
    #expect(result.output.contains(":left  string  no TTL"), "\(result.output)")
    #expect(try leftoverKeys() == [])
    #expect(Self.processes(holding: marker) == [])
  }

  @Test(.enabled(if: python != nil)) func ctrlCKillsTheProgramAndDeletesItsKeys() throws {
    let marker = "ctrl-c-\(getpid())"
    let script = """
      import os, redis, time
      redis.Redis.from_url(os.environ['REDIS_URL']).set(os.environ['KEY_PREFIX'] + 'k', '1')
      time.sleep(600)  # \(marker)
      """
    let home = try TemporaryDirectory.make(prefix: "tester-ctrl-c")
    defer { try? FileManager.default.removeItem(at: home) }
    let output = home.appendingPathComponent("output")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let tester = Process()
    tester.executableURL = URL(fileURLWithPath: TutorBinary.path)
    tester.arguments = [
      "test", "day2-cache", "--redis-url", "redis://127.0.0.1:\(redis.port)/0", "--yes",
      "--start-timeout", "120", "--", Self.python!, "-c", script,
    ]
    tester.environment = TutorBinary.environment(home: home)
    tester.standardOutput = try FileHandle(forWritingTo: output)
    try tester.run()
    #expect(eventually(within: .seconds(60)) { ((try? leftoverKeys()) ?? []).count == 1 })
    tester.interrupt()
    tester.waitUntilExit()
    #expect(tester.terminationStatus == 130)
    let text = try String(contentsOf: output, encoding: .utf8)
    #expect(
      text.contains(
        "Stopped by Ctrl-C: your program's process group was killed and its keys deleted."),
      "\(text)")
    #expect(try leftoverKeys() == [])
    #expect(Self.processes(holding: marker) == [])
  }

  @Test(.enabled(if: python != nil)) func theSandboxIsTheDefaultServer() throws {
    let home = try TemporaryDirectory.make(prefix: "tester-sandbox")
    defer { try? FileManager.default.removeItem(at: home) }
    let result = try TutorBinary.run(
      ["test", "day1-client", "--"] + reference("day1-client/client.py"), home: home,
      environment: ["PYTHONDONTWRITEBYTECODE": "1"], deadline: 120)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    #expect(result.output.contains("All 5 expectations passed: stage day1-client done."))
    #expect(
      FileManager.default.fileExists(
        atPath: home.appendingPathComponent("data/redis-tutor/sandbox/password").path))
  }

  @Test func anotherServerIsRefusedWithoutYes() throws {
    let result = try TutorBinary.run(
      [
        "test", "day2-cache", "--redis-url", "redis://default:secret@127.0.0.1:\(redis.port)/0",
        "--", "true",
      ])
    #expect(!result.stderr.contains("secret"), "\(result.stderr)")
    #expect(result.status == 64)
    #expect(
      result.stderr.contains(
        "127.0.0.1:\(redis.port) is not the tutor's sandbox; the tester writes and deletes keys"),
      "\(result.stderr)")
  }

  // MARK: the program, built on first use

  @Test func aMissingTesterIsBuiltOnFirstUseThenRun() throws {
    let checkout = try CompanionCheckout(
      product: "redis-tutor-test", target: "RedisTutorTest", ran: "tester")
    defer { checkout.remove() }
    let (tutor, fakeSwift) = (checkout.tutor, checkout.fakeSwift)
    let first = try TutorBinary.run(
      ["test", "list"], executable: tutor, environment: ["SWIFT": fakeSwift])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(
      first.stderr.contains(
        "building redis-tutor-test, the stage tester, on its first use (a few minutes; only once)"))
    #expect(first.stderr.contains("fake swift build --product redis-tutor-test"))
    #expect(first.output == "tester ran: list\n")
    let second = try TutorBinary.run(
      ["test", "day2-cache", "--", "go", "run", "."], executable: tutor,
      environment: ["SWIFT": fakeSwift])
    #expect(!second.stderr.contains("building"), "built once: \(second.stderr)")
    #expect(second.output == "tester ran: day2-cache -- go run .\n")
  }

  // MARK: list and init

  @Test func listShowsTheStagesAndOneStageInFull() throws {
    let all = try TutorBinary.run(["test", "list"])
    #expect(all.status == 0, "\(all.stderr)")
    #expect(all.output.contains("Day 1  day1-client: "), "\(all.output)")
    #expect(all.output.contains("Day 2  day2-cache: "), "\(all.output)")
    #expect(all.output.contains("    • write-invalidates: "), "\(all.output)")
    let one = try TutorBinary.run(["test", "list", "day2-cache"])
    #expect(one.status == 0)
    let contract = try String(
      contentsOfFile: Self.root + "/testers/contract.txt", encoding: .utf8)
    #expect(one.output.contains(contract.trimmingCharacters(in: .newlines)))
    #expect(one.output.contains("    ITEMS_URL  the item store"), "\(one.output)")
    #expect(one.output.contains("      taught in day 2, step negative-cache"), "\(one.output)")
    let unknown = try TutorBinary.run(["test", "list", "day9"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("no stage named `day9`; the stages are: day1-client, "))
  }

  @Test func theDocsShowTheContractAsPrinted() throws {
    let contract = try String(
      contentsOfFile: Self.root + "/testers/contract.txt", encoding: .utf8)
    let docs = try String(contentsOfFile: Self.root + "/docs/testers.md", encoding: .utf8)
    #expect(docs.contains(contract.trimmingCharacters(in: .newlines)))
  }

  @Test func everyStageHasStartersOrNamesTheProgramItExtends() throws {
    let folder = Self.root + "/testers/stages"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".txt") }
    #expect(files.count >= 11)
    for file in files {
      let stage = String(file.dropLast(4))
      let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      if text.contains("\nbuilds-on: ") { continue }
      for lang in ["go", "python"] {
        #expect(
          FileManager.default.fileExists(atPath: "\(Self.root)/starters/\(stage)/\(lang)"),
          "\(stage) has no \(lang) starter and no builds-on line")
      }
    }
    let scratch = try TemporaryDirectory.make(prefix: "tester-init-extends")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let command = "cd \"$0\" && exec \"$1\" test init day6-integration --lang go"
    let result = try ToolRun.run(
      "/bin/sh", ["-c", command, scratch.path, TutorBinary.path],
      environment: TutorBinary.environment(home: scratch))
    #expect(result.status == 1)
    #expect(
      String(decoding: result.stderr, as: UTF8.self).contains(
        "day6-integration has no starter: it extends your day2-cache and day5-notifications programs"
      ))
    let list = try TutorBinary.run(["test", "list", "cache-stampede"])
    #expect(list.output.contains("It extends your day2-cache program."), "\(list.output)")
  }

  @Test func initCopiesAStarterAndRefusesToOverwrite() throws {
    let scratch = try TemporaryDirectory.make(prefix: "tester-init")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let command = "cd \"$0\" && exec \"$1\" test init day2-cache --lang python"
    let environment = TutorBinary.environment(home: scratch)
    let first = try ToolRun.run(
      "/bin/sh", ["-c", command, scratch.path, TutorBinary.path], environment: environment)
    let said = String(decoding: first.stdout, as: UTF8.self)
    #expect(first.status == 0, "\(String(decoding: first.stderr, as: UTF8.self))")
    #expect(said.contains("Created ./day2-cache/ (python): main.py"), "\(said)")
    let copied = try String(
      contentsOfFile: scratch.path + "/day2-cache/main.py", encoding: .utf8)
    let original = try String(
      contentsOfFile: Self.root + "/starters/day2-cache/python/main.py", encoding: .utf8)
    #expect(copied == original)
    let second = try ToolRun.run(
      "/bin/sh", ["-c", command, scratch.path, TutorBinary.path], environment: environment)
    #expect(second.status == 1)
    #expect(
      String(decoding: second.stderr, as: UTF8.self)
        == "redis-tutor test: ./day2-cache already exists; nothing copied (move it away or run this elsewhere)\n"
    )
  }
}
