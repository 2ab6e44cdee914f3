import Progress
import Testing

@Suite struct ResetTests {
  /// A store with progress on two days, a position, settings and review data.
  private func populated() throws -> ScratchStore {
    let scratch = try ScratchStore()
    let store = scratch.store
    for day in [1, 2] {
      try store.recordAttempt(day: day, step: "a", passed: true, at: 10)
      try store.recordHint(day: day, step: "b", level: 1, at: 20)
      try store.addBlockTime(day: day, block: "concepts", seconds: 60)
    }
    try store.savePosition(LessonPosition(day: 2, step: "b", plan: "6h", updatedAt: 30))
    try store.setSetting("plan", "6h")
    try store.recordStudyDay("2026-11-30")
    try store.saveInterviewAnswer(InterviewAnswer(prompt: "p", notes: "n", seconds: 1, at: 2))
    try store.saveSkillRatings(week: "2026-W49", ratings: ["redis": 3], at: 40)
    return scratch
  }

  @Test func resettingAStepForgetsOnlyThatStep() throws {
    let scratch = try populated()
    let store = scratch.store
    try store.reset(day: 1, step: "a")
    #expect(Set(try store.steps(day: 1).keys) == ["b"])
    #expect(Set(try store.steps(day: 2).keys) == ["a", "b"])
    #expect(try store.blockTimes(day: 1) == ["concepts": 60])
    try store.reset(day: 1, step: "never-touched")
  }

  @Test func resettingADayForgetsItsStepsAndBlockTimes() throws {
    let scratch = try populated()
    let store = scratch.store
    try store.reset(day: 1)
    #expect(try store.steps(day: 1).isEmpty)
    #expect(try store.blockTimes(day: 1).isEmpty)
    #expect(Set(try store.steps(day: 2).keys) == ["a", "b"])
    #expect(try store.blockTimes(day: 2) == ["concepts": 60])
    #expect(try store.position()?.day == 2)
  }

  @Test func resettingAllKeepsSettingsStudyDaysAndReviewData() throws {
    let scratch = try populated()
    let store = scratch.store
    try store.resetAll()
    #expect(try store.steps(day: 1).isEmpty)
    #expect(try store.steps(day: 2).isEmpty)
    #expect(try store.blockTimes(day: 1).isEmpty)
    #expect(try store.blockTimes(day: 2).isEmpty)
    #expect(try store.position() == nil)
    #expect(try store.setting("plan") == "6h")
    #expect(try store.studyDays() == ["2026-11-30"])
    #expect(try store.interviewAnswers().count == 1)
    #expect(try store.skillHistory() == [SkillWeek(week: "2026-W49", ratings: ["redis": 3])])
  }
}
