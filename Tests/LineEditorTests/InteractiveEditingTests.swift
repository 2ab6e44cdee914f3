import Testing
import TutorTestSupport

@testable import LineEditor

/// Drives the real libedit path through a pty, as a user at a terminal would.
///
/// Keys are typed on the master side; the returned line and the screen the echoed bytes draw
/// are checked. Serialized: libedit's signal handling is process-wide while a line is read.
@Suite(.serialized)
struct InteractiveEditingTests {
  private let terminal: PseudoTerminal
  private let editor: LineEditor

  init() throws {
    terminal = try PseudoTerminal(columns: 100, rows: 30)
    editor = LineEditor(
      programName: "redis-tutor-test", historyFile: nil, historyLimit: 100,
      input: terminal.slave, output: terminal.slave, terminalType: "xterm")
  }

  /// Starts reading a line and waits until the prompt is on the screen, so the terminal is in
  /// libedit's raw mode before any key is typed.
  private func startReading(prompt: String = "tutor> ") -> ReadLineRun {
    let offset = terminal.transcript.count
    let run = ReadLineRun(editor, prompt: prompt)
    #expect(terminal.waitForOutput(prompt, after: offset))
    #expect(terminal.isRaw)
    return run
  }

  private func line(_ text: String) -> LineResult {
    .line(Array(text.utf8))
  }

