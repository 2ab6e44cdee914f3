import Quiz
import Testing

/// py-fsrs's bounds on the 21 weights.
@Suite("FSRS parameter bounds")
struct FSRSParameterBoundsTests {
  @Test func theDefaultsAreWithinTheBounds() {
    #expect(FSRSParameters.weightBounds.count == 21)
    #expect(FSRSParameters.problem(weights: FSRSParameters.fsrs6DefaultWeights) == nil)
  }

  @Test func theDecayMustBePositive() {
    var weights = FSRSParameters.fsrs6DefaultWeights
    weights[20] = 0
    #expect(
      FSRSParameters.problem(weights: weights) == "w20 is 0, outside its allowed range 0.1 to 0.8")
    weights[20] = 0.1
    #expect(FSRSParameters.problem(weights: weights) == nil)
  }

  @Test func theFirstWeightOutOfRangeIsNamed() {
    var weights = FSRSParameters.fsrs6DefaultWeights
    weights[0] = 100.5
    weights[16] = 0.5
    #expect(
      FSRSParameters.problem(weights: weights)
        == "w0 is 100.5, outside its allowed range 0.001 to 100")
    #expect(
      FSRSParameters.problem(weights: Array(weights.prefix(3)))
        == "FSRS-6 needs 21 weights, w0 to w20 (got 3)")
  }

}
