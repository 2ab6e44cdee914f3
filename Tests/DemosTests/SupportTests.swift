import Demos
import Foundation
import Patterns
import Testing
import TutorTestSupport

@Suite("Clocks, randomness, sampling and threads")
struct SupportTests {
  @Test func aSeedGivesTheSameSequence() {
    let first = SeededRandom(seed: 5)
    let second = SeededRandom(seed: 5)
    let other = SeededRandom(seed: 6)
    let a = (0..<50).map { _ in first.nextUInt64() }
    #expect(a == (0..<50).map { _ in second.nextUInt64() })
    #expect(a != (0..<50).map { _ in other.nextUInt64() })
    let random = SeededRandom(seed: 1)
    for _ in 0..<10_000 {
      #expect((0..<1).contains(random.nextDouble()))
      #expect((0..<7).contains(random.next(upperBound: 7)))
    }
  }

  @Test func aManualClockMovesOnlyWhenToldOrSleptOn() {
    let manual = ManualDemoClock(start: 10)
    let clock = manual.clock
    #expect(clock.now() == 10)
    clock.sleep(2.5)
    #expect(manual.now == 12.5)
    manual.advance(by: 1)
    #expect(clock.now() == 13.5)
  }

  @Test func singleFlightSharesTheLeadersErrorWithItsWaiters() throws {
    struct LoadFailed: Error {}
    let flight = SingleFlight()
    let waiters = 3
    let joined = SharedCount()
    let barrier = ThreadBarrier(parties: waiters + 1)
    let outcomes = try ClientThreads.run(count: waiters + 1) { _ -> String in
      barrier.arriveAndWait()
      do {
        let (value, _) = try flight.run(key: "k", onWait: { joined.increment() }) { () -> Int in
          _ = eventually(within: .seconds(20), every: .milliseconds(1)) {
            joined.value == waiters
          }
          throw LoadFailed()
        }
        return "value \(value)"
      } catch is LoadFailed {
        return "failed"
      }
    }
    #expect(outcomes == Array(repeating: "failed", count: waiters + 1))
    #expect(flight.callsInFlight == 0)
  }

  @Test func aBarrierReleasesEachRoundTogether() throws {
    let barrier = ThreadBarrier(parties: 4)
    let arrivals = SharedCount()
    let seen = try ClientThreads.run(count: 4) { _ -> [Int] in
      var rounds: [Int] = []
      for _ in 0..<3 {
        arrivals.increment()
        barrier.arriveAndWait()
        rounds.append(arrivals.value)
        barrier.arriveAndWait()
      }
      return rounds
    }
    // Nobody passes a round before all four arrived.
    #expect(seen.allSatisfy { $0 == [4, 8, 12] })
  }
}
