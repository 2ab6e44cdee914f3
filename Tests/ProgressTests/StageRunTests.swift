import Progress
import Testing

@Suite struct StageRunTests {
  /// A run of `stage` that passed `passed` of 5, failing `failed` when fewer.
  func run(_ stage: String, day: Int, passed: Int, failed: String?, at: Double)
    -> StageRunRecord
  {
    StageRunRecord(
      stage: stage, day: day, passed: passed, total: 5, failedExpectation: failed, at: at)
  }

  @Test func theLatestRunAndAnyPassAreKeptPerStageAcrossAReset() throws {
    let scratch = try ScratchStore(prefix: "progress-stages")
    let store = scratch.store
    try store.recordStageRun(run("day2-cache", day: 2, passed: 1, failed: "hit-skips-store", at: 1))
    try store.recordStageRun(run("day1-client", day: 1, passed: 5, failed: nil, at: 2))
    try store.recordStageRun(run("day2-cache", day: 2, passed: 5, failed: nil, at: 3))
    try store.recordStageRun(
      run("day2-cache", day: 2, passed: 3, failed: "write-invalidates", at: 4))
    try store.resetAll()
    let standings = try scratch.reopen().stageStandings()
    #expect(standings.map(\.latest.stage) == ["day1-client", "day2-cache"])
    #expect(standings[0].everPassed && standings[0].runs == 1 && standings[0].latest.isPass)
    // The last run failed, but an earlier one passed: both are shown.
    #expect(standings[1].everPassed && standings[1].runs == 3)
    #expect(
      standings[1].latest
        == run("day2-cache", day: 2, passed: 3, failed: "write-invalidates", at: 4))
  }

  @Test func aRunThatContradictsItselfIsRefused() throws {
    let store = try ScratchStore(prefix: "progress-stages-bad").store
    #expect(throws: ProgressError.self) {
      try store.recordStageRun(run("day2-cache", day: 2, passed: 5, failed: "miss-fills", at: 1))
    }
    #expect(throws: ProgressError.self) {
      try store.recordStageRun(run("day2-cache", day: 2, passed: 2, failed: nil, at: 1))
    }
    #expect(try store.stageStandings().isEmpty)
  }
}
