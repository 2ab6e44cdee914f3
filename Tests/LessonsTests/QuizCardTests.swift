import Lessons
import RedisClient
import Testing
import TutorTestSupport

/// A lesson with one card of each kind, in one step.
let cardLesson = """
  \(LessonFixture.frontMatter(day: 2, title: "Cards"))
  # Concepts {#concepts}

  ## Expiry {#expiry}

  Keys can expire.

  ```card choice type-missing
  q: What does TYPE reply for a key that does not exist?
  * none
  - nil
  - string
  explain: TYPE replies none rather than nil.
  ```

  ```card answer string-max
  # a comment
  q: How large can a Redis string be?
  a: 512 MB | 512MB
  a: 512 megabytes
  hint: A power of two, in megabytes.
  ```

  ```card challenge session-expire
  q: Make `rt:quiz:session:42` expire in 30 seconds,
  q: keeping its value.
  setup: SET rt:quiz:session:42 ada
  check: TTL rt:quiz:session:42 => 1..30 # give the key a TTL of at most 30 seconds
  check: GET rt:quiz:session:42 => "ada" # keep the value
  solution: EXPIRE rt:quiz:session:42 30
  solution: SET rt:quiz:session:42 ada EX 30
  solution: PEXPIRE rt:quiz:session:42 30000
  solution: SET rt:quiz:session:42 "ada" KEEPTTL ; EXPIRE rt:quiz:session:42 30
  ```

  ```card predict incr-not-integer
  q: `rt:quiz:k` holds "abc". What does `INCR rt:quiz:k` reply?
  setup: SET rt:quiz:k abc
  run: INCR rt:quiz:k
  a: ERR value is not an integer or out of range | error
  ```

  """

@Suite struct QuizCardParsingTests {
  @Test func readsEachKindWithItsStepAndDay() throws {
    let lesson = try LessonParser.parse(cardLesson, file: "cards.md").get()
    let cards = lesson.cards
    #expect(
      cards.map(\.key) == [
        "2/type-missing", "2/string-max", "2/session-expire",
        "2/incr-not-integer",
      ])
    #expect(cards.allSatisfy { $0.stepID == "expiry" && $0.day == 2 })
    guard case .choice(let options, let right) = cards[0].kind else {
      Issue.record("not a choice card")
      return
    }
    #expect(options == ["none", "nil", "string"])
    #expect(right == 0)
    #expect(cards[0].explanation == "TYPE replies none rather than nil.")
    guard case .answer(let accepted) = cards[1].kind else {
      Issue.record("not an answer card")
      return
    }
    #expect(accepted == ["512 MB", "512MB", "512 megabytes"])
    #expect(cards[1].hints == ["A power of two, in megabytes."])
    #expect(
      cards[2].question == "Make `rt:quiz:session:42` expire in 30 seconds,\nkeeping its value.")
    guard case .challenge(let setup, let check, let solutions) = cards[2].kind else {
      Issue.record("not a challenge card")
      return
    }
    #expect(setup.map(\.text) == ["SET rt:quiz:session:42 ada"])
    #expect(check.lines.map(\.commandText) == ["TTL rt:quiz:session:42", "GET rt:quiz:session:42"])
    #expect(check.lines[0].message == "give the key a TTL of at most 30 seconds")
    #expect(solutions.count == 4)
    guard case .predict(_, let run, _) = cards[3].kind else {
      Issue.record("not a predict card")
      return
    }
    #expect(run.text == "INCR rt:quiz:k")
    #expect(!lesson.allSteps[0].prose.contains("card"), "card blocks are not shown as prose")
  }

  @Test func malformedCardsAreReportedWithTheirLines() {
    let broken =
      cardLesson
      .replacingOccurrences(of: "* none\n", with: "- none\n")
      .replacingOccurrences(of: "a: 512 megabytes\n", with: "answer 512\n")
      .replacingOccurrences(of: "run: INCR rt:quiz:k\n", with: "")
      .replacingOccurrences(of: "check: GET rt:quiz:session:42 => \"ada\"", with: "check: GET x")
      .replacingOccurrences(of: "```card answer string-max", with: "```card essay string-max")
      + "```card choice type-missing\nq: Again?\n* a\n- b\n```\n"
    guard case .failure(let problems) = LessonParser.parse(broken, file: "cards.md") else {
      Issue.record("a broken card was accepted")
      return
    }
    let lines = problems.problems.map(\.description)
    #expect(
      lines.contains(
        "cards.md:17: choice card 'type-missing' needs exactly one right option marked '* ' (found 0)"
      ),
      "\(lines)")
    #expect(
      lines.contains(
        "cards.md:25: a card block starts '```card KIND ID' with KIND choice, answer, challenge, predict or explain"
      ), "\(lines)")
    #expect(
      lines.contains(
        "cards.md:38: a check line is 'COMMAND args => matcher', but this line has no '=>'"),
      "\(lines)")
    #expect(
      lines.contains(
        "cards.md:45: predict card 'incr-not-integer' needs exactly one 'run:' line (found 0)"),
      "\(lines)")
    #expect(
      lines.contains("cards.md:50: duplicate card id 'type-missing' (first used on line 17)"),
      "\(lines)")
  }

  @Test func answersAreComparedForgivingly() {
    #expect(AnswerText.matches("  512   mb. ", accepted: ["512 MB"]))
    #expect(AnswerText.matches("\"ada\"", accepted: ["ada"]))
    #expect(AnswerText.matches("(integer) 3", accepted: ["3"]))
    #expect(AnswerText.matches("(nil)", accepted: ["nil"]))
    #expect(!AnswerText.matches("", accepted: [""]))
    #expect(!AnswerText.matches("513 MB", accepted: ["512 MB"]))
    #expect(
      CardCommands.split("SET k \"a;b\" ; EXPIRE k 3").map(\.text)
        == ["SET k \"a;b\"", "EXPIRE k 3"])
  }
}

