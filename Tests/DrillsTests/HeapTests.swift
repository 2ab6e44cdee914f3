import DeterministicRandom
import Drills
import Testing

/// Heaps: traced operations against a textbook heap, heap algorithms against brute force.
@Suite struct HeapTests {
  private func randomArray(_ random: inout SplitMix64, size: ClosedRange<Int>) -> [Int] {
    (0..<random.int(in: size)).map { _ in random.int(in: -20...20) }
  }

  /// The swaps replayed from `start` give `after`, and each one is a parent with its child.
  private func swapsReplay(_ step: HeapStep) -> Bool {
    var array = step.start
    for swap in step.swaps {
      guard swap.child == 2 * swap.parent + 1 || swap.child == 2 * swap.parent + 2 else {
        return false
      }
      array.swapAt(swap.parent, swap.child)
    }
    return array == step.after
  }

  @Test(arguments: HeapOrder.allCases)
  func insertTracesMatchTheTextbookOnRandomArrays(order: HeapOrder) {
    var random = SplitMix64(seed: 1)
    for _ in 0..<2000 {
      var heap: [Int] = []
      for value in randomArray(&random, size: 1...25) {
        let step = HeapTracer.insert(value, into: heap, order: order)
        let expected = TextbookHeap.insert(value, into: heap, order)
        #expect(step.after == expected)
        #expect(step.before == heap)
        #expect(step.start == heap + [value])
        #expect(TextbookHeap.isHeap(step.after, order))
        #expect(swapsReplay(step))
        heap = step.after
      }
    }
  }

  @Test(arguments: HeapOrder.allCases)
  func popTracesMatchTheTextbookUntilEmpty(order: HeapOrder) {
    var random = SplitMix64(seed: 2)
    for _ in 0..<2000 {
      var heap = randomArray(&random, size: 1...25).reduce(into: [Int]()) {
        $0 = TextbookHeap.insert($1, into: $0, order)
      }
      var popped: [Int] = []
      let all = heap
      while !heap.isEmpty {
        let step = HeapTracer.pop(from: heap, order: order)
        #expect(step.removed == heap[0])
        #expect(step.after == TextbookHeap.pop(heap, order))
        #expect(TextbookHeap.isHeap(step.after, order))
        #expect(swapsReplay(step))
        popped.append(step.removed!)
        heap = step.after
      }
      #expect(popped == HeapBruteForce.popOrder(all, order: order))
    }
  }

  @Test(arguments: HeapOrder.allCases)
  func heapifyStepsMatchTheTextbookAndBuildSubheaps(order: HeapOrder) {
    var random = SplitMix64(seed: 3)
    for _ in 0..<2000 {
      let array = randomArray(&random, size: 0...25)
      var current = array
      let steps = HeapTracer.heapify(array, order: order)
      #expect(steps.count == array.count / 2)
      for step in steps {
        guard case .siftDown(let index) = step.operation else {
          Issue.record("heapify made a \(step.operation)")
          return
        }
        current = TextbookHeap.siftDown(current, at: index, order)
        #expect(step.after == current)
        #expect(TextbookHeap.isHeap(step.after, order, root: index))
        #expect(swapsReplay(step))
      }
      #expect(TextbookHeap.isHeap(current, order))
      #expect(current.sorted() == array.sorted())
      var heap = BinaryHeap(order, unordered: array)
      heap.heapify()
      #expect(heap.items == current)
      #expect(heap.satisfiesHeapProperty)
    }
  }

  @Test func replaceRootMatchesTheTextbook() {
    var random = SplitMix64(seed: 4)
    for _ in 0..<3000 {
      let order: HeapOrder = random.chance(0.5) ? .min : .max
      let heap = randomArray(&random, size: 1...20).reduce(into: [Int]()) {
        $0 = TextbookHeap.insert($1, into: $0, order)
      }
      let value = random.int(in: -25...25)
      let step = HeapTracer.replaceRoot(of: heap, with: value, order: order)
      #expect(step.after == TextbookHeap.replaceRoot(heap, with: value, order))
      #expect(step.removed == heap[0])
      #expect(TextbookHeap.isHeap(step.after, order))
      #expect(swapsReplay(step))
    }
  }

