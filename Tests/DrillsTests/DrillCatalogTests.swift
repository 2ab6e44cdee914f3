import Drills
import Testing

/// The catalog: names, families, and every drill's sessions checked over many seeds.
@Suite struct DrillCatalogTests {
  static let expectedNames = [
    "heap-insert", "heap-pop", "heapify", "kth-largest", "top-k-frequent", "merge-k-sorted",
    "task-scheduler", "lru-cache", "lfu-cache", "window-max", "window-sum",
    "longest-unique-substring", "min-window-cover", "events-last-n", "grid-shortest-path",
    "graph-bfs", "tree-level-order", "circular-buffer", "mixed-review",
  ]

  @Test func everyDrillIsListedOnceInFamilyOrder() {
    #expect(DrillCatalog.names == Self.expectedNames)
    for family in DrillFamily.allCases {
      #expect(!DrillCatalog.drills(in: family).isEmpty, "\(family)")
    }
    #expect(DrillCatalog.all.allSatisfy { $0.trace != nil && $0.solve != nil })
  }

  @Test func namesAndFamilyNamesResolve() {
    #expect(DrillCatalog.named("heap")?.name == "heap-insert")
    #expect(DrillCatalog.named("lru")?.name == "lru-cache")
    #expect(DrillCatalog.named("window")?.name == "window-max")
    #expect(DrillCatalog.named("bfs")?.name == "grid-shortest-path")
    #expect(DrillCatalog.named("mixed")?.name == "mixed-review")
    #expect(DrillCatalog.named(" Heap-Pop \n")?.name == "heap-pop")
    #expect(DrillCatalog.named("heap-push") == nil)
    #expect(DrillCatalog.named("") == nil)
    #expect(DrillCatalog.resolve("window").map(\.name).count == 5)
    #expect(DrillCatalog.resolve("HEAP").count == 7)
    #expect(DrillCatalog.resolve("mixed").map(\.name) == ["mixed-review"])
    #expect(DrillCatalog.resolve("heapify").map(\.name) == ["heapify"])
    #expect(DrillCatalog.resolve("nothing").isEmpty)
  }

  private func fits(_ answer: DrillAnswer, _ format: AnswerFormat) -> Bool {
    switch (answer, format) {
    case (.integers, .integers), (.integer, .integer), (.words, .words), (.word, .word): true
    case (.grid(let rows), .grid(let count)): rows.count == count
    default: false
    }
  }

  /// The expected answer is typeable: its text parses back to itself in the step's format.
  private func answerable(_ answer: DrillAnswer, _ format: AnswerFormat) -> Bool {
    guard fits(answer, format) else { return false }
    if case .words(let words) = answer, words.contains(where: { $0 != $0.lowercased() }) {
      return false
    }
    if case .word(let word) = answer, word != word.lowercased() || word.isEmpty { return false }
    return (try? AnswerParser.parse(answer.text, as: format).get()) == answer
  }

  @Test(arguments: expectedNames)
  func sessionsAreAnswerableAndReproducible(name: String) throws {
    let drill = try #require(DrillCatalog.named(name))
    var instances = Set<String>()
    for seed in UInt64(0)..<150 {
      let session = try #require(drill.trace?(seed))
      #expect(!session.steps.isEmpty)
      #expect(session.family != .mixed)
      #expect(name == "mixed-review" || session.drill == name)
      #expect(!session.instance.contains("\u{1B}") && !session.title.isEmpty)
      instances.insert(session.instance)
      for step in session.steps {
        #expect(answerable(step.expected, step.format), "\(name) seed \(seed): \(step.prompt)")
        #expect(!step.prompt.isEmpty && !step.picture.isEmpty)
        #expect(!step.picture.contains("\u{1B}"))
      }
      let again = try #require(drill.trace?(seed))
      #expect(again.instance == session.instance)
      #expect(again.steps.map(\.expected) == session.steps.map(\.expected))
      #expect(again.steps.map(\.picture) == session.steps.map(\.picture))

      let problem = try #require(drill.solve?(seed))
      #expect(answerable(problem.expected, problem.format), "\(name) seed \(seed)")
      #expect(problem.family != .mixed && !problem.statement.isEmpty)
      #expect(!problem.explanation.isEmpty)
      let sameProblem = try #require(drill.solve?(seed))
      #expect(sameProblem.statement == problem.statement)
      #expect(sameProblem.expected == problem.expected)
    }
    #expect(instances.count > 100, "seeds should give different instances")
  }

  @Test func mixedPicksLeanOnWeakFamilies() {
    let weakHeap: [DrillFamily: Double] = [.heap: 0.1, .lru: 0.95, .window: 0.95, .bfs: 0.95]
    var counts: [DrillFamily: Int] = [:]
    for seed in UInt64(0)..<4000 {
      let drill = DrillCatalog.pickMixed(weakSpots: weakHeap, seed: seed)
      #expect(drill.family != .mixed)
      counts[drill.family, default: 0] += 1
      #expect(DrillCatalog.pickMixed(weakSpots: weakHeap, seed: seed).name == drill.name)
    }
    // Weights 1.0 against 0.15 each: heap should get about two thirds of the picks.
    #expect(counts[.heap, default: 0] > 2 * (counts[.lru, default: 0] + counts[.bfs, default: 0]))
    #expect(counts.keys.count == 4, "mastered families still turn up")

    var even: [DrillFamily: Int] = [:]
    for seed in UInt64(0)..<4000 {
      even[DrillCatalog.pickMixed(weakSpots: [:], seed: seed).family, default: 0] += 1
    }
    #expect(even.values.allSatisfy { (800...1200).contains($0) })
    let odd = DrillCatalog.pickMixed(weakSpots: [.heap: .nan, .lru: -3, .bfs: 7], seed: 1)
    #expect(odd.family != .mixed)
  }
}
