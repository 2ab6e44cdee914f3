import Foundation
import Lessons
import Progress
import Testing
import TutorTestSupport

/// A terminal driven by a script: each typed line arrives after some seconds of the manual
/// clock, and everything shown (prompts, typed lines, output) collects in `screen`.
private final class ScriptedTerminal {
  var now: Double
  var screen = ""
  private var script: [(seconds: Double, line: String)]

  init(startingAt now: Double = 1_796_000_000, _ script: [(seconds: Double, line: String)]) {
    self.now = now
    self.script = script
  }

  /// Shows `prompt`, lets the clock run, and types the next line; nil once the script ends.
  func readLine(_ prompt: String) -> String? {
    screen += prompt
    guard !script.isEmpty else { return nil }
    let (seconds, line) = script.removeFirst()
    now += seconds
    screen += line + "\n"
    return line
  }

  func write(_ text: String) { screen += text }
}

/// A progress store in its own temporary directory.
private final class ScratchProgress {
  let directory: URL
  let store: ProgressStore

  init() throws {
    directory = try TemporaryDirectory.make(prefix: "review")
    store = try ProgressStore(path: directory.appendingPathComponent("progress.sqlite").path)
  }

  deinit { try? FileManager.default.removeItem(at: directory) }
}

@Suite struct SelfInterviewTests {
  private let prompts = [
    "Explain cache-aside and what happens on a miss.",
    "How does a sliding-window rate limiter decide whether to allow a request?",
    "Walk through BFS on a grid.",
  ]

  private func interview(_ terminal: ScriptedTerminal, _ store: ProgressStore, prompts: [String])
    -> SelfInterview
  {
    SelfInterview(
      prompts: prompts, clock: { terminal.now }, readLine: terminal.readLine,
      write: terminal.write, store: store)
  }

  @Test func timesEachAnswerSavesItAndSummarizes() throws {
    let scratch = try ScratchProgress()
    let terminal = ScriptedTerminal([
      (40, "check the cache, on a miss read the db"), (55.5, "then SET with a TTL"), (0, ""),
      (155.25, ""),
      (10, "queue, visited set"), (3, ":skip"),
    ])
    let start = terminal.now
    let summary = try interview(terminal, scratch.store, prompts: prompts).run()

    #expect(
      terminal.screen == """
        Self-interview: 3 questions, 2:00 each. Answer out loud, as you would in an interview.

        Question 1 of 3 (2:00):
          Explain cache-aside and what happens on a miss.
        Explain it out loud; type notes (empty line to finish, :skip to skip, :stop to end).
        notes> check the cache, on a miss read the db
        notes> then SET with a TTL
        notes> 
        Time 1:35 of 2:00.

        Question 2 of 3 (2:00):
          How does a sliding-window rate limiter decide whether to allow a request?
        Explain it out loud; type notes (empty line to finish, :skip to skip, :stop to end).
        notes> 
        Time 2:35: over by 0:35.

        Question 3 of 3 (2:00):
          Walk through BFS on a grid.
        Explain it out loud; type notes (empty line to finish, :skip to skip, :stop to end).
        notes> queue, visited set
        notes> :skip
        Skipped.

        Self-interview summary
        #  Question                                  Time  Notes
        1  Explain cache-aside and what happens on…  1:35  yes
        2  How does a sliding-window rate limiter …  2:35  no       over by 0:35
        3  Walk through BFS on a grid.               -     skipped
        Answered 2 of 3 in 4:10; 1 over time.

        """)
    #expect(
      summary.answers == [
        .init(
          prompt: prompts[0], outcome: .answered, seconds: 95.5,
          notes: "check the cache, on a miss read the db\nthen SET with a TTL"),
        .init(prompt: prompts[1], outcome: .answered, seconds: 155.25, overBy: 35),
        .init(prompt: prompts[2], outcome: .skipped, seconds: 13),
      ])
    #expect(!summary.stoppedEarly)
    #expect(summary.answeredCount == 2)
    #expect(summary.overTimeCount == 1)
    #expect(
      try scratch.store.interviewAnswers() == [
        InterviewAnswer(prompt: prompts[1], notes: "", seconds: 155.25, at: start + 250.75),
        InterviewAnswer(
          prompt: prompts[0], notes: "check the cache, on a miss read the db\nthen SET with a TTL",
          seconds: 95.5, at: start + 95.5),
      ])
  }

  @Test func stopKeepsTypedNotesAndAsksNothingMore() throws {
    let scratch = try ScratchProgress()
    let terminal = ScriptedTerminal([(30, "evict on miss"), (5, "  :stop  ")])
    let summary = try SelfInterview(
      prompts: prompts, secondsPerPrompt: 60, clock: { terminal.now },
      readLine: terminal.readLine, write: terminal.write, store: scratch.store
    ).run()
    #expect(summary.stoppedEarly)
    #expect(summary.answers.map(\.outcome) == [.answered, .notReached, .notReached])
    #expect(try scratch.store.interviewAnswers().map(\.notes) == ["evict on miss"])
    #expect(terminal.screen.contains("notes>   :stop  \nTime 0:35 of 1:00.\n\nSelf-interview"))
    #expect(terminal.screen.hasSuffix("Answered 1 of 3 in 0:35; 0 over time.\n"))
    #expect(
      terminal.screen.contains("2  How does a sliding-window rate limiter …  -     not asked\n"))
  }

  @Test func aBareStopOrEndOfInputSavesNothing() throws {
    let scratch = try ScratchProgress()
    let stopping = ScriptedTerminal([(20, ":stop")])
    let stopped = try interview(stopping, scratch.store, prompts: prompts).run()
    #expect(stopped.answers.map(\.outcome) == [.skipped, .notReached, .notReached])
    #expect(stopping.screen.contains("notes> :stop\nStopped.\n"))

    let ending = ScriptedTerminal([])
    let ended = try interview(ending, scratch.store, prompts: prompts).run()
    #expect(ended.stoppedEarly)
    #expect(ended.answeredCount == 0)
    #expect(try scratch.store.interviewAnswers().isEmpty)
  }

  @Test func noPromptsSaysSo() throws {
    let scratch = try ScratchProgress()
    let terminal = ScriptedTerminal([])
    let summary = try interview(terminal, scratch.store, prompts: []).run()
    #expect(summary.answers.isEmpty)
    #expect(terminal.screen == "This day has no interview questions.\n")
  }
}

