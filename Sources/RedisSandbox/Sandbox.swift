import RedisClient

#if canImport(Glibc)
  import Glibc
#endif

/// The learner's private `redis-server`: its own directory, a free loopback port, started on
/// demand and stopped with the tutor.
///
/// Only one tutor owns a sandbox directory at a time (an advisory lock); a second tutor
/// attaches to the running server instead of starting another. The owner's server dies with
/// it even on a crash (parent-death signal), saving a snapshot on the way out.
public final class Sandbox: @unchecked Sendable {
  /// The sandbox's directory: data files, log, lock and port file.
  public let directory: String
  /// How the server keeps its data; change it with `restart(persistence:)`.
  public private(set) var persistence: Persistence
  /// The port of the running server, if any.
  public private(set) var port: Int?
  /// Whether this process started the server (and so stops it).
  public private(set) var isOwner = false

  private let serverPath: String
  private var process: ChildProcess?
  private var lockFD: Int32 = -1

  /// Prepares a sandbox in `directory`; nothing starts until `start()`.
  ///
  /// Throws `.serverMissing` with install advice when redis-server cannot be found.
  public init(
    directory: String, persistence: Persistence = .snapshot, serverPath: String? = nil
  ) throws(SandboxError) {
    guard let path = serverPath ?? Self.locateRedisServer() else {
      throw SandboxError.serverMissing
    }
    self.directory = directory
    self.persistence = persistence
    self.serverPath = path
  }

  deinit {
    stop()
    if lockFD >= 0 { close(lockFD) }
  }

  /// The endpoint of the running server.
  public var endpoint: Endpoint? { port.map { .tcp(host: "127.0.0.1", port: $0) } }

  /// The server's process id (read from its pid file when attached).
  public var pid: Int32? {
    if let process, process.isRunning { return process.pid }
    guard let text = try? readFile("redis.pid") else { return nil }
    return Int32(text.trimmingWhitespace())
  }

  /// Whether the server answers a PING now.
  public var isRunning: Bool {
    guard let port else { return false }
    if let process, !process.isRunning { return false }
    return RedisServerProcess.answers(port: port)
  }

  /// Starts the server, or attaches to the one another tutor owns, and returns its port.
  ///
  /// Waits until the server answers PING, within `deadline`.
  @discardableResult
  public func start(deadline: Duration = .seconds(10)) throws(SandboxError) -> Int {
    if isRunning, let port { return port }
    try makeDirectory()
    if !acquireLock() {
      if let text = try? readFile("port"), let attached = Int(text.trimmingWhitespace()),
        RedisServerProcess.answers(port: attached)
      {
        port = attached
        isOwner = false
        return attached
      }
      throw SandboxError.busy(directory)
    }
    isOwner = true
    do {
      let server = try RedisServerProcess(
        executable: serverPath, arguments: serverArguments, logPath: logPath, preferredPort: port,
        deadline: deadline)
      process = server.process
      port = server.port
      try? writeFile("port", "\(server.port)\n")
      return server.port
    } catch {
      releaseLock()
      throw SandboxError.startFailed(error.description)
    }
  }

