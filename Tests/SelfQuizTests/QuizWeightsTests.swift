import Foundation
import Progress
import Quiz
import SelfQuiz
import Testing
import TutorTestSupport

/// Saved FSRS weights are checked against py-fsrs's bounds before the quiz uses them.
@Suite("Saved FSRS weights", .serialized)
struct QuizWeightsTests {
  /// The default weights with `index` replaced, as the settings store them.
  static func savedWeights(_ index: Int, _ value: String) -> String {
    var fields = FSRSParameters.fsrs6DefaultWeights.map { String($0) }
    fields[index] = value
    return fields.joined(separator: ", ")
  }

  @Test func aZeroDecayIsSetAsideAndTheQuizSchedulesWithTheDefaults() throws {
    let saved = try QuizBench()
    try saved.store.setSetting(QuizSettings.Key.weights, Self.savedWeights(20, "0"))
    let deck = try saved.deck()
    #expect(deck.settings.weights == FSRSParameters.fsrs6DefaultWeights)
    #expect(
      deck.settings.weightsProblem
        == "The saved FSRS weights (quiz.weights) are unusable: w20 is 0, outside its allowed "
        + "range 0.1 to 0.8; the quiz uses the FSRS-6 defaults instead.")
    try saved.run(["512 MB", ""], cards: [try saved.card("string-max")])

    let defaults = try QuizBench()
    try defaults.run(["512 MB", ""], cards: [try defaults.card("string-max")])
    #expect(saved.transcript.contains("✓ Right."))
    #expect(saved.transcript == defaults.transcript)
    let reviews = try saved.store.quizReviews()
    #expect(reviews.count == 1)
    #expect(reviews.map(\.scheduledDays) == (try defaults.store.quizReviews().map(\.scheduledDays)))
  }

  @Test(arguments: [
    (
      QuizWeightsTests.savedWeights(4, "11"),
      "w4 is 11, outside its allowed range 1 to 10"
    ),
    (
      QuizWeightsTests.savedWeights(7, "-0.5"),
      "w7 is -0.5, outside its allowed range 0.001 to 0.75"
    ),
    (
      QuizWeightsTests.savedWeights(12, "nan"),
      "w12 is nan, outside its allowed range 0.001 to 0.25"
    ),
    (
      QuizWeightsTests.savedWeights(3, "eight"),
      "\"eight\" is not a number"
    ),
    (
      FSRSParameters.fsrs6DefaultWeights.dropLast().map { String($0) }.joined(separator: ","),
      "FSRS-6 needs 21 weights, w0 to w20 (got 20)"
    ),
  ])
  func unusableWeightsSayWhichAndWhy(saved: String, problem: String) {
    let settings = QuizSettings { $0 == QuizSettings.Key.weights ? saved : nil }
    #expect(settings.weights == FSRSParameters.fsrs6DefaultWeights)
    #expect(
      settings.weightsProblem
        == "The saved FSRS weights (quiz.weights) are unusable: \(problem); "
        + "the quiz uses the FSRS-6 defaults instead.")
  }

  @Test func weightsWithinTheBoundsAreUsed() {
    let saved = Self.savedWeights(20, "0.5")
    let settings = QuizSettings { $0 == QuizSettings.Key.weights ? saved : nil }
    #expect(settings.weightsProblem == nil)
    #expect(settings.weights[20] == 0.5)
    #expect(settings.weights.count == 21)
  }
}
