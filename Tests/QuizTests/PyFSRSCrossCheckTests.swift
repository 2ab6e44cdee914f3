import Foundation
import Quiz
import Testing

/// Compares the scheduler with sequences computed by py-fsrs 6.3.2 (see Fixtures/make_fsrs_fixture.py).
@Suite struct PyFSRSCrossCheckTests {
  struct Fixture: Decodable {
    let generator: String
    let sequences: [Sequence]
    let sequencesWithSteps: [Sequence]
  }

  struct Sequence: Decodable {
    let name: String
    let steps: [Step]
  }

  struct Step: Decodable {
    let gapSeconds: Double
    let rating: Int
    let stability: Double
    let difficulty: Double
    let intervalDays: Int
    let intervalSeconds: Double
    let state: String
  }

  static func loadFixture() throws -> Fixture {
    let url = try #require(
      Bundle.module.url(
        forResource: "py-fsrs-sequences", withExtension: "json", subdirectory: "Fixtures"))
    return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
  }

  static func relativeError(_ actual: Double, _ expected: Double) -> Double {
    abs(actual - expected) / max(abs(expected), 1e-12)
  }

  @Test func everyStepMatchesPyFSRS() throws {
    let fixture = try Self.loadFixture()
    #expect(fixture.generator == "py-fsrs 6.3.2")
    #expect(fixture.sequences.count >= 5)
    let scheduler = FSRSScheduler(
      parameters: FSRSParameters(learningSteps: [], relearningSteps: [], enableFuzzing: false))
    var comparedSteps = 0
    for sequence in fixture.sequences {
      var now = 1_767_254_400.0
      var card = CardMemory.new(dueAt: now)
      for (index, step) in sequence.steps.enumerated() {
        now += step.gapSeconds
        let rating = try #require(Rating(rawValue: step.rating))
        card = scheduler.review(card, rating: rating, at: now).card
        let interval = Int(((card.due - now) / FSRSScheduler.secondsPerDay).rounded(.down))
        let context = Comment(rawValue: "\(sequence.name) step \(index)")
        #expect(Self.relativeError(card.stability, step.stability) < 1e-4, context)
        #expect(Self.relativeError(card.difficulty, step.difficulty) < 1e-4, context)
        #expect(interval == step.intervalDays, context)
        comparedSteps += 1
      }
    }
    #expect(comparedSteps >= 100)
  }

  @Test func learningAndRelearningStepsMatchPyFSRS() throws {
    let fixture = try Self.loadFixture()
    #expect(fixture.sequencesWithSteps.count >= 3)
    let scheduler = FSRSScheduler(parameters: FSRSParameters(enableFuzzing: false))
    var sawRelearning = false
    for sequence in fixture.sequencesWithSteps {
      var now = 1_767_254_400.0
      var card = CardMemory.new(dueAt: now)
      for (index, step) in sequence.steps.enumerated() {
        now += step.gapSeconds
        let rating = try #require(Rating(rawValue: step.rating))
        card = scheduler.review(card, rating: rating, at: now).card
        let context = Comment(rawValue: "\(sequence.name) step \(index)")
        #expect(Self.relativeError(card.stability, step.stability) < 1e-4, context)
        #expect(Self.relativeError(card.difficulty, step.difficulty) < 1e-4, context)
        #expect(card.due - now == step.intervalSeconds, context)
        #expect(card.state.rawValue == step.state, context)
        sawRelearning = sawRelearning || card.state == .relearning
      }
    }
    #expect(sawRelearning)
  }
}
