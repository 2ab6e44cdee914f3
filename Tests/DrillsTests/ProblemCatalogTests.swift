import Drills
import Testing

/// The judge problems: formats, generated cases, the reference and the output check.
@Suite struct ProblemCatalogTests {
  static let names = [
    "kth-largest", "top-k-frequent", "merge-k-sorted", "task-scheduler", "lru-cache",
    "window-max", "longest-unique-substring", "grid-shortest-path",
  ]

  @Test func everyProblemIsListedAndFoundByName() {
    #expect(JudgeCatalog.names == Self.names)
    #expect(JudgeCatalog.named(" LRU-Cache ")?.name == "lru-cache")
    #expect(JudgeCatalog.named("lru") == nil)
    #expect(JudgeProblem.templateFileName(for: "go") == "main.go")
    #expect(JudgeProblem.templateFileName(for: "python") == "solution.py")
    #expect(JudgeProblem.templateFileName(for: "swift") == "main.swift")
    #expect(JudgeProblem.templateFileName(for: "cobol") == nil)
  }

  @Test(arguments: names)
  func casesComeEdgeThenRandomThenLargeAndTheReferencePasses(name: String) throws {
    let problem = try #require(JudgeCatalog.named(name))
    let cases = ProblemCaseCache.cases(name)
    let categories = cases.map(\.category)
    let order: [JudgeCase.Category] = [.edge, .random, .large]
    #expect(
      categories == categories.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
    for category in order {
      #expect(categories.filter { $0 == category }.count >= (category == .large ? 1 : 5))
    }
    for judgeCase in cases {
      #expect(judgeCase.input.hasSuffix("\n"))
      #expect(problem.check(judgeCase.input, judgeCase.expected, judgeCase.expected))
    }
    // Re-running the reference on every large input only repeats work in a debug build.
    let firstLarge = cases.firstIndex { $0.category == .large } ?? cases.count
    for judgeCase in cases[...min(firstLarge, cases.count - 1)] {
      #expect(problem.reference(judgeCase.input) == judgeCase.expected)
      #expect(
        problem.check(judgeCase.input, judgeCase.expected, "\n " + judgeCase.expected + " \n\n"))
    }
    let large = try #require(cases.last)
    #expect(large.input.utf8.count > 150_000, "large cases are big enough to tell O(n²) apart")
  }

  @Test(arguments: names)
  func wrongOutputsFail(name: String) throws {
    let problem = try #require(JudgeCatalog.named(name))
    for judgeCase in ProblemCaseCache.cases(name).filter({ $0.category != .large }) {
      let expected = judgeCase.expected
      let tokens = expected.split(whereSeparator: \.isWhitespace).map(String.init)
      #expect(!problem.check(judgeCase.input, expected, expected + " 0"))
      #expect(!problem.check(judgeCase.input, expected, "oops"))
      guard let last = tokens.last else { continue }
      #expect(!problem.check(judgeCase.input, expected, ""))
      let changed = tokens.dropLast() + [last == "1" ? "2" : "1"]
      #expect(!problem.check(judgeCase.input, expected, changed.joined(separator: " ")))
      if Array(tokens.reversed()) != tokens {
        #expect(!problem.check(judgeCase.input, expected, tokens.reversed().joined(separator: " ")))
      }
    }
  }

  @Test(arguments: names)
  func casesAreReproducibleAndDescribed(name: String) throws {
    let problem = try #require(JudgeCatalog.named(name))
    let again = problem.cases(ProblemCaseCache.seed)
    #expect(again == ProblemCaseCache.cases(name))
    let randomInputs = Set(again.filter { $0.category == .random }.map(\.input))
    #expect(randomInputs.count > 10, "random cases differ from each other")
    #expect(
      !problem.statement.isEmpty && !problem.inputFormat.isEmpty && !problem.outputFormat.isEmpty)
    #expect(problem.family != .mixed)
  }

  @Test func checkComparesTokensNotLayout() {
    #expect(JudgeCheck.sameTokens("1 2 3", "1\n2\t3\n"))
    #expect(JudgeCheck.sameTokens("", "  \n"))
    #expect(!JudgeCheck.sameTokens("1 2 3", "1 2"))
    #expect(!JudgeCheck.sameTokens("1 2", "1 23"))
    #expect(!JudgeCheck.sameTokens("10", "1 0"))
    #expect(!JudgeCheck.sameTokens("", "0"))
  }
}
