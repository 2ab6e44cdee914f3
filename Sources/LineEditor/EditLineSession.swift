import CLibEdit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The line as libedit holds it while a key is being handled.
struct EditedLine {
  /// The line's bytes (UTF-8).
  var bytes: [UInt8]
  /// The byte offset of the cursor.
  var cursor: Int
}

/// All libedit state behind one type: the EditLine, its in-memory history, the streams over
/// the caller's descriptors, and the C hooks (through the small non-variadic shim).
final class EditLineSession {
  /// libedit's return codes for editor commands.
  enum CommandResult: UInt8 {
    case refresh = 4
    case error = 6
    case redisplay = 8
  }

  private let session: OpaquePointer

  /// Starts libedit on `input`/`output` with Emacs bindings; nil when libedit cannot start.
  init?(programName: String, input: Int32, output: Int32, terminalType: String?) {
    guard
      let session = clibedit_session_create(programName, input, output, terminalType)
    else { return nil }
    self.session = session
  }

  deinit {
    clibedit_session_destroy(session)
  }

  /// Sets the object passed to `beforeKey`, which draws text after the cursor before a key is
  /// awaited and returns 1 when it drew something (erased again once the key arrives).
  func setOwner(
    _ owner: UnsafeMutableRawPointer,
    beforeKey: @convention(c) (UnsafeMutableRawPointer?) -> Int32
  ) {
    clibedit_session_set_owner(session, owner, beforeKey)
  }

  /// The owner set with `setOwner`, found from the EditLine an editor command receives.
  static func owner(of editLine: OpaquePointer) -> UnsafeMutableRawPointer? {
    clibedit_owner(editLine)
  }

  /// Registers `command` as the editor function `name` and binds `key` to it.
  func bind(
    _ key: String, toNewCommand name: String, help: String,
    _ command: @convention(c) (OpaquePointer?, Int32) -> UInt8
  ) {
    clibedit_add_command(session, name, help, command)
    bind(key, to: name)
  }

  /// Binds `key` (libedit notation such as `^R`) to the editor function `name`.
  func bind(_ key: String, to name: String) {
    clibedit_bind(session, key, name)
  }

  /// Queues `keys` as if typed next: libedit reads them before the terminal's.
  static func push(_ keys: String, into editLine: OpaquePointer) {
    el_push(editLine, keys)
  }

  /// Lets the interrupt command abandon a line: `^C` is the editor's, not a signal's.
  func bindInterrupt(to key: String) {
    clibedit_setty_edit_mode(session, "-isig")
    bind(key, toNewCommand: "tutor-interrupt", help: "Abandon the line", clibedit_interrupt_command)
  }

  /// Applies the user's `~/.editrc`.
  func applyUserConfiguration() {
    clibedit_source_user_config(session)
  }

  /// Sets the prompt; bytes between two `TerminalText.literalMarker`s take no columns.
  func setPrompt(_ prompt: [UInt8]) {
    clibedit_set_prompt(session, prompt.cString, CChar(bitPattern: TerminalText.literalMarker))
  }

  /// Reads one line with editing: its bytes including the newline, nil at end of input, and
  /// whether the interrupt command ended it.
  func readLine() -> (bytes: [UInt8]?, interrupted: Bool) {
    let line = clibedit_read_line(session).map {
      Array(UnsafeBufferPointer(start: $0, count: strlen($0)))
    }
    let interrupted = clibedit_take_interrupted(session) != 0
    return (line.map { $0.map { UInt8(bitPattern: $0) } }, interrupted)
  }

  /// Adds an entry to the in-memory history (bytes after a NUL are not kept).
  func enterHistory(_ entry: [UInt8]) {
    clibedit_history_enter(session, entry.cString)
  }

  /// Sets how many entries the in-memory history keeps.
  func setHistorySize(_ size: Int) {
    clibedit_history_set_size(session, Int32(clamping: size))
  }

  /// Writes bytes after whatever libedit has buffered, and flushes.
  func write(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes {
      clibedit_write(session, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
    }
  }

  /// The line being edited.
  var line: EditedLine {
    Self.line(of: clibedit_session_editline(session))
  }

  /// The line being edited by `editLine`.
  static func line(of editLine: OpaquePointer) -> EditedLine {
    guard let info = el_line(editLine)?.pointee, let buffer = info.buffer else {
      return EditedLine(bytes: [], cursor: 0)
    }
    let count = info.lastchar.map { $0 - buffer } ?? 0
    let cursor = info.cursor.map { $0 - buffer } ?? count
    let bytes = UnsafeRawBufferPointer(start: buffer, count: max(0, count))
    return EditedLine(bytes: Array(bytes), cursor: min(max(0, cursor), count))
  }

  /// Deletes `characterCount` characters before the cursor of `editLine`.
  static func deleteBeforeCursor(of editLine: OpaquePointer, characterCount: Int) {
    el_deletestr(editLine, Int32(clamping: characterCount))
  }

  /// Inserts valid UTF-8 `text` at the cursor of `editLine`; false when libedit refused it.
  static func insert(_ text: [UInt8], into editLine: OpaquePointer) -> Bool {
    el_insertstr(editLine, text.cString) == 0
  }
}

extension Array where Element == UInt8 {
  /// The bytes as a NUL-terminated C string (cut at the first NUL byte).
  fileprivate var cString: [CChar] {
    let end = firstIndex(of: 0) ?? count
    return self[..<end].map { CChar(bitPattern: $0) } + [0]
  }
}
