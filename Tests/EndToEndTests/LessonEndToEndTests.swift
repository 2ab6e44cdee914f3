import Foundation
import Lessons
import Progress
import RedisSandbox
import Testing
import TutorTestSupport

/// The repository's `lessons/` directory.
let repositoryLessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

/// A two-block lesson small enough to drive by hand in a terminal.
let terminalLesson = LessonFixture.twoBlockDay(title: "Terminal test day")

@Suite("End to end: lessons", .serialized)
struct LessonEndToEndTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-lesson") }

  private func lessonDirectory(_ text: String = terminalLesson) throws -> String {
    let directory = home.appendingPathComponent("lessons")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try text.write(
      to: directory.appendingPathComponent("day1-test.md"), atomically: true, encoding: .utf8)
    return directory.path
  }

  private func progressText() throws -> String {
    let result = try TutorBinary.run(["progress", "--lessons", repositoryLessons], home: home)
    #expect(result.status == 0, "\(result.stderr)")
    return String(decoding: result.stdout, as: UTF8.self)
  }

  // MARK: - Linter

  @Test func lintersPassesOnEveryLessonInTheRepository() throws {
    let result = try TutorBinary.run(
      ["lessons", "check", "--lessons", repositoryLessons], home: home, deadline: 600)
    let output = String(decoding: result.stdout, as: UTF8.self)
    #expect(result.status == 0, "\(output)\(result.stderr)")
    for day in 1...7 { #expect(output.contains("(day \(day): "), "day \(day) missing:\n\(output)") }
    #expect(output.hasSuffix("ok: 7 lessons\n"))
  }

  @Test func linterReportsFileAndLineAndKeepsTheOtherLessons() throws {
    let directory = try lessonDirectory()
    try terminalLesson.replacingOccurrences(of: "day: 1", with: "day: 2")
      .replacingOccurrences(of: "kind: review", with: "kind: lecture")
      .replacingOccurrences(of: "GET rt:greeting => hello", with: "SET rt:greeting x => OK")
      .write(toFile: directory + "/day2-broken.md", atomically: true, encoding: .utf8)
    try terminalLesson.replacingOccurrences(of: "day: 1", with: "day: 3")
      .replacingOccurrences(
        of: "SET rt:greeting hello\n```\n\n```check", with: "SET greeting hello\n```\n\n```check"
      )
      .replacingOccurrences(of: "GET rt:greeting => hello", with: "INCR rt:counter => 1")
      .write(toFile: directory + "/day3-writes.md", atomically: true, encoding: .utf8)
    try terminalLesson.replacingOccurrences(of: "day: 1", with: "day: 5")
      .replacingOccurrences(
        of: "SET rt:greeting hello\n```\n\n```check",
        with: "SET rt:greeting hello\nLPUSH rt:greeting x\n```\n\n```check"
      )
      .write(toFile: directory + "/day5-errors.md", atomically: true, encoding: .utf8)
    try terminalLesson.replacingOccurrences(of: "day: 1", with: "day: 4")
      .replacingOccurrences(of: "GET rt:greeting => hello", with: "EXISTS rt:nothing => 0")
      .write(toFile: directory + "/day4-vacuous.md", atomically: true, encoding: .utf8)
    let result = try TutorBinary.run(["lessons", "check", "--lessons", directory], home: home)
    let output = String(decoding: result.stdout, as: UTF8.self)
    #expect(result.status == 1)
    #expect(output.contains("day1-test.md: ok (day 1: 2 steps, 1 checked, 0 facts, 0 cards)"))
    #expect(output.contains("day2-broken.md:11: unknown block kind 'lecture'"))
    #expect(
      output.contains("day3-writes.md:23: key 'greeting' does not start with 'rt:'"), "\(output)")
    #expect(
      output.contains(
        "day3-writes.md:27: check command refused: 'INCR' is flagged write; a check may only read"))
    #expect(
      output.contains(
        "day4-vacuous.md:18: step 'greeting': the check already passes before the example runs, so it proves nothing"
      ))
    let list = try TutorBinary.run(["lessons", "list", "--lessons", directory], home: home)
    #expect(String(decoding: list.stdout, as: UTF8.self).contains("Day 1  Terminal test day"))
    #expect(list.stderr.contains("day2-broken.md:11: unknown block kind 'lecture'"))
  }

  @Test func missingLessonsDirectorySaysWhereItLooked() throws {
    let result = try TutorBinary.run(
      ["lessons", "list", "--lessons", "/nonexistent/lessons"], home: home)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "redis-tutor: no lessons folder found (looked in /nonexistent/lessons); pass --lessons DIR or set REDIS_TUTOR_LESSONS to the lessons folder of a redis-tutor checkout\n"
    )
  }

  // MARK: - The scripted walk

  /// Every step of every day, in piped mode, with each step's example as input, ends passed.
  ///
  /// `redis-tutor progress` shows it. Steps with per-learner numbers get the examples for the
  /// seed in the tutor's own progress database.
  @Test func scriptedWalkThroughAllSevenDaysPassesEveryStep() throws {
    let store = try ProgressStore(
      path: home.appendingPathComponent("data/redis-tutor/progress.sqlite").path)
    let catalog = try LessonCatalog.load(directory: repositoryLessons).personalised(
      seed: store.learnerSeed())
    #expect(catalog.problems.isEmpty, "\(catalog.problems)")
    #expect(catalog.lessons.map(\.day) == Array(1...7))
    var script = ""
    var total = 0
    for lesson in catalog.lessons {
      script += ":lesson \(lesson.day)\n"
      for step in lesson.steps(in: .sixHours) {
        total += 1
        for line in step.example { script += Self.asLearnersRun(line.text) + "\n" }
        script += ":next\n"
      }
    }
    // The stage runs' programs are named as the tutor's own (see `asLearnersRun`), so the
    // stage tests' leftover checks running alongside do not take them for theirs.
    let result = try TutorBinary.run(
      ["--plan", "6h", "--lessons", repositoryLessons], stdin: Array(script.utf8), home: home,
      environment: ["REDIS_TUTOR_REFERENCE": "walk", "PYTHONDONTWRITEBYTECODE": "1"],
      deadline: 600)
    #expect(result.status == 0)
    #expect(!result.stderr.contains("Not yet"), "\(result.stderr)")
    #expect(!result.stderr.contains("has not passed yet"), "\(result.stderr)")
    let progress = try progressText()
    #expect(progress.contains("\(total)/\(total) steps passed (6h plan)"), "\(progress)")
    for lesson in catalog.lessons {
      let count = lesson.steps(in: .sixHours).count
      #expect(
        progress.contains(
          "Day \(lesson.day)  \(String(repeating: "█", count: 20)) \(count)/\(count)"))
    }
  }

  /// An example's `:test STAGE --reference good` as a learner runs their own program: the
  /// reference given as a command, since the tutor's own solution does not pass a step.
  static func asLearnersRun(_ line: String) -> String {
    let words = line.split(separator: " ").map(String.init)
    guard words.count == 4, words[0] == ":test", words[2] == "--reference", words[3] == "good"
    else { return line }
    let folder =
      URL(fileURLWithPath: repositoryLessons).deletingLastPathComponent().path
      + "/testers/references/" + words[1]
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".py") && !$0.hasPrefix("bad_") }.sorted()
    return ":test \(words[1]) -- /usr/bin/python3 \(folder)/\(files.first ?? "missing.py")"
  }

  // MARK: - In a terminal

  private func startTutor(clockFile: String? = nil) throws -> TmuxSession {
    var extra = ["NO_COLOR": "1"]
    if let clockFile { extra["REDIS_TUTOR_CLOCK_FILE"] = clockFile }
    let session = try TmuxSession(
      [TutorBinary.path, "--lessons", try lessonDirectory(), "--plan", "4h"],
      environment: TutorBinary.environment(home: home, extra: extra), height: 50)
    try session.waitFor("Store a greeting")
    try session.waitFor(">")
    return session
  }

  @Test func hintsComeInLevelsAndNextWaitsForThePass() throws {
    let session = try startTutor()
    try session.enter(":hint")
    try session.waitFor("Hint 1/2: The command that stores a string is SET.")
    try session.enter(":hint")
    try session.waitFor("Hint 2/2: SET rt:greeting hello")
    try session.enter(":next")
    try session.waitFor("This step's check has not passed yet")
    try session.enter(":check")
    try session.waitFor("✗ GET rt:greeting → (nil), expected \"hello\" — store the word hello")
    try session.enter("SET rt:greeting hello")
    try session.waitFor("✓ Step passed: Store a greeting.")
    try session.enter(":next")
    try session.waitFor("Block 2/2: Review (review, 5 min) starts.")
    try session.waitFor("Which command read it back?")
    try session.enter(":quit")
    _ = try session.waitForScreen { _ in (try? session.programExited()) == true }
    let progress = try TutorBinary.run(
      ["progress", "--lessons", try lessonDirectory()], home: home)
    let text = String(decoding: progress.stdout, as: UTF8.self)
    #expect(text.contains("Day 1  ██████████░░░░░░░░░░ 1/2"), "\(text)")
    #expect(text.contains("Streak: 1 day."), "\(text)")
  }

  @Test func blockTimerShowsInThePromptAndAnnouncesTheEndOfTheBlock() throws {
    let clock = home.appendingPathComponent("clock").path
    var now = 1_800_000_000.0
    try String(now).write(toFile: clock, atomically: true, encoding: .utf8)
    let session = try startTutor(clockFile: clock)
    try session.waitFor("[day 1 · warmup 1/2 · 0/10m] sandbox")
    // Six minutes of work, twice: each stretch is under the idle limit, so both count.
    for minutes in [6, 12] {
      now += 360
      try String(now).write(toFile: clock, atomically: true, encoding: .utf8)
      try session.enter("PING")
      try session.waitFor("[day 1 · warmup 1/2 · \(minutes)/10m]")
    }
    try session.waitFor("⏰ Warm-up: the planned 10 min are up (12 min). Next: Review (5 min).")
    // A long break is not study time: none of its three hours count, the minute after it does.
    // Each PING's prompt is waited for before the clock moves on: the tutor reads the clock
    // just before it shows the prompt, and two moves it saw as one would be one long break.
    for seconds in [3 * 3600.0, 60] {
      now += seconds
      try String(now).write(toFile: clock, atomically: true, encoding: .utf8)
      let replies = try session.waitForScreen { _ in true }.screen
        .components(separatedBy: "PONG").count
      try session.enter("PING")
      _ = try session.waitForScreen {
        $0.components(separatedBy: "PONG").count > replies
          && $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(">")
      }
    }
    try session.waitFor("[day 1 · warmup 1/2 · 13/10m]")
  }

  // MARK: - Day 7

  @Test func selfAssessmentIsSavedPerWeekAndChartedAndInterviewNotesAreKept() throws {
    let frontMatter = LessonFixture.frontMatter(
      day: 7, title: "Review", blockID: "review", kind: "review", blockTitle: "Review", minutes: 60)
    let directory = try lessonDirectory(
      """
      \(frontMatter)
      # Review {#review}
      ## Rate yourself {#skills}
      ```skills
      Redis data types
      Cache stampede
      ```
      ## Explain it {#interview}
      ```interview
      Design a rate limiter.
      ```
      """)
    let clock = home.appendingPathComponent("clock").path
    func run(at time: Double, _ script: String) throws -> String {
      try String(time).write(toFile: clock, atomically: true, encoding: .utf8)
      let result = try TutorBinary.run(
        ["--lessons", directory], stdin: Array(script.utf8), home: home,
        environment: ["REDIS_TUTOR_CLOCK_FILE": clock])
      #expect(result.status == 0)
      return result.stderr
    }
    let first = try run(at: 1_800_000_000, ":assess\n4\n2\n")
    #expect(first.contains("Saved your ratings for 2027-W02."), "\(first)")
    // A week later the previous ratings are the defaults; Enter keeps one, 4 raises the other.
    let second = try run(at: 1_800_000_000 + 7 * 86_400, ":assess\n\n4\n")
    #expect(second.contains("Saved your ratings for 2027-W03."), "\(second)")
    #expect(second.contains("Redis data types   4   4     4       0\n"), "\(second)")
    #expect(second.contains("Cache stampede     2   4     4      +2\n"), "\(second)")
    let interview = try run(
      at: 1_800_100_000, ":interview 60\nI would use a token bucket per client.\n\n")
    #expect(interview.contains("1  Design a rate limiter."), "\(interview)")
    let notes = try ToolRun.run(
      "/usr/bin/sqlite3",
      [
        home.appendingPathComponent("data/redis-tutor/progress.sqlite").path,
        "SELECT notes FROM interview_answer",
      ],
      environment: [:])
    #expect(
      String(decoding: notes.stdout, as: UTF8.self) == "I would use a token bucket per client.\n")
  }

  // MARK: - Crashes and two tutors

  /// kill -9 at a random moment of a walk, again and again: the database always opens, and
  /// every step the tutor announced as passed before it died is still passed.
  @Test(.timeLimit(.minutes(5))) func progressSurvivesKillNineAtAnyMoment() throws {
    let directory = try lessonDirectory(ManySteps.lesson(count: 40))
    let scriptPath = home.appendingPathComponent("walk.txt").path
    try ManySteps.script(count: 40).write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let environment = TutorBinary.environment(home: home, extra: [:])
    for round in 0..<8 {
      let errorPath = home.appendingPathComponent("stderr-\(round).txt").path
      let child = try ChildProcess(
        executable: TutorBinary.path,
        arguments: ["--lessons", directory, "--plan", "4h", "--lesson", "1"],
        environment: environment,
        streams: .init(input: scriptPath, output: "/dev/null", error: errorPath))
      let wanted = Int.random(in: 1...30)
      _ = eventually(within: .seconds(60), every: .milliseconds(2)) {
        let text = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return text.components(separatedBy: "✓ Step passed").count - 1 >= wanted
          || !child.isRunning
      }
      child.signal(SIGKILL)
      _ = child.waitForExit(within: .seconds(10))
      let text = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
      let announced = text.components(separatedBy: "\n").filter { $0.hasPrefix("✓ Step passed: ") }
        .map { String($0.dropFirst("✓ Step passed: ".count).prefix { $0 != "." }) }
      let progress = try TutorBinary.run(["progress", "--lessons", directory], home: home)
      #expect(progress.status == 0, "round \(round): \(progress.stderr)")
      let passed = try ManySteps.passedSteps(databaseAt: home)
      for title in announced {
        #expect(passed.contains(title), "round \(round): '\(title)' was announced but not saved")
      }
      let integrity = try ToolRun.run(
        "/usr/bin/sqlite3",
        [
          home.appendingPathComponent("data/redis-tutor/progress.sqlite").path,
          "PRAGMA integrity_check",
        ],
        environment: environment)
      #expect(String(decoding: integrity.stdout, as: UTF8.self) == "ok\n")
      _ = try TutorBinary.run(
        ["--lessons", directory, "--yes", "--lesson", "1"], stdin: Array(":reset day\n".utf8),
        home: home)
    }
  }

  @Test func twoTutorsAtOnceShareTheDatabase() throws {
    let directory = try lessonDirectory(ManySteps.lesson(count: 20))
    let scriptPath = home.appendingPathComponent("walk.txt").path
    try ManySteps.script(count: 20).write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let environment = TutorBinary.environment(home: home, extra: [:])
    let children = try (0..<2).map { index in
      try ChildProcess(
        executable: TutorBinary.path,
        arguments: ["--lessons", directory, "--plan", "4h", "--lesson", "1"],
        environment: environment,
        streams: .init(
          input: scriptPath, output: "/dev/null",
          error: home.appendingPathComponent("two-\(index).txt").path))
    }
    for child in children {
      #expect(child.waitForExit(within: .seconds(120)))
      #expect(child.exitCode == 0)
    }
    for index in 0..<2 {
      let text = try String(
        contentsOfFile: home.appendingPathComponent("two-\(index).txt").path, encoding: .utf8)
      #expect(!text.contains("Progress not saved"), "\(text)")
    }
    #expect(try ManySteps.passedSteps(databaseAt: home).count == 20)
  }
}

/// A generated lesson of many quick checked steps, for the crash and concurrency tests.
enum ManySteps {
  static func lesson(count: Int) -> String {
    let frontMatter = LessonFixture.frontMatter(
      day: 1, title: "Many steps", blockID: "work", kind: "hands-on", blockTitle: "Work",
      minutes: 60)
    var text = """
      \(frontMatter)
      # Work {#work}

      """
    for index in 1...count {
      text += """
        ## Step \(index) {#step-\(index)}

        ```redis
        SET rt:many:\(index) done
        ```

        ```check
        GET rt:many:\(index) => done
        ```


        """
    }
    return text
  }

  static func script(count: Int) -> String {
    (1...count).map { "SET rt:many:\($0) done\n:next\n" }.joined()
  }

  /// The titles of passed steps, read straight from the database with sqlite3.
  static func passedSteps(databaseAt home: URL) throws -> Set<String> {
    let path = home.appendingPathComponent("data/redis-tutor/progress.sqlite").path
    let result = try ToolRun.run(
      "/usr/bin/sqlite3", [path, "SELECT step FROM step_progress WHERE status = 'passed'"],
      environment: [:])
    let ids = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
    return Set(ids.map { "Step " + $0.dropFirst("step-".count) })
  }
}