@Suite("Quiz cards on a live server", .serialized)
struct QuizCardServerTests {
  let server: RedisServerFixture
  let connection: Connection
  let card: QuizCard

  init() throws {
    server = try RedisServerFixture()
    connection = try server.connect()
    card = try LessonParser.parse(cardLesson, file: "cards.md").get().cards[2]
  }

  /// Runs `commands` on a freshly prepared card and says whether its check passes.
  private func passes(_ commands: [String]) throws -> Bool {
    let runner = CardRunner(connection: connection)
    _ = try runner.prepare(card)
    for command in commands {
      _ = try connection.send(CardCommands.argv(command) ?? [])
    }
    return try runner.check(card).isEmpty
  }

  @Test func everyAlternativeSolutionPassesAndOtherCommandsFail() throws {
    guard case .challenge(_, _, let solutions) = card.kind else { return }
    for solution in solutions {
      #expect(try passes(CardCommands.split(solution.text).map(\.text)), "\(solution.text)")
    }
    #expect(try passes(["EXPIREAT rt:quiz:session:42 \(Int(Double(UInt32.max) / 2))"]) == false)
    #expect(try passes([]) == false)
    #expect(try passes(["EXPIRE rt:quiz:session:42 300"]) == false)
    #expect(try passes(["SET rt:quiz:session:42 bob EX 30"]) == false)
    #expect(try passes(["DEL rt:quiz:session:42"]) == false)
    #expect(try passes(["EXPIRE rt:quiz:other 30"]) == false)
  }

  @Test func prepareStartsFreshAndCleanRemovesOnlyQuizKeys() throws {
    _ = try connection.send("SET", "rt:lesson:keep", "1")
    _ = try connection.send("SET", "rt:quiz:session:42", "old", "EX", "5")
    let runner = CardRunner(connection: connection)
    let keys = try runner.prepare(card)
    #expect(keys.map { String(decoding: $0, as: UTF8.self) } == ["rt:quiz:session:42"])
    #expect(try connection.send("TTL", "rt:quiz:session:42").integer == -1)
    #expect(try connection.send("GET", "rt:quiz:session:42").string == "ada")
    try runner.clean(keys)
    #expect(try connection.send("EXISTS", "rt:quiz:session:42").integer == 0)
    #expect(try connection.send("GET", "rt:lesson:keep").string == "1")
  }

