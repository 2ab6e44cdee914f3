import DeterministicRandom
import Drills
import Testing

/// The seeded generator every drill draws from: same seed, same numbers, on every machine.
@Suite struct SplitMix64Tests {
  @Test func theSequenceIsFixedBySeed() {
    var generator = SplitMix64(seed: 0)
    // SplitMix64's published first outputs for seed 0.
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    var again = SplitMix64(seed: 0)
    #expect(again.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test func streamsOfOneSeedDiffer() {
    var insert = SplitMix64(seed: 42, stream: "heap-insert")
    var pop = SplitMix64(seed: 42, stream: "heap-pop")
    #expect(insert.next() != pop.next())
    var insertAgain = SplitMix64(seed: 42, stream: "heap-insert")
    var insertFirst = SplitMix64(seed: 42, stream: "heap-insert")
    #expect(insertAgain.next() == insertFirst.next())
  }

  @Test func integersStayInRangeAndCoverIt() {
    var generator = SplitMix64(seed: 7)
    var seen = Set<Int>()
    for _ in 0..<5000 {
      let value = generator.int(in: -3...3)
      #expect((-3...3).contains(value))
      seen.insert(value)
    }
    #expect(seen == Set(-3...3))
    #expect(generator.int(in: 5...5) == 5)
    let wide = generator.int(in: Int.min...Int.max)
    #expect(wide >= Int.min)
  }

  @Test func unitChanceAndPicksBehave() {
    var generator = SplitMix64(seed: 9)
    var heads = 0
    for _ in 0..<10_000 {
      let unit = generator.nextDouble()
      #expect(unit >= 0 && unit < 1)
      if generator.chance(0.25) { heads += 1 }
    }
    #expect((2000...3000).contains(heads))
    #expect(["a", "b"].contains(generator.element(of: ["a", "b"])))
  }

  @Test func shuffledIsAPermutationAndDistinctIsDistinct() {
    var generator = SplitMix64(seed: 11)
    for size in 0..<20 {
      let items = Array(0..<size)
      #expect(generator.shuffled(items).sorted() == items)
      let drawn = generator.distinct(size, from: 0...(size + 3))
      #expect(Set(drawn).count == size)
      #expect(drawn.allSatisfy { (0...(size + 3)).contains($0) })
    }
  }
}
