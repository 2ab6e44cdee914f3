#if canImport(Glibc)
  import Glibc
#endif

/// The environment a learner's program gets unless the caller gives one: nothing of the
/// tutor's (no REDISCLI_AUTH, no REDIS_URL, no settings), only what a program and its
/// toolchain need.
enum JudgeEnvironment {
  /// The variables for `command` running in `home`.
  ///
  /// PATH is the standard directories plus the program's own, so an interpreter found on
  /// the learner's PATH finds its siblings. The toolchains' caches (Go's build cache and
  /// module path, the Swift and clang module caches under XDG_CACHE_HOME) live in `cache`,
  /// which outlasts the run, so a `go run` does not rebuild the standard library each time.
  static func clean(for command: JudgeCommand, home: String, cache: String) -> [String: String] {
    var directories: [String] = []
    if let slash = command.executable.lastIndex(of: "/"), command.executable.hasPrefix("/") {
      let own = String(command.executable[..<slash])
      directories.append(own.isEmpty ? "/" : own)
    }
    for standard in ["/usr/local/bin", "/usr/bin", "/bin"] where !directories.contains(standard) {
      directories.append(standard)
    }
    return [
      "PATH": directories.joined(separator: ":"), "HOME": home, "LANG": "C.UTF-8",
      "LC_ALL": "C.UTF-8", "XDG_CACHE_HOME": cache, "GOCACHE": cache + "/go-build",
      "GOPATH": cache + "/go",
    ]
  }

  /// The judge's cache directory, made (0700) if missing: `$XDG_CACHE_HOME/redis-tutor/judge`,
  /// else `~/.cache/redis-tutor/judge`, else one under the temp directory.
  static func cacheDirectory() -> String {
    func variable(_ name: String) -> String? {
      getenv(name).map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil }
    }
    let base =
      variable("XDG_CACHE_HOME") ?? variable("HOME").map { $0 + "/.cache" }
      ?? (variable("TMPDIR") ?? "/tmp") + "/redis-tutor-\(getuid())"
    var path = ""
    for part in (base + "/redis-tutor/judge").split(separator: "/") {
      path += "/" + part
      mkdir(path, 0o700)
    }
    return path
  }
}
