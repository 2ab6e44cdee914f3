import TerminalUI
import Testing

/// Text printed in parts pages as one: the second part pauses before the first scrolls away.
@Suite struct PagerPartsTests {
  private let prompt = "-- more (space: next page, enter: next line, q: stop) --"

  @Test func aSecondPartPausesWhenTheScreenIsAlreadyPartlyFull() {
    let pager = Pager(height: 5, width: 80, color: false)
    var output = ""
    var keysRead = 0
    let afterFirst = pager.page(
      "a\nb\n", write: { output += $0 }, readKey: { nil })
    #expect(afterFirst == 2)
    let afterSecond = pager.page(
      "c\nd\ne\nf\n", shownRows: afterFirst, write: { output += $0 },
      readKey: {
        keysRead += 1
        return UInt8(ascii: " ")
      })
    let erase = "\r" + String(repeating: " ", count: prompt.count) + "\r"
    #expect(output == "a\nb\nc\nd\n" + prompt + erase + "e\nf\n")
    #expect(keysRead == 1)
    #expect(afterSecond == 2)
  }

  @Test func aFullScreenPausesBeforeWritingAnything() {
    var output = ""
    let rows = Pager(height: 3, width: 80, color: false).page(
      "x\n", shownRows: 2, write: { output += $0 }, readKey: { UInt8(ascii: "q") })
    #expect(output == prompt + "\r" + String(repeating: " ", count: prompt.count) + "\r")
    #expect(rows == 0)
  }
}
