import DeterministicRandom
import Drills
import Testing

/// Parsing what the learner types: forgiving formats, one-line problems, never a crash.
@Suite struct AnswerParserTests {
  private func parsed(_ text: String, _ format: AnswerFormat) -> DrillAnswer? {
    try? AnswerParser.parse(text, as: format).get()
  }

  private func problem(_ text: String, _ format: AnswerFormat) -> String? {
    guard case .failure(let problem) = AnswerParser.parse(text, as: format) else { return nil }
    return problem.description
  }

  @Test(arguments: [
    "3 1 2", "[3, 1, 2]", "3,1,2", "  3   1\t2  ", "(3; 1; 2)", "3 -> 1 -> 2", "3 1 2.",
    "{3 1 2}", "'3' \"1\" 2", "+3 1 +2", "3 → 1 → 2", "[3,1,2]\n",
  ])
  func integerListsAreReadForgivingly(text: String) {
    #expect(parsed(text, .integers) == .integers([3, 1, 2]))
  }

  @Test func negativeNumbersAndEmptyLists() {
    #expect(parsed("-3 −1 0", .integers) == .integers([-3, -1, 0]))
    #expect(parsed("[]", .integers) == .integers([]))
    #expect(parsed(" [ ] ", .integers) == .integers([]))
    #expect(parsed("none", .integers) == .integers([]))
    #expect(parsed("Empty", .integers) == .integers([]))
  }

  @Test func integerListProblemsSayWhatToType() {
    let base = "expected a list of integers like 3 1 2"
    #expect(problem("", .integers) == base + " (type [] for an empty list)")
    #expect(problem("   ", .integers) == base + " (type [] for an empty list)")
    #expect(problem(", ,", .integers) == base + " (type [] for an empty list)")
    #expect(problem("3 x 2", .integers) == base + " (\"x\" is not an integer)")
    #expect(problem("3.5 1", .integers) == base + " (\"3.5\" is not an integer)")
    #expect(problem("1-2", .integers) == base + " (\"1-2\" is not an integer)")
    #expect(problem("-", .integers) == base + " (\"-\" is not an integer)")
    #expect(
      problem("99999999999999999999", .integers) == base
        + " (\"99999999999999999999\" is too large)")
    #expect(
      problem("abcdefghijklmnopqrstuvwxyz", .integers)
        == base + " (\"abcdefghijklmnopqrst…\" is not an integer)")
    #expect(problem("3 \u{7}x", .integers) == base + " (\"?x\" is not an integer)")
  }

  @Test func singleIntegers() {
    #expect(parsed("42", .integer) == .integer(42))
    #expect(parsed(" [42]. ", .integer) == .integer(42))
    #expect(parsed("-7", .integer) == .integer(-7))
    let base = "expected one integer like 42"
    #expect(problem("4 2", .integer) == base + " (got 2 values)")
    #expect(problem("", .integer) == base + " (got nothing)")
    #expect(problem("forty", .integer) == base + " (\"forty\" is not an integer)")
    #expect(problem("[]", .integer) == base + " (got nothing)")
  }

  @Test func wordsAreLowercasedAndStripped() {
    #expect(parsed("A, B c", .words) == .words(["a", "b", "c"]))
    #expect(parsed("c -> a -> b", .words) == .words(["c", "a", "b"]))
    #expect(parsed("['c', 'a']", .words) == .words(["c", "a"]))
    #expect(parsed("none", .words) == .words([]))
    #expect(parsed("[]", .words) == .words([]))
    #expect(
      problem("", .words) == "expected a list of words like a b c (type [] for an empty list)")
    #expect(parsed("B", .word) == .word("b"))
    #expect(parsed(" 'b' ", .word) == .word("b"))
    #expect(parsed("none", .word) == .word("none"))
    #expect(problem("a b", .word) == "expected one word like a (got 2 words)")
    #expect(problem("  ", .word) == "expected one word like a (got nothing)")
  }

  @Test func gridsAcceptNewlinesSlashesAndPictureDots() {
    let rows = DrillAnswer.grid(["S*..", ".*#.", ".**G"])
    #expect(parsed("S*..\n.*#.\n.**G", .grid(rows: 3)) == rows)
    #expect(parsed("S*.. / .*#. / .**G", .grid(rows: 3)) == rows)
    #expect(parsed("s*.. .*#. .**g", .grid(rows: 3)) == rows)
    #expect(parsed("S*·· | ·*#· | ·**G", .grid(rows: 3)) == rows)
    let base = "expected 3 grid rows like S*.. / .*#. / .**G, one per line or separated by /"
    #expect(problem("S*..", .grid(rows: 3)) == base + " (got 1 row)")
    #expect(problem("", .grid(rows: 3)) == base + " (got nothing)")
    #expect(
      problem("S*.. .* .**G", .grid(rows: 3)) == base + " (rows have different widths: 4, 2, 4)")
    #expect(AnswerFormat.grid(rows: 1).example == "S**G")
    #expect(AnswerFormat.grid(rows: 2).example == "S*.. / .**G")
  }

  @Test func examplesParseInTheirOwnFormat() {
    for format in [AnswerFormat.integers, .integer, .words, .word, .grid(rows: 1), .grid(rows: 4)] {
      #expect(parsed(format.example, format) != nil, "\(format)")
    }
  }

  @Test func answerTextRoundTrips() {
    let answers: [(DrillAnswer, AnswerFormat)] = [
      (.integers([3, -1, 2]), .integers), (.integers([]), .integers), (.integer(-5), .integer),
      (.words(["c", "a"]), .words), (.words([]), .words), (.word("none"), .word),
      (.grid(["S*#", ".*G"]), .grid(rows: 2)),
    ]
    for (answer, format) in answers {
      #expect(parsed(answer.text, format) == answer)
    }
  }

  @Test func randomGarbageNeverCrashesAndProblemsStayOneLine() {
    var random = SplitMix64(seed: 2024)
    let pieces = [
      "1", "-", "+", " ", ",", "[", "]", "(", "x", "\n", "\t", "é", "→", "·", "#", "S", "G",
      "*", ".", "/", "|", "'", "\"", "99999999999999999999999", "\u{0}", "\u{7F}", "😀", "−",
      "none", "->", "<->", ";", "{", "}",
    ]
    let formats: [AnswerFormat] = [.integers, .integer, .words, .word, .grid(rows: 2)]
    for _ in 0..<5000 {
      let text = (0..<random.int(in: 0...12)).map { _ in random.element(of: pieces) }.joined()
      for format in formats {
        switch AnswerParser.parse(text, as: format) {
        case .success: break
        case .failure(let problem):
          #expect(!problem.description.contains("\n"), "\(text.debugDescription)")
          #expect(problem.description.hasPrefix("expected "))
        }
      }
    }
  }
}