  /// Stops the server this tutor owns, saving a snapshot first (unless persistence is none).
  public func stop() {
    guard let process, isOwner else { return }
    if process.isRunning, let port {
      let save = persistence == .none ? "NOSAVE" : "SAVE"
      if let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: 1, readTimeout: 10))
      {
        _ = try? connection.send("SHUTDOWN", save)
      }
    }
    process.terminate(signal: SIGTERM, grace: .seconds(10))
    self.process = nil
    try? removeFile("port")
    releaseLock()
  }

  /// Stops and starts the server, optionally with another persistence mode.
  @discardableResult
  public func restart(persistence newMode: Persistence? = nil, deadline: Duration = .seconds(10))
    throws(SandboxError) -> Int
  {
    if !isOwner && isRunning { throw SandboxError.notOwner }
    if case .aof = newMode, !persistence.usesAppendOnlyFile {
      buildAppendOnlyFileFromMemory(deadline: deadline)
    }
    stop()
    if let newMode { persistence = newMode }
    return try start(deadline: deadline)
  }

  /// Turns AOF on in the running server so its first AOF is built from memory.
  ///
  /// A server started with `appendonly yes` and no AOF loads nothing, so restarting straight
  /// into AOF mode would start empty; `CONFIG SET appendonly yes` first is the safe way, in
  /// production and here.
  private func buildAppendOnlyFileFromMemory(deadline: Duration) {
    guard let port, isRunning,
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: 1, readTimeout: 10)),
      (try? connection.send("CONFIG", "SET", "appendonly", "yes"))?.isError == false
    else { return }
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: deadline)
    while clock.now < end {
      let info = (try? connection.send("INFO", "persistence"))?.string ?? ""
      let fields = info.split(whereSeparator: \.isNewline)
      if fields.contains("aof_enabled:1") && fields.contains("aof_rewrite_in_progress:0")
        && fields.contains("aof_rewrite_scheduled:0")
      {
        return
      }
      usleep(5_000)
    }
  }

  /// Kills the server with SIGKILL, as a crash would: nothing is saved on the way out.
  ///
  /// For the persistence lab; `start()` brings it back with whatever survived on disk.
  public func crash() {
    guard let process, isOwner else { return }
    process.terminate(signal: SIGKILL)
    self.process = nil
    releaseLock()
  }

  /// Deletes every key and the data files, leaving an empty running server.
  public func wipe() throws(SandboxError) {
    if let port,
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: 1, readTimeout: 30))
    {
      _ = try? connection.send("FLUSHALL")
      if persistence != .none { _ = try? connection.send("SAVE") }
      return
    }
    for name in ["dump.rdb", "appendonly.aof"] { try? removeFile(name) }
    try? removeDirectory("appendonlydir")
  }

  /// The path of the server's log file.
  public var logPath: String { directory + "/redis.log" }

  /// Finds `redis-server` on PATH or in the usual Debian locations.
  ///
  /// The usual folders are searched only when there is no PATH at all.
  public static func locateRedisServer(
    searchPath: String? = getenv("PATH").map { String(cString: $0) }
  ) -> String? {
    let folders =
      searchPath.map { $0.split(separator: ":").map(String.init) }
      ?? ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
    for folder in folders {
      let candidate = folder + "/redis-server"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  // MARK: - Internals

  private var serverArguments: [String] {
    [
      "--dir", directory, "--daemonize", "no", "--pidfile", directory + "/redis.pid",
      "--dbfilename", "dump.rdb", "--protected-mode", "yes", "--maxmemory-policy", "noeviction",
    ] + persistence.serverArguments
  }

  private func acquireLock() -> Bool {
    if lockFD < 0 {
      lockFD = open(directory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
      if lockFD < 0 { return false }
    }
    return flock(lockFD, LOCK_EX | LOCK_NB) == 0
  }

  private func releaseLock() {
    if lockFD >= 0 { flock(lockFD, LOCK_UN) }
    isOwner = false
  }

  private func makeDirectory() throws(SandboxError) {
    var path = ""
    for component in directory.split(separator: "/", omittingEmptySubsequences: false) {
      path +=
        (path.isEmpty && component.isEmpty) ? "/" : (path.hasSuffix("/") ? "" : "/") + component
      if component.isEmpty { continue }
      if mkdir(path, 0o700) != 0 && errno != EEXIST {
        throw SandboxError.startFailed("cannot create \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  private func readFile(_ name: String) throws -> String {
    guard let file = fopen(directory + "/" + name, "r") else { throw SandboxError.notOwner }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count <= 0 { break }
      bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private func writeFile(_ name: String, _ text: String) throws {
    guard let file = fopen(directory + "/" + name, "w") else { throw SandboxError.notOwner }
    defer { fclose(file) }
    _ = fputs(text, file)
  }

  private func removeFile(_ name: String) throws { unlink(directory + "/" + name) }

  private func removeDirectory(_ name: String) throws {
    let path = directory + "/" + name
    guard let dir = opendir(path) else { return }
    while let entry = readdir(dir) {
      let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if entryName != "." && entryName != ".." { unlink(path + "/" + entryName) }
    }
    closedir(dir)
    rmdir(path)
  }
}

/// Why the sandbox could not be used, each with what to do next.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
  case serverMissing
  case startFailed(String)
  case busy(String)
  case notOwner

  public var description: String {
    switch self {
    case .serverMissing:
      return
        "redis-server not found: install it with `sudo apt-get install redis-server` (or `make deps`), or connect to your own server with -h/-p"
    case .startFailed(let reason): return "could not start the sandbox redis-server: \(reason)"
    case .busy(let directory):
      return
        "the sandbox in \(directory) is locked by another redis-tutor that is not answering; quit it or remove \(directory)/lock"
    case .notOwner:
      return "another redis-tutor owns this sandbox; restart it from there"
    }
  }
}

extension String {
  fileprivate func trimmingWhitespace() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
    while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
    return String(scalars)
  }
}
