import Foundation
import Lessons
import Progress
import Testing
import TutorTestSupport

@Suite struct ProgressReportTests {
  /// A lesson day whose one block holds `stepCount` prose steps, `s-1` to `s-N`.
  private func lesson(day: Int, title: String, stepCount: Int) throws -> Lesson {
    let steps = (1...stepCount).map { "## Step \($0) {#s-\($0)}\n\nLook back at step \($0).\n" }
    let text =
      LessonFixture.frontMatter(day: day, title: title, blockID: "review", kind: "review")
      + "\n# Review {#review}\n\n" + steps.joined(separator: "\n")
    return try LessonParser.parse(text, file: "day\(day).md").get()
  }

  @Test func columnsStayAlignedWhateverTheCountsAndLinesFitTheWidth() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-report")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
    let catalog = LessonCatalog(
      directory: "",
      lessons: [
        try lesson(day: 1, title: "Short day", stepCount: 3),
        try lesson(
          day: 7, title: "Integrating caching, rate limits and background jobs", stepCount: 12),
      ],
      problems: [])
    for step in 1...2 { try store.recordAttempt(day: 1, step: "s-\(step)", passed: true, at: 1) }
    for step in 1...10 { try store.recordAttempt(day: 7, step: "s-\(step)", passed: true, at: 1) }
    try store.markSkipped(day: 7, step: "s-11", at: 1)
    try store.addBlockTime(day: 7, block: "review", seconds: 600)
    for attempt in 0..<12 {
      try store.recordDrill(
        DrillAttempt(
          family: "window", drill: "sliding-max", mode: "trace", correct: attempt < 9,
          seconds: 30, at: 1))
    }
    for attempt in 0..<3 {
      try store.recordDrill(
        DrillAttempt(
          family: "heap", drill: "top-k", mode: "trace", correct: attempt < 2, seconds: 40, at: 1))
    }
    try store.recordStudyDay("2026-12-01")

    let progress = ProgressReport(
      catalog: catalog, store: store, plan: .fourHours, today: "2026-12-01")
    let report = progress.text(current: (day: 1, step: "s-3"))
    #expect(
      report == """
        Day 1  █████████████░░░░░░░ 2/3                       Short day  ← s-3
        Day 7  ████████████████░░░░ 10/12, 1 skipped, 10 min  Integrating caching, rate…

        DSA drills:
          heap     3 answered,  67% right,  2 min
          window  12 answered,  75% right,  6 min

        12/15 steps passed (4h plan). Streak: 1 day.

        """)
    let wide = progress.text(current: (day: 1, step: "s-3"), width: 120)
    #expect(
      wide.split(separator: "\n").prefix(2) == [
        "Day 1  █████████████░░░░░░░ 2/3                       Short day  ← s-3",
        "Day 7  ████████████████░░░░ 10/12, 1 skipped, 10 min  "
          + "Integrating caching, rate limits and background jobs",
      ])
  }
}

@Suite struct ProgressReportStageTests {
  @Test func stagesShowPassedOrHowFarTheLatestRunGot() throws {
    let directory = try TemporaryDirectory.make(prefix: "progress-report-stages")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
    let catalog = LessonCatalog(directory: "", lessons: [], problems: [])
    let empty = ProgressReport(
      catalog: catalog, store: store, plan: .fourHours, today: "2026-12-01")
    #expect(!empty.text().contains("Your own programs"))
    for (stage, day, passed, failed) in [
      ("day2-cache", 2, 5, nil), ("day2-cache", 2, 3, "write-invalidates"),
      ("day1-client", 1, 5, nil), ("cache-stampede", 2, 0, "one-store-read"),
    ] as [(String, Int, Int, String?)] {
      try store.recordStageRun(
        StageRunRecord(
          stage: stage, day: day, passed: passed, total: failed == "one-store-read" ? 1 : 5,
          failedExpectation: failed, at: 1))
    }
    let report = ProgressReport(
      catalog: catalog, store: store, plan: .fourHours, today: "2026-12-01"
    ).text()
    #expect(
      report.contains(
        """
        Your own programs (redis-tutor test), 1 of 3 passing:
          Day 1  day1-client     ✓ passed
          Day 2  cache-stampede  ✗ 0/1, stopped at one-store-read
          Day 2  day2-cache      ✗ 3/5, stopped at write-invalidates (passed before)
        """))
  }
}
