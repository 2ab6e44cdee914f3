import Foundation
import Testing
import TutorTestSupport

/// The Go reference solutions pass their stages under `redis-tutor test`, as built.
///
/// Each (`testers/references/STAGE/go`, redigo and net/http), built offline by
/// `scripts/build-go-reference.sh`, passes every expectation of its stage and leaves no key
/// and no process behind. Skipped, saying why, when go or Debian's redigo is not installed.
@Suite("End to end: the Go reference solutions", .serialized)
struct GoReferenceTests {
  /// The stages that have a Go reference; a new stage's reference is one line here.
  static let stages = [
    "day1-client",
    "day2-cache",
    "cache-stampede",
    "cache-jitter",
    "cache-metrics",
    "day3-limiter",
    "sliding-window",
    "day4-queue",
    "day5-notifications",
    "day6-integration",
  ]

  /// The script that builds the Go references offline.
  static let buildScript = StageTesterTests.root + "/scripts/build-go-reference.sh"

  /// Whether go and redigo are installed (the build script's own check).
  static let toolchainInstalled: Bool = {
    guard let result = try? ToolRun.run("/bin/bash", [buildScript, "--check"], deadline: 30)
    else { return false }
    return result.status == 0
  }()

  /// The expectation names of `stage`, from its `expect:` lines in `testers/stages/STAGE.txt`.
  static func expectations(of stage: String) throws -> [String] {
    let text = try String(
      contentsOfFile: StageTesterTests.root + "/testers/stages/\(stage).txt", encoding: .utf8)
    return text.split(separator: "\n").filter { $0.hasPrefix("expect:") }.map { line in
      line.dropFirst("expect:".count).split(separator: "|")[0]
        .trimmingCharacters(in: .whitespaces)
    }
  }

  /// Builds the Go reference of `stage` into `directory` and returns the binary's path.
  static func build(_ stage: String, into directory: URL) throws -> String {
    let build = try ToolRun.run(
      "/bin/bash", [buildScript, directory.path, stage], deadline: 300)
    try #require(
      build.status == 0, "the build failed: \(String(decoding: build.stderr, as: UTF8.self))")
    return directory.appendingPathComponent(stage).path
  }

  @Test(
    .enabled(
      if: toolchainInstalled,
      "needs go and redigo: install golang-go and golang-github-gomodule-redigo-dev (make deps)"),
    arguments: stages)
  func referencePassesEveryExpectation(stage: String) throws {
    let scratch = try TemporaryDirectory.make(prefix: "go-reference")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let binary = try Self.build(stage, into: scratch)

    let tester = try StageTesterTests()
    let result = try tester.test(stage, [binary])
    let names = try Self.expectations(of: stage)
    #expect(!names.isEmpty)
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    for name in names {
      #expect(result.output.contains("✓ \(name): "), "\(result.output)")
    }
    let all = names.count == 1 ? "The expectation" : "All \(names.count) expectations"
    #expect(result.output.contains("\(all) passed: stage \(stage) done."), "\(result.output)")
    #expect(try tester.leftoverKeys() == [])
    #expect(StageTesterTests.processes(holding: binary) == [])
  }

  /// The plain day2-cache service, without single flight or jitter, fails both bonus stages:
  /// their Go references pass for what they add.
  @Test(
    .enabled(
      if: toolchainInstalled,
      "needs go and redigo: install golang-go and golang-github-gomodule-redigo-dev (make deps)"))
  func theDay2ServiceFailsTheBonusStages() throws {
    let scratch = try TemporaryDirectory.make(prefix: "go-reference")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let binary = try Self.build("day2-cache", into: scratch)
    let tester = try StageTesterTests()
    let stampede = try tester.test("cache-stampede", [binary])
    #expect(stampede.status == 1, "\(stampede.output)\(stampede.stderr)")
    #expect(stampede.output.contains("✗ one-store-read: "), "\(stampede.output)")
    #expect(stampede.output.contains("50 concurrent GETs of the cold item"), "\(stampede.output)")
    let jitter = try tester.test("cache-jitter", [binary])
    #expect(jitter.status == 1, "\(jitter.output)\(jitter.stderr)")
    #expect(jitter.output.contains("✗ ttls-spread: "), "\(jitter.output)")
    #expect(jitter.output.contains(": a fixed TTL. Add a random few percent"), "\(jitter.output)")
    #expect(try tester.leftoverKeys() == [])
    #expect(StageTesterTests.processes(holding: binary) == [])
  }

  @Test(.enabled(if: StageTesterTests.gofmt != nil, "needs gofmt: install golang-go"))
  func goReferencesAreGofmtClean() throws {
    let result = try ToolRun.run(
      StageTesterTests.gofmt!, ["-l", StageTesterTests.root + "/testers/references"])
    #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
    #expect(
      result.stdout.isEmpty, "not gofmt-clean: \(String(decoding: result.stdout, as: UTF8.self))")
  }

  /// Every Go reference in testers/references is in `stages`, so none goes untested.
  @Test func everyGoReferenceIsTested() throws {
    let references = StageTesterTests.root + "/testers/references"
    let withGo = try FileManager.default.contentsOfDirectory(atPath: references).filter {
      FileManager.default.fileExists(atPath: "\(references)/\($0)/go/main.go")
    }
    #expect(Set(withGo) == Set(Self.stages))
  }
}
