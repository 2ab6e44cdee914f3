#if canImport(Glibc)
  import Glibc
#endif

/// What /proc says about other processes.
enum ProcessTable {
  /// The ids of the processes whose parent is `parent`.
  static func children(of parent: pid_t) -> [pid_t] {
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var found: [pid_t] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let pid = pid_t(name), let stat = status(of: pid) else { continue }
      if stat.parent == parent { found.append(pid) }
    }
    return found
  }

  /// Whether `pid` is a live process (a zombie waiting to be reaped counts as gone).
  static func isAlive(_ pid: pid_t) -> Bool {
    guard let stat = status(of: pid) else { return false }
    return stat.state != "Z" && stat.state != "X"
  }

  /// The resident set size (`VmRSS`) of `pid` in kibibytes, or nil.
  static func residentKibibytes(of pid: pid_t) -> Int? {
    guard let text = try? Files.read("/proc/\(pid)/status") else { return nil }
    for line in String(decoding: text, as: UTF8.self).split(separator: "\n")
    where line.hasPrefix("VmRSS:") {
      return Int(line.dropFirst("VmRSS:".count).filter(\.isNumber))
    }
    return nil
  }

  /// The state letter and parent id from /proc/PID/stat.
  private static func status(of pid: pid_t) -> (state: Character, parent: pid_t)? {
    guard let bytes = try? Files.read("/proc/\(pid)/stat") else { return nil }
    // The command name in parentheses may contain spaces: parse after the last ')'.
    let text = String(decoding: bytes, as: UTF8.self)
    guard let close = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count >= 2, let state = fields[0].first, let parent = pid_t(fields[1]) else {
      return nil
    }
    return (state, parent)
  }
}
