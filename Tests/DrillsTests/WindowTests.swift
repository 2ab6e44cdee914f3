import DeterministicRandom
import Drills
import Testing

/// Sliding windows against checking every window.
@Suite struct WindowTests {
  private func randomValues(_ random: inout SplitMix64, size: ClosedRange<Int>) -> [Int] {
    (0..<random.int(in: size)).map { _ in random.int(in: -15...15) }
  }

  @Test func windowMaximaAndSumsMatchScanningEachWindow() {
    var random = SplitMix64(seed: 31)
    for _ in 0..<5000 {
      let values = randomValues(&random, size: 1...40)
      let k = random.int(in: 1...values.count)
      #expect(SlidingWindow.maxima(values, k: k) == WindowBruteForce.maxima(values, k: k))
      #expect(SlidingWindow.sums(values, k: k) == WindowBruteForce.sums(values, k: k))
      let trace = SlidingWindow.maximaTrace(values, k: k)
      #expect(trace.compactMap(\.maximum) == WindowBruteForce.maxima(values, k: k))
      for state in trace {
        let dequeValues = state.deque.map { values[$0] }
        #expect(zip(dequeValues, dequeValues.dropFirst()).allSatisfy { $0 > $1 })
        #expect(state.deque.allSatisfy { $0 > state.index - k && $0 <= state.index })
        #expect(state.deque.last == state.index)
      }
    }
  }

  @Test func longestUniqueMatchesTryingEverySubstring() {
    var random = SplitMix64(seed: 32)
    for _ in 0..<5000 {
      let alphabet = Array("abcdef".prefix(random.int(in: 1...6)))
      let text = (0..<random.int(in: 0...30)).map { _ in random.element(of: alphabet) }
      #expect(
        SlidingWindow.longestUniqueLength(text) == WindowBruteForce.longestUniqueLength(text))
      for (end, window) in SlidingWindow.uniqueWindows(text).enumerated() {
        #expect(window.upperBound == end + 1)
        #expect(Set(text[window]).count == window.count)
        if window.lowerBound > 0 {
          #expect(Set(text[(window.lowerBound - 1)..<window.upperBound]).count <= window.count)
        }
      }
    }
  }

  @Test func minimumWindowMatchesTryingEverySubstring() {
    var random = SplitMix64(seed: 33)
    for _ in 0..<5000 {
      let alphabet = Array("abcdef")
      let text = (0..<random.int(in: 0...25)).map { _ in random.element(of: alphabet) }
      let required = Set(random.shuffled(alphabet).prefix(random.int(in: 1...3)))
      #expect(
        SlidingWindow.minimumWindow(text, covering: required)
          == WindowBruteForce.minimumWindow(text, covering: required))
    }
  }

  @Test func eventCountsMatchFilteringTheLog() {
    var random = SplitMix64(seed: 34)
    for _ in 0..<5000 {
      let events = (0..<random.int(in: 0...30)).map { _ in random.int(in: 0...50) }.sorted()
      let queries = (0..<random.int(in: 0...10)).map { _ in random.int(in: 0...60) }.sorted()
      let span = random.int(in: 1...15)
      #expect(
        SlidingWindow.countsInLast(span, events: events, queries: queries)
          == WindowBruteForce.countsInLast(span, events: events, queries: queries))
    }
  }

  @Test func windowDrillsAgreeWithTheBruteForce() throws {
    for seed in UInt64(0)..<300 {
      let maxSolve = try #require(DrillCatalog.named("window-max")?.solve?(seed))
      let maxTrace = try #require(DrillCatalog.named("window-max")?.trace?(seed))
      #expect(maxTrace.steps.last?.expected == maxSolve.expected)
      let unique = try #require(DrillCatalog.named("longest-unique-substring")?.trace?(seed))
      for step in unique.steps.dropLast() {
        guard case .word(let window) = step.expected else { continue }
        #expect(Set(window).count == window.count)
      }
    }
  }
}
