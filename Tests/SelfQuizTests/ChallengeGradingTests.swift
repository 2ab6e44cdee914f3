import Lessons
import Quiz
import SelfQuiz
import Testing
import TutorTestSupport

/// The quiz lesson plus a challenge whose listed solutions include a two-command one.
let gradingLesson =
  quizLesson + """

    ```card challenge claim-receipt
    q: Claim `rt:quiz:idem:receipt:9` for job:81, expiring within one day (86400 s).
    check: GET rt:quiz:idem:receipt:9 => "job:81" # store job:81
    check: TTL rt:quiz:idem:receipt:9 => 1..86400 # expire within a day
    solution: SET rt:quiz:idem:receipt:9 job:81 NX EX 86400
    solution: SET rt:quiz:idem:receipt:9 job:81 NX ; EXPIRE rt:quiz:idem:receipt:9 86400
    ```

    """

/// How a challenge's suggested rating follows the mistakes made on the way to a pass.
@Suite("Challenge grading", .serialized)
struct ChallengeGradingTests {
  /// Runs `lines` on one challenge card, 3 seconds a line, and returns the bench.
  private func attempt(_ lines: [String], card id: String = "session-expire") throws -> QuizBench {
    let bench = try QuizBench(lesson: gradingLesson)
    bench.secondsPerAnswer = 3
    try bench.run(lines, cards: [try bench.card(id)])
    return bench
  }

  /// The rating the session saved for its one card.
  private func savedRating(_ bench: QuizBench) throws -> Int? {
    try bench.store.quizReviews().last?.rating
  }

  @Test func aCleanFastPassIsEasyAndACleanSlowerOneGood() throws {
    let fast = try attempt(["EXPIRE rt:quiz:session:42 30", ""])
    #expect(
      fast.transcript.contains(
        "Easy: first try, no wrong commands, in 3 s\nrating Easy: Enter keeps it"),
      "\(fast.transcript)")
    #expect(try savedRating(fast) == 4)

