import Foundation
import Lessons
import TerminalUI
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the pager over `text` with scripted keys and returns everything it wrote.
private func paged(
  _ text: String, height: Int, width: Int = 80, color: Bool = false, keys: [UInt8?]
) -> (output: String, keysRead: Int) {
  var output = ""
  var remaining = keys[...]
  var keysRead = 0
  Pager(height: height, width: width, color: color).page(
    text, write: { output += $0 },
    readKey: {
      keysRead += 1
      return remaining.popFirst() ?? nil
    })
  return (output, keysRead)
}

private let tenLines = (1...10).map { "line \($0)\n" }.joined()
private let prompt = "-- more (space: next page, enter: next line, q: stop) --"
private let plainErase = "\r" + String(repeating: " ", count: prompt.count) + "\r"

@Suite struct PagerTests {
  @Test func textThatFitsIsWrittenAtOnceWithoutAPrompt() {
    let text = "line 1\nline 2\nline 3\nline 4\n"
    let result = paged(text, height: 5, keys: [])
    #expect(result.output == text)
    #expect(result.keysRead == 0)
  }

  @Test func spaceShowsTheNextPageAndTheLastPageHasNoPrompt() {
    let result = paged(tenLines, height: 5, keys: [32, UInt8(ascii: "f")])
    #expect(
      result.output
        == "line 1\nline 2\nline 3\nline 4\n" + prompt + plainErase
        + "line 5\nline 6\nline 7\nline 8\n" + prompt + plainErase
        + "line 9\nline 10\n")
    #expect(result.keysRead == 2)
  }

  @Test func enterAndJShowOneMoreLineAndQStops() {
    let result = paged(tenLines, height: 5, keys: [10, UInt8(ascii: "j"), 13, UInt8(ascii: "q")])
    #expect(
      result.output
        == "line 1\nline 2\nline 3\nline 4\n" + prompt + plainErase
        + "line 5\n" + prompt + plainErase
        + "line 6\n" + prompt + plainErase
        + "line 7\n" + prompt + plainErase)
  }

  @Test func endOfInputEscapeAndCtrlCStop() {
    for key: UInt8? in [nil, 0x1B, 0x03, UInt8(ascii: "Q")] {
      let result = paged(tenLines, height: 5, keys: [key])
      #expect(result.output == "line 1\nline 2\nline 3\nline 4\n" + prompt + plainErase)
      #expect(result.keysRead == 1)
    }
  }

  @Test func otherKeysAreIgnored() {
    let result = paged(tenLines, height: 9, keys: [UInt8(ascii: "x"), 0x7F, 32])
    #expect(
      result.output
        == (1...8).map { "line \($0)\n" }.joined() + prompt + plainErase
        + "line 9\nline 10\n")
    #expect(result.keysRead == 3)
  }

  @Test func inColourThePromptIsReverseVideoAndErasedWithAnEscape() {
    let result = paged(tenLines, height: 9, color: true, keys: [32])
    #expect(
      result.output
        == (1...8).map { "line \($0)\n" }.joined()
        + "\u{1B}[7m" + prompt + "\u{1B}[0m" + "\r\u{1B}[K"
        + "line 9\nline 10\n")
  }

  @Test func longLinesCountTheRowsTheyWrapOnto() {
    let long = String(repeating: "a", count: 25)
    let result = paged(long + "\nb\nc\n", height: 4, width: 10, keys: [32])
    let shortPrompt = String(prompt.prefix(9))
    #expect(result.output == long + "\n" + shortPrompt + "\r         \r" + "b\nc\n")
  }

  @Test func escapeSequencesTakeNoRows() {
    let text = (1...3).map { "\u{1B}[1mbold line \($0) of text\u{1B}[0m\n" }.joined()
    let result = paged(text, height: 4, width: 20, keys: [])
    #expect(result.output == text)
  }

  @Test func textWithoutAFinalNewlineKeepsItsEnding() {
    let result = paged("1\n2\n3\n4\n5", height: 3, keys: [32, 32])
    #expect(
      result.output == "1\n2\n" + prompt + plainErase + "3\n4\n" + prompt + plainErase + "5")
  }

  @Test func aScreenWithNoRoomForAPromptGetsEverything() {
    let result = paged(tenLines, height: 1, keys: [])
    #expect(result.output == tenLines)
    #expect(result.keysRead == 0)
  }

  @Test func aNarrowScreenGetsAPromptCutToOneRow() {
    let result = paged(tenLines, height: 9, width: 20, keys: [nil])
    let shortPrompt = String(prompt.prefix(19))
    #expect(
      result.output
        == (1...8).map { "line \($0)\n" }.joined() + shortPrompt + "\r"
        + String(repeating: " ", count: 19) + "\r")
  }

  #if os(Linux) && (arch(x86_64) || arch(arm64))
    /// `TIOCSPTLCK` and `TIOCGPTN`, which Swift does not import because they are `_IOW` and
    /// `_IOR` macros (these values hold on x86-64 and arm64).
    private let unlockPseudoTerminal: UInt = 0x4004_5431
    private let pseudoTerminalNumber: UInt = 0x8004_5430
  #endif

  #if canImport(Glibc)
    @Test func rawKeyReaderReadsOneByteFromAPipeAndNilAtItsEnd() {
      var descriptors: [Int32] = [0, 0]
      #expect(pipe(&descriptors) == 0)
      var bytes: [UInt8] = [UInt8(ascii: "q"), 32]
      #expect(write(descriptors[1], &bytes, 2) == 2)
      close(descriptors[1])
      #expect(RawKeyReader.readKey(fd: descriptors[0]) == UInt8(ascii: "q"))
      #expect(RawKeyReader.readKey(fd: descriptors[0]) == 32)
      #expect(RawKeyReader.readKey(fd: descriptors[0]) == nil)
      #expect(TerminalSize.of(fd: descriptors[0]) == nil)
      let size = TerminalSize.current(fd: descriptors[0])
      #expect(size.rows > 0 && size.columns > 0)
      close(descriptors[0])
    }

  #endif

  #if os(Linux) && (arch(x86_64) || arch(arm64))
    @Test func rawKeyReaderReadsAKeyFromATerminalAndRestoresItsSettings() throws {
      let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
      try #require(master >= 0)
      defer { close(master) }
      var unlock: Int32 = 0
      var number: UInt32 = 0
      try #require(ioctl(master, unlockPseudoTerminal, &unlock) == 0)
      try #require(ioctl(master, pseudoTerminalNumber, &number) == 0)
      let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
      try #require(terminal >= 0)
      defer { close(terminal) }
      var before = termios()
      try #require(tcgetattr(terminal, &before) == 0)

      // Ctrl-C, then an arrow key (ESC [ A) whose tail must not be left behind, then "q".
      // Keys are typed only once the reader has switched the terminal to raw mode, as a
      // person would: typed earlier, Ctrl-C would be a signal and the line still cooked.
      #expect(try readKey(from: terminal, typing: [0x03], into: master) == 0x03)
      #expect(
        try readKey(
          from: terminal, typing: [0x1B, UInt8(ascii: "["), UInt8(ascii: "A")], into: master)
          == 0x1B)
      #expect(
        try readKey(from: terminal, typing: [UInt8(ascii: "q")], into: master) == UInt8(ascii: "q"))

      var after = termios()
      try #require(tcgetattr(terminal, &after) == 0)
      #expect(after.c_lflag == before.c_lflag)
      #expect(before.c_lflag & tcflag_t(ICANON) != 0)

      var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
      try #require(ioctl(master, UInt(TIOCSWINSZ), &size) == 0)
      #expect(TerminalSize.of(fd: terminal)?.rows == 30)
      #expect(TerminalSize.of(fd: terminal)?.columns == 100)
    }

    /// Reads one key on another thread, typing `keys` once the reader has turned off
    /// canonical mode; fails after a deadline instead of hanging.
    private func readKey(from terminal: Int32, typing keys: [UInt8], into master: Int32) throws
      -> UInt8?
    {
      let result = KeyBox()
      let thread = Thread { result.set(RawKeyReader.readKey(fd: terminal)) }
      thread.start()
      let raw = eventually(within: .seconds(10), every: .milliseconds(1)) {
        var settings = termios()
        return tcgetattr(terminal, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) == 0
      }
      try #require(raw, "the reader never switched the terminal to raw mode")
      var bytes = keys
      #expect(write(master, &bytes, bytes.count) == bytes.count)
      try #require(eventually(within: .seconds(10), every: .milliseconds(1)) { result.done })
      return result.value
    }
  #endif
}

/// A key read on another thread.
private final class KeyBox: @unchecked Sendable {
  private let lock = NSLock()
  private var key: UInt8??

  func set(_ value: UInt8?) { lock.withLock { key = .some(value) } }
  var done: Bool { lock.withLock { key != nil } }
  var value: UInt8? { lock.withLock { key ?? nil } }
}