@Suite struct SkillAssessmentTests {
  private let topics = ["Redis data types", "Cache-aside", "Rate limiting"]

  private func assessment(
    _ terminal: ScriptedTerminal, _ store: ProgressStore, on date: String, unicode: Bool = true
  ) -> SkillAssessment {
    SkillAssessment(
      topics: topics, date: CalendarDay(date)!, time: terminal.now, readLine: terminal.readLine,
      write: terminal.write, store: store, unicode: unicode)
  }

  @Test func firstRatingsAreValidatedSavedAndCharted() throws {
    let scratch = try ScratchProgress()
    let terminal = ScriptedTerminal([
      (1, "3"), (1, ""), (1, "seven"), (1, "6"), (1, " 2 "), (1, "2.5"), (1, "1"),
    ])
    let result = try assessment(terminal, scratch.store, on: "2026-11-30").run()
    #expect(result.week == "2026-W49")
    #expect(result.saved)
    #expect(result.ratings == ["Redis data types": 3, "Cache-aside": 2, "Rate limiting": 1])
    #expect(
      terminal.screen == """
        Skill check for 2026-W49: rate each topic from 1 (can't explain it yet) to 5 (could teach it).
        Redis data types: 3
        Cache-aside: 
          Type a whole number from 1 to 5.
        Cache-aside: seven
          Type a whole number from 1 to 5.
        Cache-aside: 6
          Type a whole number from 1 to 5.
        Cache-aside:  2 
        Rate limiting: 2.5
          Type a whole number from 1 to 5.
        Rate limiting: 1
        Saved your ratings for 2026-W49.

        Skills, 2026-W49 (1 = can't explain it yet, 5 = could teach it)
        topic             W49  now  change
        Redis data types   ▄     3     new
        Cache-aside        ▂     2     new
        Rate limiting      ▁     1     new
        focus next: Rate limiting (1), Cache-aside (2), Redis data types (3)

        """)
    #expect(
      try scratch.store.skillHistory() == [SkillWeek(week: "2026-W49", ratings: result.ratings)])
  }

  @Test func enterKeepsLastWeeksRating() throws {
    let scratch = try ScratchProgress()
    try scratch.store.saveSkillRatings(
      week: "2026-W49", ratings: ["Redis data types": 3, "Cache-aside": 2], at: 1)
    // A later week rated already (say the clock was wrong) is not last week's rating.
    try scratch.store.saveSkillRatings(week: "2027-W02", ratings: ["Cache-aside": 5], at: 2)
    let terminal = ScriptedTerminal([(1, ""), (1, "4"), (1, "x"), (1, "2")])
    let result = try assessment(terminal, scratch.store, on: "2026-12-07", unicode: false).run()
    #expect(result.week == "2026-W50")
    #expect(result.ratings == ["Redis data types": 3, "Cache-aside": 4, "Rate limiting": 2])
    #expect(
      terminal.screen == """
        Skill check for 2026-W50: rate each topic from 1 (can't explain it yet) to 5 (could teach it).
        Press Enter to keep your last rating, shown in brackets.
        Redis data types [3]: 
        Cache-aside [2]: 4
        Rate limiting: x
          Type a whole number from 1 to 5.
        Rate limiting: 2
        Saved your ratings for 2026-W50.

        Skills, 2026-W49 to 2027-W02 (1 = can't explain it yet, 5 = could teach it)
        topic             W49 W50 W02  now  change
        Redis data types   3   3   .     3       0
        Cache-aside        2   4   5     5      +3
        Rate limiting      .   2   .     2     new
        focus next: Rate limiting (2), Redis data types (3)

        """)
  }

  @Test func ratingAgainInTheSameWeekReplacesItAndDefaultsToIt() throws {
    let scratch = try ScratchProgress()
    try scratch.store.saveSkillRatings(week: "2026-W52", ratings: ["Cache-aside": 2], at: 1)
    try scratch.store.saveSkillRatings(week: "2026-W53", ratings: ["Cache-aside": 3], at: 2)
    let terminal = ScriptedTerminal([(1, "5"), (1, ""), (1, "1")])
    // 2027-01-01 is a Friday: still ISO week 2026-W53.
    let result = try assessment(terminal, scratch.store, on: "2027-01-01").run()
    #expect(result.week == "2026-W53")
    #expect(terminal.screen.contains("Cache-aside [3]: \n"))
    #expect(
      try scratch.store.skillHistory().last
        == SkillWeek(
          week: "2026-W53", ratings: ["Redis data types": 5, "Cache-aside": 3, "Rate limiting": 1]))
  }

  @Test func endOfInputCancelsWithoutSaving() throws {
    let scratch = try ScratchProgress()
    try scratch.store.saveSkillRatings(week: "2026-W49", ratings: ["Cache-aside": 2], at: 1)
    let terminal = ScriptedTerminal([(1, "4")])
    let result = try assessment(terminal, scratch.store, on: "2026-11-30").run()
    #expect(!result.saved)
    #expect(terminal.screen.hasSuffix("Cache-aside [2]: \nSkill check cancelled; nothing saved.\n"))
    #expect(
      try scratch.store.skillHistory() == [SkillWeek(week: "2026-W49", ratings: ["Cache-aside": 2])]
    )
  }
}