    let slower = try QuizBench(lesson: gradingLesson)
    slower.secondsPerAnswer = 40
    try slower.run(
      ["EXPIRE rt:quiz:session:42 30", ""], cards: [try slower.card("session-expire")])
    #expect(slower.transcript.contains("Good: first try, no wrong commands, in 40 s\n"))
    #expect(try savedRating(slower) == 3)
  }

  @Test func aWrongAttemptThenARebuildIsHardAndSaysWhy() throws {
    let bench = try attempt([
      "EXPIRE rt:quiz:session:42 300", "DEL rt:quiz:session:42",
      "SET rt:quiz:session:42 ada EX 30", "",
    ])
    #expect(bench.transcript.contains("✓ Done: the server now holds what was asked."))
    #expect(
      bench.transcript.contains(
        "Hard: 1 failed check and 1 rebuild (DEL rt:quiz:session:42)\nrating Hard: Enter keeps it"),
      "\(bench.transcript)")
    #expect(try savedRating(bench) == 2)
  }

  @Test func theLearnerCanStillPickAnotherRating() throws {
    let bench = try attempt([
      "EXPIRE rt:quiz:session:42 300", "DEL rt:quiz:session:42",
      "SET rt:quiz:session:42 ada EX 30", "4",
    ])
    #expect(bench.transcript.contains("rating Hard: Enter keeps it"))
    #expect(bench.transcript.contains("Rated Easy;"))
    #expect(try savedRating(bench) == 4)
  }

  @Test func aCheckThatDidNotPassCapsTheRatingAtGood() throws {
    let bench = try attempt([":check", "EXPIRE rt:quiz:session:42 30", ""])
    #expect(bench.transcript.contains("Not yet: TTL rt:quiz:session:42"))
    #expect(bench.transcript.contains("Good: 1 failed check\n"), "\(bench.transcript)")
    #expect(try savedRating(bench) == 3)
  }

  @Test func aCommandThatChangesTheKeysButLeavesTheCheckFailingIsAFailedCheck() throws {
    let wrong = try attempt(["EXPIRE rt:quiz:session:42 300", "EXPIRE rt:quiz:session:42 30", ""])
    #expect(wrong.transcript.contains("Good: 1 failed check\n"), "\(wrong.transcript)")
    #expect(try savedRating(wrong) == 3)
    // Reading the keys changes nothing, so it is no mistake.
    let reading = try attempt([
      "GET rt:quiz:session:42", "TTL rt:quiz:session:42", "EXPIRE rt:quiz:session:42 30", "",
    ])
    #expect(reading.transcript.contains("Easy: first try, no wrong commands, in 9 s\n"))
    #expect(try savedRating(reading) == 4)
  }

  @Test func aStepOfAListedMultiCommandSolutionIsNoMistake() throws {
    let bench = try attempt(
      ["set rt:quiz:idem:receipt:9 job:81 NX", "EXPIRE rt:quiz:idem:receipt:9 86400", ""],
      card: "claim-receipt")
    #expect(bench.transcript.contains("Easy: first try, no wrong commands, in 6 s\n"))
    #expect(try savedRating(bench) == 4)
  }

  @Test func oneErrorReplyIsGoodAtBestAndTwoAreHard() throws {
    let one = try attempt(["EXPIRE rt:quiz:session:42", "EXPIRE rt:quiz:session:42 30", ""])
    #expect(one.transcript.contains("Good: 1 error reply\n"), "\(one.transcript)")
    #expect(try savedRating(one) == 3)
    let two = try attempt([
      "INCR rt:quiz:session:42", "EXPIRE rt:quiz:session:42", "EXPIRE rt:quiz:session:42 30", "",
    ])
    #expect(two.transcript.contains("Hard: 2 error replies\n"), "\(two.transcript)")
    #expect(try savedRating(two) == 2)
  }

  @Test func overwritingYourOwnWorkIsARebuildButReplacingTheSetupIsNot() throws {
    let own = try attempt(
      [
        "SET rt:quiz:idem:receipt:9 job:80 EX 86400", "SET rt:quiz:idem:receipt:9 job:81 EX 86400",
        "",
      ],
      card: "claim-receipt")
    #expect(
      own.transcript.contains(
        "Hard: 1 failed check and 1 rebuild (SET rt:quiz:idem:receipt:9 job:81 EX 86400)\n"),
      "\(own.transcript)")
    #expect(try savedRating(own) == 2)
    // The setup's value is the starting point, not the learner's work.
    let setup = try attempt(["SET rt:quiz:session:42 ada EX 30", ""])
    #expect(setup.transcript.contains("Easy: first try, no wrong commands, in 3 s\n"))
    let deleted = try attempt(["DEL rt:quiz:session:42", "SET rt:quiz:session:42 ada EX 30", ""])
    #expect(deleted.transcript.contains("Good: 1 failed check\n"), "\(deleted.transcript)")
  }

  @Test func aFlushThatRemovesTheCardsKeysIsARebuild() throws {
    let bench = try attempt(["FLUSHDB", "SET rt:quiz:session:42 ada EX 30", ""])
    #expect(bench.transcript.contains("Hard: 1 rebuild (FLUSHDB)\n"), "\(bench.transcript)")
    #expect(try savedRating(bench) == 2)
  }

  @Test func givingUpIsAgainBecauseTheSolutionWasShown() throws {
    let bench = try attempt(["EXPIRE rt:quiz:session:42 300", ":give-up", ""])
    #expect(bench.transcript.contains("✗ One way: EXPIRE rt:quiz:session:42 30"))
    #expect(bench.transcript.contains("Again: you gave up, so the solution was shown\n"))
    #expect(try savedRating(bench) == 1)
  }

  @Test func aTransactionIsCheckedOnceItsExecRuns() throws {
    let bench = try attempt([
      "MULTI", "EXPIRE rt:quiz:session:42 30", ":check", "EXEC", "",
    ])
    #expect(bench.transcript.contains("A transaction is open: EXEC or DISCARD it, then :check.\n"))
    #expect(bench.transcript.contains("✓ Done: the server now holds what was asked."))
    #expect(bench.transcript.contains("Easy: first try, no wrong commands, in 12 s\n"))
    #expect(try savedRating(bench) == 4)
  }
}
