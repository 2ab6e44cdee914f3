import Foundation
import Recording
import TutorTestSupport

/// A scratch directory for one test, removed when the test ends.
final class ScratchDirectory {
  let url: URL

  init() throws { url = try TemporaryDirectory.make(prefix: "recording-tests") }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// The path of a file named `name` in the directory.
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// The file's bytes.
  func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: url.appendingPathComponent(name)))
  }

  /// The file's text.
  func text(_ name: String) throws -> String {
    String(decoding: try bytes(name), as: UTF8.self)
  }
}

/// Text that exercises every escaping rule: ESC sequences, emoji, quotes, backslashes, CR LF,
/// every C0 control character and DEL, a combining accent and a line separator.
let trickyTexts: [String] = [
  "\u{1B}[1;31mred\u{1B}[0m plain",
  "127.0.0.1:6379> SET greeting \"hello\"\r\nOK\r\n",
  "emoji 🧪🚀 and flags 🇫🇷 and e\u{301}",
  "back\\slash \\\" \\u0041 not an escape",
  "tab\there\u{0}nul\u{7}bell\u{8}backspace\u{C}form\u{7F}del",
  String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }),
  "line\u{2028}separator and \u{FEFF} bom and 中文",
  "",
]
