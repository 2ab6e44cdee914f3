import Progress
import Testing

@Suite struct ProgressStoreTests {
  @Test func aFreshStoreIsEmpty() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    #expect(store.path == scratch.path)
    #expect(try store.steps(day: 1).isEmpty)
    #expect(try store.position() == nil)
    #expect(try store.blockTimes(day: 1).isEmpty)
    #expect(try store.setting("plan") == nil)
    #expect(try store.studyDays().isEmpty)
    #expect(try store.interviewAnswers().isEmpty)
    #expect(try store.skillHistory().isEmpty)
    #expect(try store.integrityCheck())
    #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
  }

  @Test func attemptsCountAndTheFirstPassIsKept() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.recordAttempt(day: 1, step: "set-get", passed: false, at: 100)
    #expect(try store.steps(day: 1)["set-get"] == StepProgress(status: .started, attempts: 1))
    try store.recordAttempt(day: 1, step: "set-get", passed: true, at: 200)
    try store.recordAttempt(day: 1, step: "set-get", passed: true, at: 300)
    try store.recordAttempt(day: 1, step: "set-get", passed: false, at: 400)
    #expect(
      try store.steps(day: 1)["set-get"]
        == StepProgress(status: .passed, attempts: 4, passedAt: 200))
    #expect(try store.steps(day: 2).isEmpty)
  }

  @Test func aPassingFirstAttemptPassesAtOnce() throws {
    let scratch = try ScratchStore()
    try scratch.store.recordAttempt(day: 3, step: "ttl", passed: true, at: 50)
    #expect(
      try scratch.store.steps(day: 3)
        == ["ttl": StepProgress(status: .passed, attempts: 1, passedAt: 50)])
  }

  @Test func hintsKeepTheHighestLevel() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.recordHint(day: 1, step: "ttl", level: 2, at: 10)
    try store.recordHint(day: 1, step: "ttl", level: 1, at: 20)
    #expect(try store.steps(day: 1)["ttl"] == StepProgress(status: .started, hintsUsed: 2))
    try store.recordHint(day: 1, step: "ttl", level: 3, at: 30)
    #expect(try store.steps(day: 1)["ttl"]?.hintsUsed == 3)
    #expect(throws: ProgressError.self) {
      try store.recordHint(day: 1, step: "ttl", level: -1, at: 40)
    }
  }

  @Test func skippingNeverUndoesAPass() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.markSkipped(day: 1, step: "a", at: 10)
    #expect(try store.steps(day: 1)["a"] == StepProgress(status: .skipped))
    try store.recordAttempt(day: 1, step: "a", passed: false, at: 20)
    #expect(try store.steps(day: 1)["a"] == StepProgress(status: .skipped, attempts: 1))
    try store.recordAttempt(day: 1, step: "a", passed: true, at: 30)
    try store.markSkipped(day: 1, step: "a", at: 40)
    #expect(
      try store.steps(day: 1)["a"] == StepProgress(status: .passed, attempts: 2, passedAt: 30))
  }

  @Test func readingAStepPassesItOnce() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.markRead(day: 2, step: "intro", at: 10)
    try store.markRead(day: 2, step: "intro", at: 20)
    #expect(try store.steps(day: 2)["intro"] == StepProgress(status: .passed, passedAt: 10))
    try store.markSkipped(day: 2, step: "later", at: 30)
    try store.markRead(day: 2, step: "later", at: 40)
    #expect(try store.steps(day: 2)["later"] == StepProgress(status: .passed, passedAt: 40))
  }

  @Test func viewingTheSolutionIsRemembered() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.recordSolutionViewed(day: 1, step: "hash", at: 10)
    #expect(try store.steps(day: 1)["hash"] == StepProgress(status: .started, solutionViewed: true))
    try store.recordAttempt(day: 1, step: "hash", passed: true, at: 20)
    try store.recordSolutionViewed(day: 1, step: "hash", at: 30)
    #expect(
      try store.steps(day: 1)["hash"]
        == StepProgress(status: .passed, attempts: 1, solutionViewed: true, passedAt: 20))
  }

  @Test func thePositionIsOneRowOverwritten() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    let first = LessonPosition(day: 1, step: "set-get", plan: "4h", updatedAt: 10)
    try store.savePosition(first)
    #expect(try store.position() == first)
    let second = LessonPosition(day: 2, step: "cache-aside", plan: "6h", updatedAt: 20)
    try store.savePosition(second)
    #expect(try store.position() == second)
    #expect(try scratch.reopen().position() == second)
  }

  @Test func blockTimesAddUpPerDayAndBlock() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.addBlockTime(day: 1, block: "concepts", seconds: 60)
    try store.addBlockTime(day: 1, block: "concepts", seconds: 30.5)
    try store.addBlockTime(day: 1, block: "go", seconds: 0)
    try store.addBlockTime(day: 2, block: "concepts", seconds: 5)
    #expect(try store.blockTimes(day: 1) == ["concepts": 90.5, "go": 0])
    #expect(try store.blockTimes(day: 2) == ["concepts": 5])
    #expect(throws: ProgressError.self) {
      try store.addBlockTime(day: 1, block: "go", seconds: -1)
    }
    #expect(throws: ProgressError.self) {
      try store.addBlockTime(day: 1, block: "go", seconds: .nan)
    }
  }

  @Test func settingsAreSetReplacedAndDeleted() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.setSetting("plan", "4h")
    try store.setSetting("plan", "6h")
    try store.setSetting("color", "never")
    #expect(try store.setting("plan") == "6h")
    #expect(try store.setting("color") == "never")
    try store.setSetting("plan", nil)
    #expect(try store.setting("plan") == nil)
    try store.setSetting("never-set", nil)
    #expect(try store.setting("color") == "never")
  }

  @Test func interviewAnswersComeBackNewestFirst() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    let older = InterviewAnswer(
      prompt: "Explain cache-aside", notes: "read, miss", seconds: 95, at: 100)
    let newer = InterviewAnswer(prompt: "Explain LRU", notes: "", seconds: 130, at: 200)
    let sameTime = InterviewAnswer(
      prompt: "Explain BFS", notes: "queue\nvisited", seconds: 60, at: 200)
    try store.saveInterviewAnswer(older)
    try store.saveInterviewAnswer(newer)
    try store.saveInterviewAnswer(sameTime)
    #expect(try store.interviewAnswers() == [sameTime, newer, older])
  }

  @Test func skillRatingsReplaceTheirWeekAndListOldestFirst() throws {
    let scratch = try ScratchStore()
    let store = scratch.store
    try store.saveSkillRatings(week: "2026-W48", ratings: ["redis": 2, "lru": 1], at: 10)
    try store.saveSkillRatings(week: "2026-W47", ratings: ["redis": 1], at: 5)
    try store.saveSkillRatings(week: "2026-W48", ratings: ["redis": 3, "bfs": 4], at: 20)
    try store.saveSkillRatings(week: "2027-W01", ratings: ["redis": 5], at: 30)
    #expect(
      try store.skillHistory() == [
        SkillWeek(week: "2026-W47", ratings: ["redis": 1]),
        SkillWeek(week: "2026-W48", ratings: ["redis": 3, "bfs": 4]),
        SkillWeek(week: "2027-W01", ratings: ["redis": 5]),
      ])
  }

  @Test(arguments: [
    ("2026-W48", ["redis": 0]), ("2026-W48", ["redis": 6]), ("2026-48", ["redis": 3]),
    ("2026-W54", ["redis": 3]), ("2026-W00", ["redis": 3]), ("26-W01", ["redis": 3]),
  ])
  func badRatingsAreRefusedAndNothingIsSaved(week: String, ratings: [String: Int]) throws {
    let scratch = try ScratchStore()
    try scratch.store.saveSkillRatings(week: "2026-W48", ratings: ["redis": 2], at: 1)
    #expect(throws: ProgressError.self) {
      try scratch.store.saveSkillRatings(week: week, ratings: ratings, at: 2)
    }
    #expect(
      try scratch.store.skillHistory() == [SkillWeek(week: "2026-W48", ratings: ["redis": 2])])
  }

  @Test func aBadRatingSaysWhatIsWrong() throws {
    let scratch = try ScratchStore()
    #expect {
      try scratch.store.saveSkillRatings(week: "2026-W48", ratings: ["lru": 7], at: 1)
    } throws: { error in
      "\(error)" == #"the rating for "lru" must be 1 to 5, got 7"#
    }
  }
}
