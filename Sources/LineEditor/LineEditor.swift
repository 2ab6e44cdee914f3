import CLibEdit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads lines from the user with editing, history, completion and hints, over libedit.
///
/// It knows nothing of what the lines mean: completion and hints are closures the host
/// supplies. When the input is not a terminal it reads plain lines of bytes instead, with no
/// prompt and no editing.
public final class LineEditor {
  /// Called on TAB with the line's bytes up to the cursor; returns where the word being
  /// completed starts and the words that could replace it.
  public var completion: (([UInt8]) -> Completion)?

  /// Called before each key is awaited, with the line's bytes; returns the grey hint to show
  /// after the cursor, or nil.
  public var hint: (([UInt8]) -> String?)?

  /// Whether hints are drawn (the host decides, for example after `NO_COLOR`).
  public var hintsEnabled = true

  private static let hintStart: [UInt8] = Array("\u{1B}[90m".utf8)
  private static let hintEnd: [UInt8] = Array("\u{1B}[0m".utf8)
  private static let newline = UInt8(ascii: "\n")
  private static let space = UInt8(ascii: " ")

  private let input: Int32
  private let output: Int32
  private let historyFile: HistoryFile?
  private let pipedInput: ByteLineReader
  private var session: EditLineSession?
  private var lastHistoryEntry: [UInt8]?
  private var promptWidth = 0

  /// Creates an editor reading `input` and writing `output` (stdin and stdout by default; tests
  /// may pass a pty's descriptors), with history kept in `historyFile` when given.
  public convenience init(
    programName: String, historyFile: String?, historyLimit: Int = 1000,
    input: Int32 = 0, output: Int32 = 1
  ) {
    self.init(
      programName: programName, historyFile: historyFile, historyLimit: historyLimit,
      input: input, output: output, terminalType: nil)
  }

  /// Creates an editor as above, naming the terminal type instead of taking `$TERM`.
  init(
    programName: String, historyFile: String?, historyLimit: Int, input: Int32, output: Int32,
    terminalType: String?
  ) {
    Self.configureLocale
    self.input = input
    self.output = output
    self.historyFile = historyFile.map { HistoryFile(path: $0) }
    pipedInput = ByteLineReader(fileDescriptor: input)
    let entries = self.historyFile?.loadEntries(limit: historyLimit) ?? []
    lastHistoryEntry = entries.last
    guard isatty(input) == 1,
      let session = EditLineSession(
        programName: programName, input: input, output: output, terminalType: terminalType)
    else { return }
    self.session = session
    session.setHistorySize(max(1, historyLimit))
    for entry in entries { session.enterHistory(entry) }
    session.setOwner(Unmanaged.passUnretained(self).toOpaque(), beforeKey: Self.drawHintCommand)
    session.bind("^I", toNewCommand: "tutor-complete", help: "Complete the word", Self.complete)
    session.bindInterrupt(to: "^C")
    session.bind(
      "^R", toNewCommand: "tutor-search-history", help: "Search the history backwards",
      Self.searchHistory)
    session.applyUserConfiguration()
  }

  /// True when the input is a terminal: lines are edited, and the prompt is shown.
  public var isInteractive: Bool { session != nil }

  /// The terminal's width in columns (80 when unknown).
  public var terminalWidth: Int {
    let columns = clibedit_terminal_columns(output)
    return columns > 0 ? Int(columns) : 80
  }

  /// Reads one line, without its newline.
  ///
  /// Interactively the prompt is shown first; it may contain ANSI colour sequences, which take
  /// no columns. Otherwise the next line of input is returned as it is, and no prompt is shown.
  public func readLine(prompt: String) -> LineResult {
    guard let session else {
      return pipedInput.nextLine().map(LineResult.line) ?? .endOfFile
    }
    promptWidth = TerminalText.displayWidth(of: prompt)
    session.setPrompt(TerminalText.markingEscapeSequences(in: prompt))
    let (line, interrupted) = session.readLine()
    if interrupted { return .interrupted }
    guard var line else {
      // libedit leaves the cursor after the `^D` it echoed.
      session.write([Self.newline])
      return .endOfFile
    }
    if line.last == Self.newline { line.removeLast() }
    return .line(line)
  }

  /// Whether another piped line is already buffered, so reading it will not wait.
  public var hasBufferedLine: Bool { session == nil && pipedInput.hasBufferedLine }

  /// Adds a line to the in-memory history (Up, Down and Ctrl-R) and, when `persist` is true,
  /// appends it to the history file.
  ///
  /// An empty line, or one identical to the previous entry, is not added.
  public func addHistory(_ line: [UInt8], persist: Bool) {
    guard !line.isEmpty, line != lastHistoryEntry else { return }
    lastHistoryEntry = line
    session?.enterHistory(line)
    if persist { historyFile?.append(line) }
  }

  /// Writes bytes to the output, after anything the editor has buffered.
  public func write(_ bytes: [UInt8]) {
    if let session {
      session.write(bytes)
      return
    }
    FileDescriptorIO.writeAll(output, bytes)
  }

  // MARK: - Locale