  @Test func drillTracesMatchAnIndependentSimulation() throws {
    for seed in UInt64(0)..<1500 {
      let cases: [(String, HeapOperationsInstance)] = [
        ("heap-insert", HeapInstances.inserts(seed: seed)),
        ("heap-pop", HeapInstances.pops(seed: seed)),
        ("heapify", HeapInstances.heapify(seed: seed)),
      ]
      for (name, instance) in cases {
        let session = try #require(DrillCatalog.named(name)?.trace?(seed))
        #expect(session.steps.count == instance.operations.count)
        var array = instance.initial
        for (step, operation) in zip(session.steps, instance.operations) {
          switch operation {
          case .insert(let value): array = TextbookHeap.insert(value, into: array, instance.order)
          case .pop: array = TextbookHeap.pop(array, instance.order)
          case .siftDown(let index): array = TextbookHeap.siftDown(array, at: index, instance.order)
          case .replaceRoot(let value):
            array = TextbookHeap.replaceRoot(array, with: value, instance.order)
          }
          #expect(step.expected == .integers(array), "\(name) seed \(seed)")
          if name != "heapify" { #expect(TextbookHeap.isHeap(array, instance.order)) }
        }
        #expect(TextbookHeap.isHeap(array, instance.order))
        let solve = try #require(DrillCatalog.named(name)?.solve?(seed))
        #expect(solve.expected == .integers(array))
      }
    }
  }

  @Test func kthLargestTraceKeepsTheKLargestInAMinHeap() throws {
    let drill = try #require(DrillCatalog.named("kth-largest"))
    for seed in UInt64(0)..<500 {
      let session = try #require(drill.trace?(seed))
      var kept: [Int] = []
      for step in session.steps.dropLast() {
        guard case .integers(let heap) = step.expected else {
          Issue.record("a heap step expects \(step.expected)")
          return
        }
        #expect(TextbookHeap.isHeap(heap, .min))
        #expect(heap.count >= kept.count && heap.count <= kept.count + 1)
        kept = heap
      }
      guard case .integer(let answer) = session.steps.last?.expected else {
        Issue.record("the last step is not an integer")
        return
      }
      #expect(answer == kept.first)
    }
  }

  @Test func kthLargestMatchesSorting() {
    var random = SplitMix64(seed: 5)
    for _ in 0..<5000 {
      let values = randomArray(&random, size: 1...40)
      let k = random.int(in: 1...values.count)
      #expect(
        HeapAlgorithms.kthLargest(values, k: k) == HeapBruteForce.kthLargest(values, k: k))
    }
  }

  @Test func topKFrequentMatchesCountingEverything() {
    var random = SplitMix64(seed: 6)
    for _ in 0..<5000 {
      let values = (0..<random.int(in: 1...40)).map { _ in random.int(in: -6...6) }
      let k = random.int(in: 0...Set(values).count)
      #expect(
        HeapAlgorithms.topKFrequent(values, k: k) == HeapBruteForce.topKFrequent(values, k: k))
    }
  }

  @Test func mergeKSortedMatchesSortingTheConcatenation() {
    var random = SplitMix64(seed: 7)
    for _ in 0..<5000 {
      let lists = (0..<random.int(in: 0...7)).map { _ in
        randomArray(&random, size: 0...9).sorted()
      }
      #expect(HeapAlgorithms.mergeKSorted(lists) == HeapBruteForce.mergeKSorted(lists))
    }
  }

  @Test func taskSchedulerMatchesScanningEveryTask() {
    var random = SplitMix64(seed: 8)
    for _ in 0..<5000 {
      let tasks = (0..<random.int(in: 0...25)).map { _ in
        ScheduledTask(
          arrival: random.int(in: 0...30), priority: random.int(in: 1...4),
          duration: random.int(in: 1...6))
      }
      let runs = TaskScheduler.schedule(tasks)
      #expect(runs.map(\.task) == HeapBruteForce.runOrder(tasks))
      for (run, next) in zip(runs, runs.dropFirst()) {
        #expect(next.start >= run.end)
      }
      for run in runs {
        #expect(run.start >= tasks[run.task].arrival)
        #expect(run.end == run.start + tasks[run.task].duration)
      }
    }
  }

  @Test func binaryHeapPopsInOrderWithACustomRanking() {
    var random = SplitMix64(seed: 9)
    for _ in 0..<2000 {
      let words = (0..<random.int(in: 0...30)).map { _ in
        String(repeating: "x", count: random.int(in: 1...9))
      }
      var heap = BinaryHeap<String> { $0.count > $1.count }
      for word in words { heap.insert(word) }
      #expect(heap.satisfiesHeapProperty)
      var lengths: [Int] = []
      while let word = heap.popFirst()?.element { lengths.append(word.count) }
      #expect(lengths == words.map(\.count).sorted(by: >))
    }
  }
}
