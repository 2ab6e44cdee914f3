import Demos
import Patterns
import RedisClient
import Testing
import TutorTestSupport

@Suite("The stale-set race")
struct StaleSetRaceTests {
  let bed: CacheTestBed
  init() throws { bed = try CacheTestBed() }

  @Test func withoutAFixTheLateSetPutsTheOldVersionBack() throws {
    for round in 1...3 {
      let outcome = try StaleSetRace.run(
        fix: false, options: bed.server.options, store: bed.store, id: 5,
        clock: bed.manualClock.clock)
      #expect(outcome.cacheIsStale)
      #expect(outcome.versionReaderLoaded == round)
      #expect(outcome.storeVersion == round + 1)
      #expect(outcome.cachedVersion == round)
      #expect(
        outcome.steps.map(\.actor) == [.reader, .reader, .writer, .writer, .reader, .observer])
    }
    // Every later reader gets the old version.
    let read = try bed.cache().get(id: 5)
    #expect(read.source == .cache)
    #expect(read.item?.version == 3)
    #expect(try bed.store.peek(id: 5)?.version == 4)
  }

  @Test func withLeasesTheLateSetIsRefused() throws {
    for round in 1...3 {
      let outcome = try StaleSetRace.run(
        fix: true, options: bed.server.options, store: bed.store, id: 6,
        clock: bed.manualClock.clock)
      #expect(!outcome.cacheIsStale)
      #expect(outcome.versionReaderLoaded == round)
      #expect(outcome.cachedVersion == nil)
      #expect(
        outcome.steps.map(\.actor) == [
          .reader, .reader, .reader, .writer, .writer, .reader, .observer,
        ])
      #expect(outcome.steps[5].action.contains("nothing written"))
    }
    let read = try bed.cache(CacheAside.Configuration(staleSetFix: .lease())).get(id: 6)
    #expect(read.source == .store)
    #expect(read.item?.version == 4)
    let redis = try bed.server.connect()
    #expect(try redis.send("EXISTS", "rt:demo:cache:lease:6") == .integer(0))
  }

  @Test func aLeaseHeldByAnotherReaderMeansAnswerButDoNotFill() throws {
    let redis = try bed.server.connect()
    #expect(
      try redis.send("SET", "rt:demo:cache:lease:8", "other-reader", "PX", "60000")
        == .status("OK"))
    let cache = try bed.cache(CacheAside.Configuration(staleSetFix: .lease()))
    #expect(try cache.get(id: 8).item?.id == 8)
    #expect(try redis.send("EXISTS", "rt:demo:cache:item:8") == .integer(0))
    #expect(try redis.send("GET", "rt:demo:cache:lease:8") == .bulk("other-reader"))
  }
}