  /// Takes the user's locale, so libedit accepts non-ASCII input; falls back to C.UTF-8 for
  /// the character type when the user's locale is not UTF-8.
  private static let configureLocale: Void = {
    setlocale(LC_ALL, "")
    let characterType = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? ""
    let normalized = String(characterType.lowercased().filter { $0 != "-" })
    if !normalized.contains("utf8") {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
  }()

  // MARK: - Hints

  private static let drawHintCommand: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = {
    owner in
    guard let owner else { return 0 }
    return Unmanaged<LineEditor>.fromOpaque(owner).takeUnretainedValue().drawHint() ? 1 : 0
  }

  /// Draws the hint in grey after the cursor and moves back, when the cursor is at the end
  /// of a one-line entry; cut to what fits on the terminal's row, skipped when nothing fits.
  private func drawHint() -> Bool {
    guard hintsEnabled, let hint, let session else { return false }
    let line = session.line
    guard line.cursor == line.bytes.count, !line.bytes.contains(Self.newline),
      let text = hint(line.bytes), !text.isEmpty
    else { return false }
    let width = terminalWidth
    let lineWidth = TerminalText.displayWidth(of: String(decoding: line.bytes, as: UTF8.self))
    // One column stays free so the terminal never wraps the cursor onto the next row.
    let available = width - 1 - (promptWidth + lineWidth) % width
    let (shown, shownWidth) = TerminalText.prefix(of: text, fittingIn: available)
    guard shownWidth > 0 else { return false }
    session.write(
      Self.hintStart + Array(shown.utf8) + Self.hintEnd + Array("\u{1B}[\(shownWidth)D".utf8))
    return true
  }

  // MARK: - History search

  /// What libedit's `bck:` search prompt means and which keys work in it, said once.
  static let searchNote =
    "Ctrl-R searches your history backwards: type part of an earlier command. libedit shows"
    + " the search as bck: (bck?: while nothing matches); Ctrl-R again finds an older match,"
    + " Enter runs it, Ctrl-G cancels."

  /// Explains libedit's search prompt the first time Ctrl-R is pressed, then hands Ctrl-R to
  /// libedit's own incremental search for good.
  ///
  /// libedit hard-codes `bck:` in its search and has no setting for it (nor exports the
  /// search functions to wrap), so the tutor cannot print `(reverse-i-search)` there; a
  /// one-time note is the honest alternative. The Ctrl-R that was pressed is pushed back so
  /// the search starts at once.
  private static let searchHistory: @convention(c) (OpaquePointer?, Int32) -> UInt8 = {
    editLine, _ in
    guard let editLine, let owner = EditLineSession.owner(of: editLine) else {
      return EditLineSession.CommandResult.error.rawValue
    }
    let editor = Unmanaged<LineEditor>.fromOpaque(owner).takeUnretainedValue()
    guard let session = editor.session else { return EditLineSession.CommandResult.error.rawValue }
    session.write(Array("\r\n\(searchNote)\r\n".utf8))
    session.bind("^R", to: "em-inc-search-prev")
    EditLineSession.push("\u{12}", into: editLine)
    return EditLineSession.CommandResult.redisplay.rawValue
  }

  // MARK: - Completion

  private static let complete: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    guard let editLine, let owner = EditLineSession.owner(of: editLine) else {
      return EditLineSession.CommandResult.error.rawValue
    }
    let editor = Unmanaged<LineEditor>.fromOpaque(owner).takeUnretainedValue()
    return editor.complete(editLine: editLine).rawValue
  }

  /// Completes the word before the cursor: one candidate replaces it (plus a space), several
  /// extend it to their longest common prefix, or are listed in columns when that adds nothing.
  private func complete(editLine: OpaquePointer) -> EditLineSession.CommandResult {
    guard let completion else { return .error }
    let line = EditLineSession.line(of: editLine)
    let beforeCursor = Array(line.bytes[..<line.cursor])
    let result = completion(beforeCursor)
    let word = beforeCursor[min(max(0, result.replaceFrom), beforeCursor.count)...]
    let candidates = result.candidates.filter { String(validating: $0, as: UTF8.self) != nil }
    switch candidates.count {
    case 0:
      return .error
    case 1:
      return replace(word, with: candidates[0] + [Self.space], in: editLine)
    default:
      let prefix = Self.longestCommonPrefix(of: candidates)
      if prefix.count > word.count {
        return replace(word, with: prefix, in: editLine)
      }
      showInColumns(candidates)
      return .redisplay
    }
  }

  private func replace(
    _ word: ArraySlice<UInt8>, with replacement: [UInt8], in editLine: OpaquePointer
  ) -> EditLineSession.CommandResult {
    guard !replacement.contains(0) else { return .error }
    let characterCount = word.filter { $0 & 0xC0 != 0x80 }.count
    EditLineSession.deleteBeforeCursor(of: editLine, characterCount: characterCount)
    return EditLineSession.insert(replacement, into: editLine) ? .refresh : .error
  }

  /// The bytes every candidate starts with, never ending inside a UTF-8 character.
  static func longestCommonPrefix(of candidates: [[UInt8]]) -> [UInt8] {
    guard let first = candidates.first else { return [] }
    var end = first.count
    for candidate in candidates.dropFirst() {
      end = min(end, candidate.count)
      if let mismatch = (0..<end).first(where: { first[$0] != candidate[$0] }) {
        end = mismatch
      }
    }
    while end > 0 && end < first.count && first[end] & 0xC0 == 0x80 { end -= 1 }
    return Array(first[..<end])
  }

  /// Prints the candidates below the line in columns, filled top to bottom like bash.
  private func showInColumns(_ candidates: [[UInt8]]) {
    let texts = candidates.map { String(decoding: $0, as: UTF8.self) }
    let widths = texts.map { TerminalText.displayWidth(of: $0) }
    let columnWidth = (widths.max() ?? 0) + 2
    let columnCount = max(1, (terminalWidth + 2) / columnWidth)
    let rowCount = (texts.count + columnCount - 1) / columnCount
    var listing: [UInt8] = Array("\r\n".utf8)
    for row in 0..<rowCount {
      let indices = stride(from: row, to: texts.count, by: rowCount)
      for index in indices {
        listing += Array(texts[index].utf8)
        if index + rowCount < texts.count {
          listing += repeatElement(Self.space, count: columnWidth - widths[index])
        }
      }
      listing += Array("\r\n".utf8)
    }
    session?.write(listing)
  }
}
