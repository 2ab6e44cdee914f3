import Foundation
import Testing
import TutorTestSupport

@testable import LineEditor

#if canImport(Glibc)
  import Glibc
#endif

/// The persistent history file: its format, its privacy, and what is (not) written to it.
struct HistoryFileTests {
  private let directory: URL
  private let path: String
  private let input: Pipe

  init() throws {
    directory = try TemporaryDirectory.make(prefix: "line-editor-history")
    path = directory.appendingPathComponent("nested/dir/history").path
    input = try Pipe()
  }

  private func makeEditor(limit: Int = 1000) -> LineEditor {
    LineEditor(
      programName: "redis-tutor-test", historyFile: path, historyLimit: limit,
      input: input.readEnd, output: input.writeEnd)
  }

  private func fileContents() -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }

  private func mode(of path: String) -> mode_t {
    var status = stat()
    stat(path, &status)
    return status.st_mode & 0o777
  }

  @Test func entriesAreAppendedOnePerLineWithEscapes() {
    let editor = makeEditor()
    editor.addHistory(Array("set a 1".utf8), persist: true)
    editor.addHistory(Array("eval \"return 1\"\nsecond line".utf8), persist: true)
    editor.addHistory(Array(#"set path C:\temp\n"#.utf8), persist: true)
    #expect(
      fileContents() == """
        set a 1
        eval "return 1"\\nsecond line
        set path C:\\\\temp\\\\n

        """)
  }

  @Test func multiLineAndBinaryEntriesRoundTrip() {
    let entries: [[UInt8]] = [
      Array("multi\nline\n\nentry".utf8),
      [0xFF, 0xFE, 0x00, 0x5C, 0x6E, 0x0D, 0x1B, 0x5C],
      Array("trailing backslash \\".utf8),
      Array("héllo wörld".utf8),
    ]
    let editor = makeEditor()
    for entry in entries { editor.addHistory(entry, persist: true) }
    #expect(HistoryFile(path: path).loadEntries(limit: 1000) == entries)
  }

  @Test func fileAndNewDirectoriesArePrivate() {
    makeEditor().addHistory(Array("auth-free line".utf8), persist: true)
    #expect(mode(of: path) == 0o600)
    #expect(mode(of: directory.appendingPathComponent("nested/dir").path) == 0o700)
  }

  @Test func looseModeOfAnExistingFileIsTightened() throws {
    try FileManager.default.createDirectory(
      atPath: directory.appendingPathComponent("nested/dir").path,
      withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: path, contents: Data("ping\n".utf8)))
    chmod(path, 0o644)
    _ = makeEditor()
    #expect(mode(of: path) == 0o600)
    #expect(fileContents() == "ping\n")
  }

  @Test func entriesNotPersistedAreNeverWritten() {
    let editor = makeEditor()
    editor.addHistory(Array("get a".utf8), persist: true)
    editor.addHistory(Array("auth hunter2".utf8), persist: false)
    editor.addHistory(Array("get b".utf8), persist: true)
    #expect(fileContents() == "get a\nget b\n")
  }

  @Test func consecutiveDuplicatesAndEmptyLinesAreNotAdded() {
    let editor = makeEditor()
    for entry in ["get a", "get a", "", "get b", "get a", "get a"] {
      editor.addHistory(Array(entry.utf8), persist: true)
    }
    #expect(fileContents() == "get a\nget b\nget a\n")
    // The last entry of the file counts as the previous one for a new session.
    makeEditor().addHistory(Array("get a".utf8), persist: true)
    #expect(fileContents() == "get a\nget b\nget a\n")
  }

  @Test func fileIsTrimmedToTheLimitOnceItHasGrownPastTwiceTheLimit() {
    let writer = makeEditor(limit: 1000)
    for number in 1...7 { writer.addHistory(Array("incr \(number)".utf8), persist: true) }
    // 7 entries with a limit of 4 is under twice the limit: left alone.
    _ = makeEditor(limit: 4)
    #expect(fileContents().split(separator: "\n").count == 7)
    writer.addHistory(Array("incr 8".utf8), persist: true)
    writer.addHistory(Array("incr 9".utf8), persist: true)
    let entries = HistoryFile(path: path).loadEntries(limit: 4)
    #expect(entries == (6...9).map { Array("incr \($0)".utf8) })
    #expect(fileContents() == "incr 6\nincr 7\nincr 8\nincr 9\n")
    #expect(mode(of: path) == 0o600)
  }

  @Test func anEntryIsNotGluedToALineCutShortByACrash() throws {
    try FileManager.default.createDirectory(
      atPath: directory.appendingPathComponent("nested/dir").path,
      withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: path, contents: Data("get a\nset b".utf8)))
    makeEditor().addHistory(Array("get c".utf8), persist: true)
    #expect(fileContents() == "get a\nset b\nget c\n")
  }

  @Test func noFileMeansInMemoryHistoryOnly() {
    let editor = LineEditor(
      programName: "redis-tutor-test", historyFile: nil, input: input.readEnd,
      output: input.writeEnd)
    editor.addHistory(Array("get a".utf8), persist: true)
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