  @Test func historyFileIsLoadedForUpArrow() throws {
    let directory = try TemporaryDirectory.make(prefix: "line-editor-history")
    let path = directory.appendingPathComponent("history").path
    let writer = LineEditor(
      programName: "redis-tutor-test", historyFile: path, input: terminal.slave,
      output: terminal.slave)
    writer.addHistory(Array("set greeting hello".utf8), persist: true)
    writer.addHistory(Array("auth secret".utf8), persist: false)
    let reader = LineEditor(
      programName: "redis-tutor-test", historyFile: path, historyLimit: 100,
      input: terminal.slave, output: terminal.slave, terminalType: "xterm")
    let offset = terminal.transcript.count
    let run = ReadLineRun(reader, prompt: "again> ")
    #expect(terminal.waitForOutput("again> ", after: offset))
    #expect(terminal.isRaw)
    terminal.type("\u{1B}[A")
    #expect(terminal.waitForCursorLine("again> set greeting hello"))
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("set greeting hello"))
  }

  @Test func typedLineIsReturnedAndEchoed() {
    #expect(editor.isInteractive)
    #expect(editor.terminalWidth == 100)
    let run = startReading()
    terminal.type("hello")
    #expect(terminal.waitForCursorLine("tutor> hello"))
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("hello"))
  }

  @Test func nonASCIIInputIsKept() {
    let run = startReading()
    terminal.type("set k café\r")
    #expect(run.waitForResult(draining: terminal) == line("set k café"))
  }

  @Test func tabCompletesTheOnlyCandidateAndAddsASpace() {
    editor.completion = { line in
      let commands = ["get", "getrange", "set"].map { Array($0.utf8) }
      let wordStart = (line.lastIndex(of: UInt8(ascii: " ")) ?? -1) + 1
      let word = line[wordStart...]
      return Completion(
        replaceFrom: wordStart,
        candidates: commands.filter { $0.starts(with: word) && word.count >= 2 && $0.count == 3 })
    }
    let run = startReading()
    terminal.type("ge\t")
    #expect(terminal.waitForCursorLine("tutor> get"))
    #expect(terminal.screen.cursorColumn == "tutor> get ".count)
    terminal.type("k\r")
    #expect(run.waitForResult(draining: terminal) == line("get k"))
  }

  @Test func tabExtendsToTheCommonPrefixThenListsTheCandidates() {
    let commands = ["getdel", "getex", "getrange"].map { Array($0.utf8) }
    editor.completion = { line in
      Completion(replaceFrom: 0, candidates: commands.filter { $0.starts(with: line) })
    }
    let run = startReading()
    terminal.type("g\t")
    #expect(terminal.waitForCursorLine("tutor> get"))
    terminal.type("\t")
    // The list goes below the line, then the prompt and the line are drawn again.
    let expectedScreen = ["tutor> get", "getdel    getex     getrange", "tutor> get"]
    #expect(eventually { terminal.screen.nonEmptyLines == expectedScreen })
    #expect(terminal.screen.nonEmptyLines == expectedScreen)
    terminal.type("ex\r")
    #expect(run.waitForResult(draining: terminal) == line("getex"))
  }

  @Test func hintIsShownInGreyAfterTheCursor() {
    editor.hint = { line in line == Array("set".utf8) ? " key value" : nil }
    let run = startReading()
    terminal.type("set")
    #expect(terminal.waitForCursorLine("tutor> set key value"))
    #expect(terminal.screen.cursorColumn == "tutor> set".count)
    #expect(terminal.text().contains("\u{1B}[90m key value\u{1B}[0m"))
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("set"))
  }

  @Test func hintIsCutToTheTerminalWidthDespiteAColouredPrompt() {
    editor.hint = { line in line == Array("x".utf8) ? String(repeating: "h", count: 300) : nil }
    // The prompt takes 4 columns, the line 1: 100 - 1 - 5 columns are left for the hint.
    let run = startReading(prompt: "\u{1B}[31mdb>\u{1B}[0m ")
    terminal.type("x")
    let shown = String(repeating: "h", count: 94)
    #expect(terminal.waitForCursorLine("db> x\(shown)"))
    #expect(terminal.screen.cursorColumn == "db> x".count)
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("x"))
  }

  @Test func hintsAreNotDrawnWhenDisabled() {
    editor.hint = { _ in " key value" }
    editor.hintsEnabled = false
    let run = startReading()
    terminal.type("set")
    #expect(terminal.waitForCursorLine("tutor> set"))
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("set"))
    #expect(!terminal.text().contains("key value"))
  }

  @Test func controlCAbandonsTheLine() {
    let run = startReading()
    // Ctrl-A first: `^C` still goes after the whole line, not over it.
    terminal.type("half typed\u{01}")
    #expect(eventually { terminal.screen.cursorColumn == "tutor> ".count })
    terminal.type("\u{03}")
    #expect(run.waitForResult(draining: terminal) == .interrupted)
    // The next read starts afresh on the next row.
    let next = startReading()
    #expect(terminal.screen.nonEmptyLines == ["tutor> half typed^C", "tutor>"])
    terminal.type("ping\r")
    #expect(next.waitForResult(draining: terminal) == line("ping"))
  }

  @Test func controlDOnAnEmptyLineEndsTheInput() {
    let run = startReading()
    terminal.type("\u{04}")
    #expect(run.waitForResult(draining: terminal) == .endOfFile)
    // libedit echoes `^D`; the editor then leaves the cursor at the start of a fresh row.
    #expect(terminal.screen.nonEmptyLines == ["tutor> ^D"])
    #expect(terminal.screen.cursorLine.isEmpty && terminal.screen.cursorColumn == 0)
  }

  @Test func controlDOnALineDeletesTheCharacterUnderTheCursor() {
    let run = startReading()
    terminal.type("abc\u{02}\u{02}\u{04}\r")
    #expect(run.waitForResult(draining: terminal) == line("ac"))
  }

  @Test func upArrowRecallsHistory() {
    editor.addHistory(Array("first".utf8), persist: false)
    editor.addHistory(Array("second".utf8), persist: false)
    let run = startReading()
    terminal.type("\u{1B}[A")
    #expect(terminal.waitForCursorLine("tutor> second"))
    terminal.type("\u{1B}[A")
    #expect(terminal.waitForCursorLine("tutor> first"))
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("first"))
  }

  @Test func controlRFindsAnEarlierEntry() {
    for entry in ["set alpha 1", "get beta", "incr counter"] {
      editor.addHistory(Array(entry.utf8), persist: false)
    }
    let run = startReading()
    terminal.type("\u{12}alp")
    // libedit shows the match on the line and the search pattern below it.
    let expectedScreen = ["tutor> set alpha 1", "bck:alp"]
    #expect(eventually { Array(terminal.screen.nonEmptyLines.suffix(2)) == expectedScreen })
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("set alpha 1"))
  }

  @Test func theFirstControlRSaysWhatLibeditsSearchPromptIsOnce() {
    for entry in ["set alpha 1", "get beta"] {
      editor.addHistory(Array(entry.utf8), persist: false)
    }
    let run = startReading()
    terminal.type("draft\u{12}")
    #expect(terminal.waitForOutput("bck:"))
    #expect(terminal.text().contains(LineEditor.searchNote))
    terminal.type("alp")
    #expect(
      eventually { terminal.screen.nonEmptyLines.suffix(2) == ["tutor> set alpha 1", "bck:alp"] })
    // Ctrl-G cancels the search and gives back the line as it was.
    terminal.type("\u{07}")
    #expect(terminal.waitForCursorLine("tutor> draft"))
    terminal.type("\r")
    #expect(run.waitForResult(draining: terminal) == line("draft"))

    let next = startReading()
    terminal.type("\u{12}bet")
    #expect(
      eventually { terminal.screen.nonEmptyLines.suffix(2) == ["tutor> get beta", "bck:bet"] })
    terminal.type("\r")
    #expect(next.waitForResult(draining: terminal) == line("get beta"))
    #expect(terminal.text().ranges(of: LineEditor.searchNote).count == 1)
  }
}
