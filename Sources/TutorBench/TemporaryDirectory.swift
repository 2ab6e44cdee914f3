#if canImport(Glibc)
  import Glibc
#endif

/// A fresh directory under `$TMPDIR` (or /tmp) that `remove()` deletes with its contents.
final class TemporaryDirectory {
  /// The directory's absolute path.
  let path: String

  /// Creates the directory; `prefix` names it so a leftover is easy to recognise.
  init(prefix: String) throws(HarnessError) {
    let base = Environment.value("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else {
      throw HarnessError("cannot create a directory in \(base): \(Environment.lastError)")
    }
    path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The path of `name` inside the directory.
  func file(_ name: String) -> String { path + "/" + name }

  /// Makes a new, empty subdirectory and returns its path.
  func subdirectory(_ name: String) throws(HarnessError) -> String {
    let made = file(name)
    guard mkdir(made, 0o700) == 0 || errno == EEXIST else {
      throw HarnessError("cannot create \(made): \(Environment.lastError)")
    }
    return made
  }

  /// Deletes the directory and everything in it; errors are ignored (it is scratch space).
  func remove() { Self.removeTree(path) }

  private static func removeTree(_ path: String) {
    if let directory = opendir(path) {
      while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name == "." || name == ".." { continue }
        let child = path + "/" + name
        var info = stat()
        if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
          removeTree(child)
        } else {
          unlink(child)
        }
      }
      closedir(directory)
    }
    rmdir(path)
  }
}