@Suite struct ISOWeekTests {
  @Test(arguments: [
    ("2026-12-31", "2026-W53"), ("2027-01-01", "2026-W53"), ("2027-01-04", "2027-W01"),
    ("2021-01-03", "2020-W53"), ("2021-01-04", "2021-W01"), ("2024-12-30", "2025-W01"),
    ("2008-12-29", "2009-W01"), ("2026-11-30", "2026-W49"), ("2016-01-03", "2015-W53"),
    ("2026-01-01", "2026-W01"), ("2026-06-15", "2026-W25"),
  ])
  func weekOfADate(date: String, week: String) throws {
    let day = try #require(CalendarDay(date))
    #expect(ISOWeek.of(day).description == week)
    #expect(ISOWeek.of(year: day.year, month: day.month, day: day.day)?.description == week)
  }

  @Test func weekOfATimestampUsesTheLocalDay() {
    // 2027-01-03T23:30:00Z is a Sunday in UTC and already Monday an hour east.
    let timestamp = 1_799_019_000.0
    #expect(ISOWeek.of(secondsSinceEpoch: timestamp).description == "2026-W53")
    #expect(
      ISOWeek.of(secondsSinceEpoch: timestamp, secondsEastOfUTC: 3600).description == "2027-W01")
  }

  @Test func parsesValidatesAndOrdersWeeks() {
    #expect(ISOWeek.of(year: 2026, month: 2, day: 29) == nil)
    #expect(ISOWeek("2026-W53") == ISOWeek(year: 2026, week: 53))
    #expect(ISOWeek("2027-W53") == nil)
    #expect(ISOWeek("2026-W00") == nil)
    #expect(ISOWeek("2026-W5") == nil)
    #expect(ISOWeek("2026W05") == nil)
    #expect(ISOWeek(year: 2026, week: 5)?.description == "2026-W05")
    #expect(ISOWeek(year: 2026, week: 5)?.shortDescription == "W05")
    #expect(ISOWeek.weekCount(inYear: 2020) == 53)
    #expect(ISOWeek.weekCount(inYear: 2026) == 53)
    #expect(ISOWeek.weekCount(inYear: 2027) == 52)
    #expect(ISOWeek("2026-W53")! < ISOWeek("2027-W01")!)
  }
}

