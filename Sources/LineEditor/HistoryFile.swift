#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The persistent history: one entry per line, private to the user (mode 0600).
///
/// Entries are stored with `\` written as `\\` and a newline as `\n`, so multi-line entries
/// and arbitrary bytes survive. Appending opens the file with `O_APPEND` and writes one
/// entry in one `write`, so a crash loses nothing already entered. Failures to read or write
/// are ignored: history is a convenience and must never stop the session.
struct HistoryFile {
  private static let newline = UInt8(ascii: "\n")
  private static let backslash = UInt8(ascii: "\\")
  private static let letterN = UInt8(ascii: "n")

  /// The file's path.
  let path: String

  /// Reads the entries (creating the parent directory and tightening the file's mode first),
  /// and rewrites the file with the last `limit` entries when it holds more than twice that.
  ///
  /// Returns at most the last `limit` entries, oldest first.
  func loadEntries(limit: Int) -> [[UInt8]] {
    Self.makeDirectories(Self.parentDirectory(of: path))
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    Self.restrictMode(of: descriptor)
    let entries = Self.decodeFile(FileDescriptorIO.readAll(descriptor))
    let keptCount = max(0, limit)
    if entries.count > 2 * keptCount {
      rewrite(with: entries.suffix(keptCount))
    }
    return Array(entries.suffix(keptCount))
  }

  /// Appends one entry, creating the file (mode 0600) and its directory when missing.
  func append(_ entry: [UInt8]) {
    Self.makeDirectories(Self.parentDirectory(of: path))
    let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return }
    defer { close(descriptor) }
    Self.restrictMode(of: descriptor)
    var record = Self.encode(entry)
    record.append(Self.newline)
    if !Self.endsWithNewline(descriptor) {
      // A previous writer stopped mid-line: do not glue this entry onto its bytes.
      record.insert(Self.newline, at: 0)
    }
    FileDescriptorIO.writeAll(descriptor, record)
  }

  /// The entry as stored on one line of the file (without the line's newline).
  static func encode(_ entry: [UInt8]) -> [UInt8] {
    var encoded: [UInt8] = []
    encoded.reserveCapacity(entry.count)
    for byte in entry {
      switch byte {
      case backslash: encoded += [backslash, backslash]
      case newline: encoded += [backslash, letterN]
      default: encoded.append(byte)
      }
    }
    return encoded
  }

  /// The entry stored on one line of the file; an unknown escape is kept as written.
  static func decode(_ line: ArraySlice<UInt8>) -> [UInt8] {
    var decoded: [UInt8] = []
    decoded.reserveCapacity(line.count)
    var index = line.startIndex
    while index < line.endIndex {
      let byte = line[index]
      let next = index + 1 < line.endIndex ? line[index + 1] : nil
      if byte == backslash && next == backslash {
        decoded.append(backslash)
        index += 2
      } else if byte == backslash && next == letterN {
        decoded.append(newline)
        index += 2
      } else {
        decoded.append(byte)
        index += 1
      }
    }
    return decoded
  }

  /// Every non-empty entry of a whole file, oldest first.
  static func decodeFile(_ contents: [UInt8]) -> [[UInt8]] {
    contents.split(separator: newline, omittingEmptySubsequences: true).map { decode($0) }
  }

  private func rewrite(with entries: ArraySlice<[UInt8]>) {
    let temporaryPath = "\(path).\(getpid()).tmp"
    let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return }
    var contents: [UInt8] = []
    for entry in entries {
      contents += Self.encode(entry)
      contents.append(Self.newline)
    }
    let written = FileDescriptorIO.writeAll(descriptor, contents)
    close(descriptor)
    if !written || rename(temporaryPath, path) != 0 {
      unlink(temporaryPath)
    }
  }

  private static func restrictMode(of descriptor: Int32) {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return }
    if status.st_mode & 0o077 != 0 {
      fchmod(descriptor, 0o600)
    }
  }

  private static func endsWithNewline(_ descriptor: Int32) -> Bool {
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return true }
    var lastByte: UInt8 = 0
    guard pread(descriptor, &lastByte, 1, status.st_size - 1) == 1 else { return true }
    return lastByte == newline
  }

  private static func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// Creates `directory` and its missing parents with mode 0700.
  private static func makeDirectories(_ directory: String) {
    var status = stat()
    guard !directory.isEmpty, stat(directory, &status) != 0 else { return }
    makeDirectories(parentDirectory(of: directory))
    mkdir(directory, 0o700)
  }
}
