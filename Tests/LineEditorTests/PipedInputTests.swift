import Foundation
import LineEditor
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Reading lines when the input is not a terminal: bytes as they are, no prompt, no editing.
struct PipedInputTests {
  /// Feeds `input` through a pipe (from another thread, so large inputs do not block) and
  /// returns every line read until the end, plus what the editor wrote to its output.
  private func readAll(_ input: [UInt8]) throws -> (lines: [LineResult], output: [UInt8]) {
    let inputPipe = try Pipe()
    let outputPipe = try Pipe()
    let writer = Thread { [inputPipe] in
      inputPipe.writeAll(input)
      inputPipe.closeWriting()
    }
    writer.start()
    let editor = LineEditor(
      programName: "redis-tutor-test", historyFile: nil, input: inputPipe.readEnd,
      output: outputPipe.writeEnd)
    #expect(!editor.isInteractive)
    var lines: [LineResult] = []
    while true {
      let result = editor.readLine(prompt: "tutor> ")
      lines.append(result)
      if result == .endOfFile || lines.count > 10 { break }
    }
    outputPipe.closeWriting()
    return (lines, outputPipe.readAll())
  }

  private func line(_ text: String) -> LineResult {
    .line(Array(text.utf8))
  }

  @Test func linesAreReadWithoutPromptOrEditing() throws {
    let (lines, output) = try readAll(Array("set a 1\nget a\n".utf8))
    #expect(lines == [line("set a 1"), line("get a"), .endOfFile])
    #expect(output.isEmpty)
  }

  @Test func lastLineWithoutNewlineIsStillReturned() throws {
    let (lines, _) = try readAll(Array("ping\necho done".utf8))
    #expect(lines == [line("ping"), line("echo done"), .endOfFile])
  }

  @Test func emptyLinesAndRawBytesAreKept() throws {
    let input: [UInt8] = [0x0A, 0x61, 0x0D, 0x0A, 0x0A, 0xFF, 0x00, 0x09, 0x1B, 0x0A]
    let (lines, _) = try readAll(input)
    #expect(
      lines == [
        .line([]), .line([0x61, 0x0D]), .line([]), .line([0xFF, 0x00, 0x09, 0x1B]), .endOfFile,
      ])
  }

  @Test func emptyInputEndsAtOnce() throws {
    let (lines, _) = try readAll([])
    #expect(lines == [.endOfFile])
  }

  @Test func oneMegabyteLineIsReadWhole() throws {
    let long = [UInt8]((0..<1_048_576).map { UInt8(ascii: "a") + UInt8($0 % 26) })
    let (lines, _) = try readAll(long + [0x0A] + Array("after".utf8))
    #expect(lines == [.line(long), line("after"), .endOfFile])
  }

  @Test func writeGoesToTheOutput() throws {
    let inputPipe = try Pipe()
    let outputPipe = try Pipe()
    let editor = LineEditor(
      programName: "redis-tutor-test", historyFile: nil, input: inputPipe.readEnd,
      output: outputPipe.writeEnd)
    editor.write(Array("(integer) 1\n".utf8))
    #expect(editor.terminalWidth == 80)
    outputPipe.closeWriting()
    #expect(outputPipe.readAll() == Array("(integer) 1\n".utf8))
  }
}

/// A pipe whose ends are closed when it goes away.
final class Pipe: @unchecked Sendable {
  /// The end to read from.
  let readEnd: Int32
  /// The end to write to (-1 once closed).
  private(set) var writeEnd: Int32

  /// Opens a pipe.
  init() throws {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw PipeError() }
    readEnd = ends[0]
    writeEnd = ends[1]
  }

  deinit {
    close(readEnd)
    closeWriting()
  }

  /// Writes every byte, blocking while the reader catches up.
  func writeAll(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes {
        write(writeEnd, $0.baseAddress! + offset, bytes.count - offset)
      }
      if count > 0 { offset += count } else if errno != EINTR { return }
    }
  }

  /// Closes the writing end, so the reader sees the end of input.
  func closeWriting() {
    if writeEnd >= 0 { close(writeEnd) }
    writeEnd = -1
  }

  /// Reads until the end of input.
  func readAll() -> [UInt8] {
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return contents }
      contents += chunk[0..<count]
    }
  }
}

/// A pipe could not be opened.
struct PipeError: Error {}