@Suite struct SkillChartTests {
  private func weeks(_ ratings: [[String: Int]], firstWeek: Int = 40) -> [SkillWeek] {
    ratings.enumerated().map { index, ratings in
      SkillWeek(week: "2026-W\(firstWeek + index)", ratings: ratings)
    }
  }

  @Test func drawsTheLastEightWeeksWithLevelsAndChanges() {
    let history = weeks(
      (1...9).map { week in
        [
          "lru": min(5, week / 2 + 1), "bfs": 2, "heap": week >= 5 ? 4 : 3,
          "queues": 6 - min(5, week),
        ]
      })
    #expect(
      SkillChart.render(history, topicOrder: ["queues", "lru"]) == """
        Skills, 2026-W41 to 2026-W48 (1 = can't explain it yet, 5 = could teach it)
        topic   W41 W42 W43 W44 W45 W46 W47 W48  now  change
        queues   ▆   ▄   ▂   ▁   ▁   ▁   ▁   ▁     1      -3
        lru      ▂   ▂   ▄   ▄   ▆   ▆   █   █     5      +3
        bfs      ▂   ▂   ▂   ▂   ▂   ▂   ▂   ▂     2       0
        heap     ▄   ▄   ▄   ▆   ▆   ▆   ▆   ▆     4      +1
        focus next: queues (1), bfs (2)

        """)
  }

  @Test func drawsDigitsWithoutUnicodeAndCutsLongTopics() {
    let history = weeks([
      ["Sliding-window and token-bucket rate limiters": 2, "TTL": 4],
      ["Sliding-window and token-bucket rate limiters": 3, "TTL": 4],
    ])
    #expect(
      SkillChart.render(history, unicode: false) == """
        Skills, 2026-W40 to 2026-W41 (1 = can't explain it yet, 5 = could teach it)
        topic                         W40 W41  now  change
        Sliding-window and token-...   2   3     3      +1
        TTL                            4   4     4       0
        focus next: Sliding-window and token-bucket rate limiters (3)

        """)
  }

  @Test func linesUpTopicsWithWideCharactersAndCutsThemWithAnEllipsis() {
    let history = weeks([["キャッシュ": 2, "TTL": 4, "レート制限とトークンバケットとスライディングウィンドウ": 3]])
    #expect(
      SkillChart.render(history, topicOrder: ["TTL", "キャッシュ"]) == """
        Skills, 2026-W40 (1 = can't explain it yet, 5 = could teach it)
        topic                        W40  now  change
        TTL                           ▆     4     new
        キャッシュ                    ▂     2     new
        レート制限とトークンバケッ…   ▄     3     new
        focus next: キャッシュ (2), レート制限とトークンバケットとスライディングウィンドウ (3)

        """)
  }

  @Test func saysWhenNothingIsWeak() {
    let chart = SkillChart.render(weeks([["a": 4, "b": 5]]), weekCount: 8)
    #expect(chart.hasSuffix("focus next: nothing is rated below 4\n"))
  }

  @Test func anEmptyHistorySaysSo() {
    #expect(SkillChart.render([]) == "No skill ratings yet: rate yourself on the review day.\n")
  }
}
