import Lessons
import RedisClient
import Testing
import TutorTestSupport

@Suite struct ReplyMatcherTests {
  /// The front matter of the one-step lessons these tests parse.
  static let frontMatter = LessonFixture.frontMatter(
    day: 1, title: "t", blockID: "b", kind: "review", blockTitle: "b", minutes: 5)

  func matcher(_ text: String) throws -> ReplyMatcher {
    let parsed = LessonParser.parse(
      """
      \(Self.frontMatter)
      # B {#b}
      ## S {#s}
      ```redis
      PING
      ```
      ```check
      GET rt:k => \(text)
      ```
      """, file: "m.md")
    return try #require(try parsed.get().allSteps.first?.check?.lines.first?.matcher)
  }

  @Test func parsesEveryMatcherForm() throws {
    #expect(try matcher("hello") == .text("hello"))
    #expect(try matcher("\"two words\"") == .text("two words"))
    #expect(try matcher("'single # quoted'") == .text("single # quoted"))
    #expect(try matcher("-2") == .integer(-2))
    #expect(try matcher("1..30") == .integerRange(1...30))
    #expect(try matcher("/^\\d+$/") == .pattern("^\\d+$"))
    #expect(try matcher("/a\\/b/") == .pattern("a/b"))
    #expect(try matcher("nil") == .isNil)
    #expect(try matcher("[a \"b c\" 3]") == .orderedArray(["a", "b c", "3"]))
    #expect(try matcher("{x y}") == .unorderedArray(["x", "y"]))
    #expect(try matcher("count 2..4") == .count(2...4))
    #expect(try matcher("type integer") == .type(.integer))
    #expect(try matcher("not nil") == .not(.isNil))
    #expect(try matcher("not -1 # must expire") == .not(.integer(-1)))
  }

  @Test func matchesRepliesByValueTypeAndShape() {
    #expect(ReplyMatcher.text("OK").matches(.status("OK")))
    #expect(ReplyMatcher.text("v").matches(.bulk("v")))
    #expect(!ReplyMatcher.text("1").matches(.integer(1)))
    #expect(ReplyMatcher.integerRange(1...30).matches(.integer(30)))
    #expect(!ReplyMatcher.integerRange(1...30).matches(.integer(-1)))
    #expect(ReplyMatcher.pattern("^WRONGTYPE").matches(.error("WRONGTYPE Operation")))
    #expect(ReplyMatcher.pattern("^4").matches(.integer(42)))
    #expect(ReplyMatcher.isNil.matches(.null))
    #expect(!ReplyMatcher.isNil.matches(.bulk("")))
    let list = Reply.array([.bulk("a"), .bulk("b")])
    #expect(ReplyMatcher.orderedArray(["a", "b"]).matches(list))
    #expect(!ReplyMatcher.orderedArray(["b", "a"]).matches(list))
    #expect(ReplyMatcher.unorderedArray(["b", "a"]).matches(list))
    #expect(ReplyMatcher.count(2...2).matches(list))
    #expect(ReplyMatcher.type(.array).matches(list))
    #expect(ReplyMatcher.not(.integer(-1)).matches(.integer(5)))
  }

  @Test func aPatternReadsAnArrayAsItsFlattenedText() {
    // XPENDING's extended form: one entry, [id consumer idle deliveries].
    let pending = Reply.array([
      .array([.bulk("1-4"), .bulk("w1"), .integer(1200), .integer(3)])
    ])
    #expect(ReplyMatcher.pattern("^1-4 w1 \\d+ 3$").matches(pending))
    #expect(!ReplyMatcher.pattern("^1-4 w1 \\d+ 2$").matches(pending))
    // XRANGE: [[id [field value …]]].
    let entries = Reply.array([
      .array([
        .bulk("9-1"), .array([.bulk("job"), .bulk("email:bad"), .bulk("source"), .bulk("1-4")]),
      ])
    ])
    #expect(ReplyMatcher.pattern("(^| )source 1-4( |$)").matches(entries))
    #expect(!ReplyMatcher.pattern("(^| )source 1-40( |$)").matches(entries))
    #expect(ReplyMatcher.pattern("^a \\(nil\\)$").matches(.array([.bulk("a"), .null])))
    #expect(!ReplyMatcher.pattern("nil").matches(.null))
  }

  @Test func badMatchersAreProblemsNotCrashes() {
    for bad in ["", "/unclosed", "[a b", "\"open", "type widget", "count many", "/[/"] {
      let parsed = LessonParser.parse(
        Self.frontMatter + "\n# B {#b}\n## S {#s}\n```check\nGET rt:k => \(bad)\n```\n",
        file: "m.md")
      guard case .failure(let problems) = parsed else {
        Issue.record("'\(bad)' was accepted")
        continue
      }
      #expect(problems.problems.first?.line == 14, "\(bad)")
    }
  }
}
