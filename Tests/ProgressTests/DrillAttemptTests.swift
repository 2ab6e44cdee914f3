import Progress
import Testing

@Suite struct DrillAttemptTests {
  @Test func attemptsAddUpPerFamilyAndSurviveAResetOfLessons() throws {
    let scratch = try ScratchStore(prefix: "progress-drills")
    let store = scratch.store
    for (family, correct, seconds) in [
      ("heap", true, 3.0), ("heap", false, 5.0), ("lru", true, 2.0),
    ] {
      try store.recordDrill(
        DrillAttempt(
          family: family, drill: family + "-x", mode: "trace", correct: correct, seconds: seconds,
          at: 1))
    }
    try store.resetAll()
    let stats = try scratch.reopen().drillStats()
    #expect(
      stats == [
        DrillFamilyStats(family: "heap", attempts: 2, correct: 1, seconds: 8),
        DrillFamilyStats(family: "lru", attempts: 1, correct: 1, seconds: 2),
      ])
    #expect(stats[0].accuracy == 0.5)
    #expect(throws: ProgressError.self) {
      try store.recordDrill(
        DrillAttempt(family: "heap", drill: "h", mode: "guess", correct: true, seconds: 1, at: 1))
    }
  }
}