  @Test func predictShowsTheRealReply() throws {
    let predict = try LessonParser.parse(cardLesson, file: "cards.md").get().cards[3]
    let runner = CardRunner(connection: connection)
    _ = try runner.prepare(predict)
    let reply = try runner.runPredicted(predict)
    #expect(PredictedReply.text(reply) == "ERR value is not an integer or out of range")
    guard case .predict(_, _, let accepted) = predict.kind else { return }
    #expect(PredictedReply.isRight("error", card: accepted, reply: reply))
    #expect(
      PredictedReply.isRight(
        "(error) ERR value is not an integer or out of range", card: [], reply: reply))
    #expect(!PredictedReply.isRight("1", card: accepted, reply: reply))
  }

  @Test func aSetupThatFailsIsTheCardsFault() throws {
    let broken = try LessonParser.parse(
      cardLesson.replacingOccurrences(
        of: "setup: SET rt:quiz:session:42 ada", with: "setup: LPUSH rt:quiz:session:42"),
      file: "cards.md"
    ).get().cards[2]
    #expect(throws: CardRunner.Broken.self) {
      try CardRunner(connection: connection).prepare(broken)
    }
  }
}

@Suite("Linting quiz cards", .serialized)
struct QuizCardLintTests {
  private func lint(_ text: String) throws -> [String] {
    let lesson = try LessonParser.parse(text, file: "cards.md").get()
    let catalog = LessonCatalog(directory: "", lessons: [lesson], problems: [])
    return LessonLinter(catalog: catalog).run().reports.flatMap(\.problems).map(\.description)
  }

  @Test func provenCardsPass() throws {
    #expect(try lint(cardLesson) == [])
  }

  @Test func writingChecksAndKeysOutsideTheQuizSpaceAreReported() throws {
    let problems = try lint(
      cardLesson
        .replacingOccurrences(of: "setup: SET rt:quiz:k abc", with: "setup: SET quiz:k abc")
        .replacingOccurrences(
          of: "check: GET rt:quiz:session:42 => \"ada\"",
          with: "check: SET rt:quiz:session:42 x => OK"))
    #expect(
      problems.contains(
        "cards.md:38: check command refused: 'SET' is flagged write; a check may only read"),
      "\(problems)")
    #expect(
      problems.contains(
        "cards.md:45: card 'incr-not-integer': key 'quiz:k' does not start with 'rt:quiz:' (quiz keys live there)"
      ), "\(problems)")
  }

  @Test func aSolutionThatDoesNotSolveIsReported() throws {
    let problems = try lint(
      cardLesson.replacingOccurrences(
        of: "solution: PEXPIRE rt:quiz:session:42 30000",
        with: "solution: PEXPIRE rt:quiz:session:42 300000"))
    #expect(problems.count == 1, "\(problems)")
    #expect(
      problems.first?.hasPrefix(
        "cards.md:41: card 'session-expire': after the solution 'PEXPIRE rt:quiz:session:42 300000' the check still fails: "
      ) == true, "\(problems)")
  }

  @Test func aCheckThatPassesBeforeTheSolutionIsReported() throws {
    let problems = try lint(
      cardLesson.replacingOccurrences(
        of: "check: TTL rt:quiz:session:42 => 1..30 # give the key a TTL of at most 30 seconds\n",
        with: ""))
    #expect(
      problems.contains(
        "cards.md:33: card 'session-expire': the check already passes after the setup, so it proves nothing"
      ), "\(problems)")
  }

  @Test func aPredictionNoAnswerAcceptsIsReported() throws {
    let problems = try lint(
      cardLesson.replacingOccurrences(
        of: "a: ERR value is not an integer or out of range | error", with: "a: 1 | one"))
    #expect(
      problems == [
        "cards.md:48: card 'incr-not-integer': 'INCR rt:quiz:k' really replies 'ERR value is not an integer or out of range', which none of the 'a:' answers accepts"
      ])
  }
}
