import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// The harness's own process environment, and the environments it gives its children.
enum Environment {
  /// The value of the variable `name`, or nil when unset.
  static func value(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// The text of the current `errno`.
  static var lastError: String { String(cString: strerror(errno)) }

  /// The current environment as `NAME=value` entries, with `overrides` replacing or adding.
  static func inherited(overriding overrides: [String: String]) -> [String] {
    var entries = Spawn.currentEnvironment().filter {
      overrides[String($0.prefix { $0 != "=" })] == nil
    }
    for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
      entries.append("\(name)=\(value)")
    }
    return entries
  }

  /// The absolute path of `name` found on `PATH` (plus the sbin directories redis-server
  /// may live in), or nil.
  static func executable(named name: String) -> String? {
    let searchPath = value("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
    let directories = searchPath.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    for directory in directories where !directory.isEmpty {
      let candidate = directory + "/" + name
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  /// `path` made absolute against the current directory.
  static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let cwd = getcwd(nil, 0) else { return path }
    defer { free(cwd) }
    return String(cString: cwd) + "/" + path
  }
}
