import Progress
import Testing

@Suite struct LearnerSeedTests {
  @Test func theSeedIsCreatedOnceAndKeptInTheDatabase() throws {
    let scratch = try ScratchStore()
    let seed = try scratch.store.learnerSeed()
    #expect(try scratch.store.learnerSeed() == seed)
    #expect(try scratch.reopen().learnerSeed() == seed, "another tutor on the file sees it")
    #expect(try scratch.store.setting("learner-seed") == String(seed), "it is a setting row")
  }

  @Test func startingTheCourseOverKeepsTheSeed() throws {
    let scratch = try ScratchStore()
    let seed = try scratch.store.learnerSeed()
    try scratch.store.resetAll()
    try scratch.store.reset(day: 1)
    #expect(try scratch.store.learnerSeed() == seed)
  }

  @Test func twoLearnersGetTheirOwnSeeds() throws {
    let seeds = try (0..<3).map { _ in try ScratchStore().store.learnerSeed() }
    #expect(Set(seeds).count == 3, "\(seeds)")
  }

  @Test func aSeedWrittenBeforeIsReadBack() throws {
    let scratch = try ScratchStore()
    try scratch.store.setSetting("learner-seed", "12345")
    #expect(try scratch.store.learnerSeed() == 12345)
  }
}
