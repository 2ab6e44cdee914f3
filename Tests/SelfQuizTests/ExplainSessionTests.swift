import Lessons
import Testing
import TutorTestSupport

/// A lesson with one explain card of three key points.
private let explainLesson = """
  \(LessonFixture.frontMatter(day: 1, title: "Explain day"))
  # Concepts {#concepts}

  ## Check yourself {#self-check}

  ```card explain recent-searches
  q: Which type keeps "the 20 most recent searches of a user", and with which two commands?
  model: A list: LPUSH the newest search, then LTRIM key 0 19.
  points: a list [list] | LPUSH [lpush/rpush] | LTRIM [ltrim]
  ```

  """

@Suite("Explain cards in a quiz session", .serialized)
struct ExplainSessionTests {
  @Test func theKeyPointsNamedSuggestTheRating() throws {
    let bench = try QuizBench(lesson: explainLesson)
    let card = try bench.card("recent-searches")
    try bench.run(["a sorted set with ZADD", ""], cards: [card])
    #expect(bench.transcript.contains("Key points (your answer names 0 of 3):\n  ✗ a list\n"))
    try bench.run(["a list with LPUSH", ""], cards: [card])
    #expect(bench.transcript.contains("Key points (your answer names 2 of 3):\n  ✓ a list\n"))
    try bench.run(["list: lpush, then ltrim 0 19", ""], cards: [card])
    try bench.run(["RPUSH onto a LIST and LTRIM -20 -1", "4"], cards: [card])
    let reviews = try bench.store.quizReviews()
    #expect(reviews.map(\.rating) == [1, 2, 3, 4])
    #expect(reviews.map(\.correct) == [false, true, true, true])
    #expect(reviews.map(\.usedHint) == [false, false, false, false])
    #expect(
      reviews.map(\.attempt) == [
        "a sorted set with ZADD", "a list with LPUSH", "list: lpush, then ltrim 0 19",
        "RPUSH onto a LIST and LTRIM -20 -1",
      ])
  }

  @Test func theModelAnswerNeedsAnAttemptOrAnExplicitGiveUp() throws {
    let bench = try QuizBench(lesson: explainLesson)
    let card = try bench.card("recent-searches")
    try bench.run(["", "  ", ":give-up", ""], cards: [card])
    let transcript = bench.transcript
    let model = try #require(transcript.range(of: "Model answer:"))
    let asked = "Write your answer first, even a rough one: the model answer comes after it"
    #expect(
      transcript.components(separatedBy: asked).count == 3, "asked again after each empty line")
    #expect(transcript.range(of: asked)!.lowerBound < model.lowerBound)
    #expect(transcript.contains("No answer of your own this time, so Again is suggested."))
    #expect(try bench.store.quizReviews().map(\.attempt) == [nil])
    #expect(try bench.store.quizReviews().map(\.rating) == [1])

    try bench.run(["q"], cards: [card])
    #expect(try bench.store.quizReviews().count == 1, "stopping before an attempt saves nothing")
  }
}
