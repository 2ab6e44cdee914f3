import Lessons
import Testing
import TutorTestSupport

/// A lesson with explain cards: a "Check yourself" question and a "find the bug" snippet.
let explainLesson = """
  \(LessonFixture.frontMatter(day: 3, title: "Explain"))
  # Concepts {#concepts}

  ## Check yourself {#self-check}

  1. What do `TTL` replies `-1` and `-2` mean?

  ```card explain ttl-replies
  q: What do `TTL` replies `-1` and `-2` mean?
  model: -1: the key exists but has no expiry.
  model: -2: the key does not exist.
  points: -1: the key has no expiry [1 no/without expir*/ttl] | -2: the key does not exist [2 not/missing]
  ```

  ```card explain pop-then-push
  q: Find the bug:
  q:     job = ZPOPMIN rt:jobs:ready
  q:         LPUSH rt:jobs:processing job
  model: A crash between the two loses the job; do both in one Lua script.
  ```

  """

@Suite struct ExplainCardParsingTests {
  @Test func readsTheModelAnswerAndKeyPoints() throws {
    let lesson = try LessonParser.parse(explainLesson, file: "explain.md").get()
    #expect(lesson.cards.map(\.key) == ["3/ttl-replies", "3/pop-then-push"])
    #expect(lesson.allSteps[0].explainCards.map(\.id) == ["ttl-replies", "pop-then-push"])
    let card = lesson.cards[0]
    #expect(card.kind.name == "explain")
    guard case .explain(let model, let points) = card.kind else {
      Issue.record("not an explain card")
      return
    }
    #expect(model == "-1: the key exists but has no expiry.\n-2: the key does not exist.")
    #expect(
      points == [
        "-1: the key has no expiry [1 no/without expir*/ttl]",
        "-2: the key does not exist [2 not/missing]",
      ])
    #expect(
      lesson.cards[1].question
        == "Find the bug:\n    job = ZPOPMIN rt:jobs:ready\n        LPUSH rt:jobs:processing job",
      "the indentation of a snippet in q: lines is kept")
    guard case .explain(_, let none) = lesson.cards[1].kind else { return }
    #expect(none.isEmpty)
  }

  @Test func malformedExplainCardsAreReportedWithTheirLines() {
    let broken =
      explainLesson
      .replacingOccurrences(
        of: "model: A crash between the two loses the job; do both in one Lua script.\n",
        with: "hint: think of crashes\n"
      )
      .replacingOccurrences(of: "] | -2:", with: "] | | -2:")
      .replacingOccurrences(of: "[2 not/missing]", with: "[2 gone]")
    guard case .failure(let problems) = LessonParser.parse(broken, file: "explain.md") else {
      Issue.record("a broken explain card was accepted")
      return
    }
    let lines = problems.problems.map(\.description)
    #expect(
      lines == [
        "explain.md:17: explain card 'ttl-replies': its model answer does not name the key point '-2: the key does not exist [2 gone]' (each word of a point, or one of its '/' alternatives, must be in it)",
        "explain.md:21: an empty point between '|' separators",
        "explain.md:24: explain card 'pop-then-push' needs a 'model:' answer, shown after the attempt",
        "explain.md:28: an explain card has no 'hint:' line (it takes q:, model:, points:)",
      ], "\(lines)")
  }
}

@Suite struct ExplainAnswerTests {
  @Test func aPointIsNamedWhenEachOfItsTermsIsAWordOfTheAttempt() {
    let point = "-1: no expiry [1 no/without expir*/ttl]"
    #expect(ExplainAnswer.names("TTL -1 means the key has NO expiry", point: point))
    #expect(ExplainAnswer.names("-1: it lives without a TTL", point: point))
    #expect(ExplainAnswer.names("-1 ... no, it never expires", point: point))
    #expect(!ExplainAnswer.names("-1 means it expired", point: point), "no 'no' or 'without'")
    #expect(!ExplainAnswer.names("no expiry", point: point), "the 1 is missing")
    #expect(!ExplainAnswer.names("-1 knowledge expired", point: point), "'no' is a whole word")
    #expect(ExplainAnswer.names("use a sorted set", point: "sorted set"), "no brackets: its words")
    #expect(
      ExplainAnswer.named("a LIST, then lpush", points: ["list", "LPUSH", "LTRIM"])
        == [true, true, false])
    #expect(ExplainAnswer.shown("-1: no expiry [1 no/without expir*/ttl]") == "-1: no expiry")
    #expect(ExplainAnswer.shown("sorted set") == "sorted set")
  }

  @Test func theStoredAttemptHasNoPassword() {
    #expect(
      ExplainAnswer.stored("first AUTH default hunter2, then GET k")
        == "first AUTH (redacted) (redacted) (redacted) (redacted) (redacted)")
    #expect(
      ExplainAnswer.stored("`CONFIG SET requirepass s3cret` then restart")
        == "`CONFIG SET requirepass (redacted) then restart")
    #expect(
      ExplainAnswer.stored("connect to redis://app:s3cret@10.0.0.5:6379/0 first")
        == "connect to redis://app:(redacted)@10.0.0.5:6379/0 first")
    let plain = "INCR is one atomic command; GET then SET can lose an update"
    #expect(ExplainAnswer.stored(plain) == plain)
  }
}
