import Testing

@testable import Recording

/// A re-run caps every blocking command's timeout, wherever the command keeps it.
@Suite struct BlockingCommandTests {
  @Test(arguments: [
    (["BLPOP", "q", "0"], ["BLPOP", "q", "1"]),
    (["BLMPOP", "0", "1", "q", "LEFT"], ["BLMPOP", "1", "1", "q", "LEFT"]),
    (
      ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], ["XREAD", "BLOCK", "1000", "STREAMS", "s", "$"]
    ),
    (["WAIT", "1", "0"], ["WAIT", "1", "1000"]),
    // WAITAOF (Redis 7.2) keeps its timeout third; it was missing from the re-run's list.
    (["WAITAOF", "0", "1", "0"], ["WAITAOF", "0", "1", "1000"]),
  ])
  func theTimeoutIsCappedAtOneSecond(recorded: [String], sent: [String]) throws {
    #expect(try #require(BlockingCommand(recorded)).capped == sent)
  }

  @Test func aCommandThatCannotBlockIsNotOne() {
    #expect(BlockingCommand(["GET", "k"]) == nil)
    #expect(BlockingCommand(["WAITAOF", "0"]) == nil)
  }
}
