import Drills
import Foundation
import Testing
import TutorApp
import TutorTestSupport

/// `redis-tutor drill`, `:drill` and `redis-tutor drill judge`, as built.
@Suite("End to end: drills", .serialized)
struct DrillTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-drill") }

  @Test func aTraceSessionGradesEachStepAndKeepsTheResult() throws {
    let seed: UInt64 = 3
    let drill = try #require(DrillCatalog.named("heap-insert"))
    let session = try #require(drill.trace?(seed))
    try #require(session.steps.count >= 2)
    // A malformed answer first (asked again, not graded), then a wrong one, then the rest right.
    var input = "3 x 2\n"
    input += "999999\n"
    for step in session.steps.dropFirst() { input += DrillPractice.text(step.expected) + "\n" }
    let result = try TutorBinary.run(
      ["drill", "heap-insert", "--seed", String(seed)], stdin: Array(input.utf8), home: home)
    #expect(result.status == 0, "\(result.stderr)")
    let text = String(decoding: result.stdout, as: UTF8.self)
    #expect(text.contains(session.title))
    #expect(text.contains("try again (q stops, ? shows the state)."), "\(text)")
    #expect(
      text.contains("✗ not quite: the answer is \(DrillPractice.text(session.steps[0].expected))"),
      "\(text)")
    #expect(text.contains("Done: \(session.steps.count - 1) of \(session.steps.count) right."))
    let progress = try TutorBinary.run(["progress"], home: home)
    #expect(
      String(decoding: progress.stdout, as: UTF8.self).contains(
        "\n  heap  \(session.steps.count) answered,"), "\(progress.stdout)")
  }

  @Test func unknownDrillsListTheNames() throws {
    let result = try TutorBinary.run(["drill", "quicksort"], home: home)
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("No drill 'quicksort'. Drills: heap, lru, window, bfs, mixed"))
  }

  @Test func drillInsideTheShellAndListing() throws {
    let result = try TutorBinary.run(
      ["--no-sandbox", "-p", "1"], stdin: Array(":drill\n:drill heap-insert\nq\n".utf8), home: home)
    #expect(result.status == 0)
    #expect(result.stderr.contains("heap-insert"), "\(result.stderr)")
    #expect(result.stderr.contains("Stopped after 0 step(s): 0 right."))
  }

  @Test func theRedisTieInsRunOnTheSandboxAndPutEverythingBack() throws {
    let script =
      ":drill heap redis\n:drill lru redis\n:drill window redis\nCONFIG GET maxmemory\nDBSIZE\n"
    let result = try TutorBinary.run([], stdin: Array(script.utf8), home: home, deadline: 60)
    #expect(result.status == 0)
    let text = result.stderr
    #expect(
      text.contains(
        "a min-heap of the same tasks pops reset-password, verify-email, send-invoice: the same order."
      ), "\(text)")
    #expect(
      text.contains("Events in the last 3000 ms at t=6200: 5 (counting the array by hand: 5)."))
    // Keys read again after a pause outlive keys nobody read: LRU, seen in INFO stats.
    let line = try #require(
      text.split(separator: "\n").first { $0.contains("the 40 keys read again:") })
    let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    #expect(numbers.count == 4, "\(line)")
    if numbers.count == 4 { #expect(numbers[1] > numbers[3], "\(line)") }
    let evicted = try #require(
      text.split(separator: "\n").first { $0.contains("evicted_keys went up by") })
    #expect(Int(evicted.split(separator: " ").last ?? "") ?? 0 > 0)
    #expect(
      String(decoding: result.stdout, as: UTF8.self) == "maxmemory\n0\n0\n",
      "settings put back, keys removed")
  }

  private func script(_ name: String, _ body: String) throws -> String {
    let path = home.appendingPathComponent(name).path
    try body.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func theJudgeRunsTheLearnersProgramAndReportsTheVerdict() throws {
    let problem = try #require(JudgeCatalog.named("kth-largest"))
    let cases = problem.cases(1)
    // A "program" that knows the answers: the right output for every case, by input.
    var table: [String: String] = [:]
    for item in cases { table[item.input] = item.expected }
    let answers = home.appendingPathComponent("answers.json")
    try JSONSerialization.data(withJSONObject: table).write(to: answers)
    let correct = try script(
      "correct.py",
      "import json,sys\nprint(json.load(open('\(answers.path)'))[sys.stdin.read()], end='')\n")
    let passed = try TutorBinary.run(
      ["drill", "judge", "kth-largest", "--", "python3", correct], home: home, deadline: 120)
    let text = String(decoding: passed.stdout, as: UTF8.self)
    #expect(passed.status == 0, "\(text)\(passed.stderr)")
    #expect(text.contains("passed \(cases.count) cases"), "\(text)")
    let wrong = try script("wrong.py", "print(42)\n")
    let failed = try TutorBinary.run(
      ["drill", "judge", "kth-largest", "--", "python3", wrong], home: home)
    #expect(failed.status == 1)
    #expect(String(decoding: failed.stdout, as: UTF8.self).contains("expected"))
    let hang = try script("hang.py", "while True:\n    pass\n")
    let hung = try TutorBinary.run(
      ["drill", "judge", "kth-largest", "--", "python3", hang], home: home, deadline: 120)
    #expect(hung.status == 1)
    let hungText = String(decoding: hung.stdout, as: UTF8.self)
    #expect(hungText.contains("time limit exceeded on edge 1"), "\(hungText)")
    #expect(hungText.contains("\ninput:\n  1 1\n  7\n"), "the slow case's input: \(hungText)")
    let missing = try TutorBinary.run(
      ["drill", "judge", "kth-largest", "--", "no-such-program"], home: home)
    #expect(missing.status == 1)
  }

  /// Runs the built tutor with `arguments` in `directory`, as a learner would from there.
  private func tutor(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:]
  ) throws -> TutorBinary.Result {
    try TutorBinary.run(
      ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory.path, TutorBinary.path]
        + arguments, executable: "/bin/sh", home: home, environment: environment)
  }

  @Test func aStarterIsWrittenIntoANewFolderAndNeverOverwrites() throws {
    let work = home.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let written = try tutor(["drill", "judge", "kth-largest", "--template", "python"], in: work)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(
      written.output
        == "Wrote kth-largest/solution.py: parsing is done, the TODO is yours. Then: redis-tutor"
        + " drill judge kth-largest -- python3 kth-largest/solution.py\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["kth-largest"])
    let solution = work.appendingPathComponent("kth-largest/solution.py")
    let starter = try String(contentsOf: solution, encoding: .utf8)
    #expect(starter.contains("def kth_largest(nums, k):"))

    // The starter runs as written: the judge gets an answer from it, a wrong one.
    let judged = try tutor(
      ["drill", "judge", "kth-largest", "--", "python3", "kth-largest/solution.py"], in: work)
    #expect(judged.status == 1)
    #expect(judged.output.contains("wrong answer on edge"), "\(judged.output)\(judged.stderr)")

    try "my work\n".write(to: solution, atomically: true, encoding: .utf8)
    for language in ["python", "go"] {
      let refused = try tutor(["drill", "judge", "kth-largest", "--template", language], in: work)
      #expect(refused.status == 1)
      #expect(
        refused.stderr
          == "redis-tutor drill judge: ./kth-largest already exists and is not empty; nothing was"
          + " written (move it aside or run this in another folder)\n")
    }
    #expect(try String(contentsOf: solution, encoding: .utf8) == "my work\n")
    #expect(
      try FileManager.default.contentsOfDirectory(
        atPath: work.appendingPathComponent(
          "kth-largest"
        ).path) == ["solution.py"])

    // An empty folder of that name is used.
    try FileManager.default.createDirectory(
      at: work.appendingPathComponent("window-max"), withIntermediateDirectories: true)
    let intoEmpty = try tutor(["drill", "judge", "window-max", "--template", "go"], in: work)
    #expect(intoEmpty.status == 0, "\(intoEmpty.stderr)")
    #expect(
      FileManager.default.fileExists(atPath: work.appendingPathComponent("window-max/main.go").path)
    )
  }

  @Test func aMissingDrillsFolderSaysWhereItLookedAndWhatToSet() throws {
    let missing = home.appendingPathComponent("no-drills").path
    let result = try tutor(
      ["drill", "judge", "kth-largest", "--template", "swift"], in: home,
      environment: ["REDIS_TUTOR_DRILLS": missing])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "redis-tutor drill judge: no drills folder found (looked in \(missing)); set"
        + " REDIS_TUTOR_DRILLS to the drills folder of a redis-tutor checkout\n")
    #expect(
      !FileManager.default.fileExists(atPath: home.appendingPathComponent("kth-largest").path))
  }
}
