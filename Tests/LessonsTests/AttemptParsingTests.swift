import Lessons
import Testing
import TutorTestSupport

/// A step and a challenge card, each with written-down mistakes and alternatives.
let attemptLesson = """
  \(LessonFixture.frontMatter(day: 3, title: "Attempts"))
  # Concepts {#concepts}

  ## Expire a session {#expire}

  ```redis
  SET rt:session:42 ada EX 30
  ```

  ```check
  TTL rt:session:42 => 1..30 # give the session a TTL of at most 30 seconds
  GET rt:session:42 => "ada" # keep the value
  ```

  ```mistake
  # why: no expiry at all
  SET rt:session:42 ada
  ```

  ```mistake
  SET rt:session:42 ada EX 300
  ```

  ```alternative
  SET rt:session:42 ada
  EXPIRE rt:session:42 30
  ```

  ```card challenge lock-once
  q: Take `rt:quiz:lock:a` for w1 for at most 60 s; w2 must not take it over.
  check: GET rt:quiz:lock:a => "w1" # w1 should hold the lock
  check: TTL rt:quiz:lock:a => 1..60 # for at most 60 seconds
  solution: SET rt:quiz:lock:a w1 NX EX 60 ; SET rt:quiz:lock:a w2 NX EX 60
  ```

  ```mistake lock-once
  # why: SET without NX lets w2 take the lock
  SET rt:quiz:lock:a w1 EX 60
  SET rt:quiz:lock:a w2 EX 60
  ```

  ```alternative lock-once
  SET rt:quiz:lock:a w1 NX PX 60000
  ```

  """

/// The 1-based line of the first line of `text` equal to `wanted`.
func lineNumber(of wanted: String, in text: String) throws -> Int {
  try #require(
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == wanted }) + 1
}

@Suite struct AttemptParsingTests {
  @Test func mistakesAndAlternativesBelongToTheirStepOrCard() throws {
    let lesson = try LessonParser.parse(attemptLesson, file: "attempts.md").get()
    let step = try #require(lesson.allSteps.first)
    #expect(step.mistakes.map(\.why) == ["no expiry at all", nil])
    #expect(
      step.mistakes.map { $0.commands.map(\.text) } == [
        ["SET rt:session:42 ada"], ["SET rt:session:42 ada EX 300"],
      ])
    let fence = try lineNumber(of: "```mistake", in: attemptLesson)
    #expect(step.mistakes.first?.line == fence)
    #expect(step.mistakes.first?.commands.first?.line == fence + 2)
    #expect(
      step.alternatives.map { $0.commands.map(\.text) } == [
        ["SET rt:session:42 ada", "EXPIRE rt:session:42 30"]
      ])
    let card = try #require(step.cards.first)
    #expect(card.mistakes.map(\.summary) == ["SET without NX lets w2 take the lock"])
    #expect(card.alternatives.map(\.summary) == ["SET rt:quiz:lock:a w1 NX PX 60000"])
    #expect(step.prose.contains("mistake") == false, "mistakes are hidden from the learner")
  }

  @Test func aMistakeForNoCardOrBeforeTheCheckIsReported() throws {
    let text = attemptLesson.replacingOccurrences(
      of: "```mistake lock-once", with: "```mistake lock-twice"
    ).replacingOccurrences(
      of: "```check\nTTL", with: "```mistake\nSET rt:session:42 x\n```\n\n```check\nTTL")
    let problems = LessonParser.parse(text, file: "attempts.md").failure?.problems ?? []
    #expect(
      problems.map(\.message) == [
        "a mistake block needs a check to prove: put it after the step's ```check block",
        "no challenge card 'lock-twice' above in this step: put '```mistake ID' after its card",
      ])
  }
}

extension Result {
  fileprivate var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
