import Dispatch
import RedisClient
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The learner's private `redis-server`: its own 0700 directory, a loopback port protected by a
/// password only the learner can read, started on demand and shared by every tutor process.
///
/// Each process that uses the sandbox (a shell, `serve`, `demo worker`) holds a shared lock on
/// the directory's `users` file. The server runs under a small keeper process that stops it
/// (cleanly, saving as configured) once no user holds that lock, crashed users included, so
/// the server lives exactly as long as somebody uses it. Whoever finds it dead starts it again
/// on the same address, in the persistence mode it last ran with (kept in `persistence`).
public final class Sandbox: Sendable {
  /// The sandbox's directory: data files, log, configuration, password, locks and port file.
  public let directory: String

  private let serverPath: String
  /// How long a server told to stop may take before it is killed (a runaway script keeps a
  /// server from ever finishing a clean shutdown).
  private let shutdownGrace: Duration
  private let state: Mutex<State>

  /// What this process knows of the sandbox; guarded by `state`.
  private struct State {
    var persistence: Persistence
    var port: Int?
    var password: String?
    /// The `users` file, locked shared while this process uses the server; -1 when not.
    var usersFD: Int32 = -1
  }

  /// Prepares a sandbox in `directory`; nothing starts until `start()`.
  ///
  /// `persistence` is the mode for a sandbox that has never run; one that has keeps the mode
  /// it last ran with. Throws `.serverMissing` with install advice when redis-server cannot
  /// be found.
  public init(
    directory: String, persistence: Persistence = .snapshot, serverPath: String? = nil,
    shutdownGrace: Duration = .seconds(10)
  ) throws(SandboxError) {
    guard let path = serverPath ?? Self.locateRedisServer() else {
      throw SandboxError.serverMissing
    }
    self.directory = directory
    self.serverPath = path
    self.shutdownGrace = shutdownGrace
    let remembered = Self.readText(directory + "/" + FileName.persistence).flatMap(
      Persistence.init(stateText:))
    state = Mutex(State(persistence: remembered ?? persistence))
  }

  deinit { stop() }

  /// How the server keeps its data; change it with `restart(persistence:)`.
  public var persistence: Persistence { state.withLock { $0.persistence } }

  /// The port of the server, once this process has started or attached to it.
  public var port: Int? { state.withLock { $0.port } }

  /// The endpoint of the server.
  public var endpoint: Endpoint? { port.map { .tcp(host: "127.0.0.1", port: $0) } }

  /// Options that reach the server: its endpoint and its password.
  public func connectionOptions(readTimeout: Double? = nil) -> ConnectionOptions? {
    let (port, password) = state.withLock { ($0.port, $0.password) }
    guard let port else { return nil }
    return ConnectionOptions(
      endpoint: .tcp(host: "127.0.0.1", port: port), password: password, connectTimeout: 2,
      readTimeout: readTimeout)
  }

  /// The address the learner's own programs use: `redis://default:password@127.0.0.1:port/0`.
  public var url: String? {
    let (port, password) = state.withLock { ($0.port, $0.password) }
    guard let port else { return nil }
    return "redis://" + (password.map { "default:\($0)@" } ?? "") + "127.0.0.1:\(port)/0"
  }

  /// The URL of the sandbox's server when one is running now, without starting it or
  /// becoming one of its users (`redis-tutor sandbox url`).
  public func runningURL() -> String? {
    guard let portText = Self.readText(directory + "/" + FileName.port),
      let port = Int(portText.trimmingWhitespace()),
      let password = Self.readText(directory + "/" + FileName.password)?.trimmingWhitespace(),
      Self.serverIsOurs(port: port, password: password)
    else { return nil }
    return "redis://default:\(password)@127.0.0.1:\(port)/0"
  }

  /// The server's process id, from its pid file.
  public var pid: Int32? {
    guard let text = Self.readText(directory + "/redis.pid") else { return nil }
    return Int32(text.trimmingWhitespace())
  }

  /// Whether the server's process is alive (answering or not: a stopped or busy server still
  /// counts), read from its pid file without touching the network.
  public var serverProcessExists: Bool {
    // The pid file may outlive its server, and the pid may belong to someone else by now:
    // only a process working in this sandbox's directory (the server runs with `--dir` there)
    // counts. Its command line cannot tell: redis-server rewrites it to its address.
    guard let pid, let stat = Self.readText("/proc/\(pid)/stat"),
      let workingDirectory = Self.resolvedPath("/proc/\(pid)/cwd"),
      workingDirectory == Self.resolvedPath(directory),
      let afterName = stat.lastIndex(of: ")")
    else { return false }
    // A killed server stays a zombie until its keeper reaps it: that is gone too.
    let state = stat[stat.index(after: afterName)...].drop { $0 == " " }.first
    return state != "Z" && state != "X"
  }

  /// `path` with every symbolic link resolved, or nil when it does not exist.
  private static func resolvedPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Whether the sandbox's own server answers on its port now.
  public var isRunning: Bool {
    let (port, password) = state.withLock { ($0.port, $0.password) }
    guard let port else { return false }
    return Self.serverIsOurs(port: port, password: password)
  }

  /// Whether another tutor process uses the sandbox too (so stopping here leaves it running).
  ///
  /// Counted from the kernel's table of locks: trying an exclusive lock instead would drop
  /// this process's own shared one when it fails.
  public var isShared: Bool {
    let usersFD = state.withLock { $0.usersFD }
    var info = stat()
    guard usersFD >= 0, fstat(usersFD, &info) == 0,
      let table = Self.readText("/proc/locks")
    else { return false }
    let inode = ":\(info.st_ino)"
    let holders = table.split(separator: "\n").filter { line in
      let fields = line.split(separator: " ")
      return fields.count >= 6 && fields[1] == "FLOCK" && fields[5].hasSuffix(inode)
    }
    return holders.count > 1
  }

  /// Starts the server, or attaches to the one already running, and returns its port.
  ///
  /// From here until `stop()` this process counts as a user of the sandbox. Waits until the
  /// server answers, within `deadline`.
  @discardableResult
  public func start(deadline: Duration = .seconds(10)) throws(SandboxError) -> Int {
    let end = ContinuousClock.now + deadline
    return try state.withLock { (state: inout State) throws(SandboxError) -> Int in
      if state.usersFD >= 0, let port = state.port,
        Self.serverIsOurs(port: port, password: state.password)
      {
        return port
      }
      try makeDirectory()
      return try withControlLock(until: end) { () throws(SandboxError) -> Int in
        try becomeUser(&state, until: end)
        state.password = try loadOrCreatePassword()
        // A server that is frozen or busy does not answer, but it is still ours: starting a
        // second one beside it would split the learner's data.
        if let remembered = Self.readText(directory + "/" + FileName.port),
          let port = Int(remembered.trimmingWhitespace()),
          Self.serverIsOurs(port: port, password: state.password) || serverProcessExists
        {
          state.port = port
          if let mode = Self.readText(directory + "/" + FileName.persistence).flatMap(
            Persistence.init(stateText:))
          {
            state.persistence = mode
          }
          return port
        }
        return try launch(&state, until: end)
      }
    }
  }

  /// Stops using the sandbox; the last user shuts the server down, saving a snapshot first
  /// (unless persistence is none).
  public func stop() {
    state.withLock { state in
      guard state.usersFD >= 0 else { return }
      // Without the control lock the keeper still stops the server once no user is left.
      _ = try? withControlLock(until: .now + .seconds(15)) { () throws(SandboxError) in
        if flock(state.usersFD, LOCK_EX | LOCK_NB) == 0 {
          shutDownServer(state, save: state.persistence != .none)
        }
      }
      close(state.usersFD)
      state.usersFD = -1
    }
  }

  /// Stops and starts the server, optionally with another persistence mode, on the same port.
  ///
  /// Other tutor processes on the sandbox reconnect to the new server by themselves.
  @discardableResult
  public func restart(persistence newMode: Persistence? = nil, deadline: Duration = .seconds(10))
    throws(SandboxError) -> Int
  {
    let end = ContinuousClock.now + deadline
    return try state.withLock { (state: inout State) throws(SandboxError) -> Int in
      try makeDirectory()
      return try withControlLock(until: end) { () throws(SandboxError) -> Int in
        try becomeUser(&state, until: end)
        state.password = try loadOrCreatePassword()
        if state.port == nil,
          let remembered = Self.readText(directory + "/" + FileName.port)
        {
          state.port = Int(remembered.trimmingWhitespace())
        }
        if let port = state.port, Self.serverIsOurs(port: port, password: state.password) {
          recordRunningConfiguration(&state)
          if case .aof = newMode, !state.persistence.usesAppendOnlyFile {
            buildAppendOnlyFileFromMemory(state, deadline: end - .now)
          }
          shutDownServer(state, save: state.persistence != .none)
        }
        if let newMode { state.persistence = newMode }
        return try launch(&state, until: end)
      }
    }
  }

  /// Kills the server with SIGKILL, as a crash would: nothing is saved on the way out.
  ///
  /// For the persistence lab; `start()` brings it back with whatever survived on disk, in the
  /// persistence mode the server really had (a learner's `CONFIG SET appendonly yes` counts).
  public func crash() {
    state.withLock { state in
      _ = try? withControlLock(until: .now + .seconds(10)) { () throws(SandboxError) in
        guard let port = state.port, Self.serverIsOurs(port: port, password: state.password),
          let pid
        else { return }
        recordRunningConfiguration(&state)
        kill(pid, SIGKILL)
        Self.waitUntilGone(pid, within: .seconds(5))
      }
    }
  }

  /// Checks every `interval`, for as long as this process uses the sandbox, that the server
  /// still runs, and starts it again on the same address when it died (`serve` and worker
  /// processes, which have no prompt to notice it).
  public func restartWhenDead(checkingEvery interval: Duration) {
    let timer = DispatchSource.makeTimerSource(
      queue: DispatchQueue(label: "redis-tutor.sandbox-watch"))
    let milliseconds = Int(interval / .milliseconds(1))
    timer.schedule(
      deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
    timer.setEventHandler { [weak self] in
      guard let self, self.state.withLock({ $0.usersFD >= 0 }) else {
        timer.cancel()
        return
      }
      // Only a server that is gone: a frozen or busy one is still the learner's.
      if !self.serverProcessExists { _ = try? self.start() }
    }
    timer.resume()
  }

  /// Reads the running server's persistence settings into the remembered mode.
  ///
  /// Call it after the learner changed them (`CONFIG SET appendonly ...`), so the next start
  /// loads the files that hold the newest data.
  public func recordRunningConfiguration() {
    state.withLock { recordRunningConfiguration(&$0) }
  }

  /// Deletes every key and the data files, leaving an empty running server.
  public func wipe() throws(SandboxError) {
    if let options = connectionOptions(readTimeout: 30), let connection = try? Connection(options) {
      _ = try? connection.send("FLUSHALL")
      if persistence != .none { _ = try? connection.send("SAVE") }
      return
    }
    for name in ["dump.rdb", "appendonly.aof"] { unlink(directory + "/" + name) }
    removeDirectory("appendonlydir")
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

  /// The files the sandbox keeps beside the server's own.
  private enum FileName {
    static let password = "password"
    static let configuration = "redis.conf"
    static let persistence = "persistence"
    static let port = "port"
    static let users = "users"
    static let control = "lock"
  }

  /// Takes a shared lock on `users`, waiting while a keeper holds it to stop its server.
  private func becomeUser(_ state: inout State, until end: ContinuousClock.Instant)
    throws(SandboxError)
  {
    if state.usersFD >= 0 { return }
    let fd = open(directory + "/" + FileName.users, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw SandboxError.startFailed("cannot open \(directory)/users: \(Self.lastError())")
    }
    while flock(fd, LOCK_SH | LOCK_NB) != 0 {
      guard ContinuousClock.now < end else {
        close(fd)
        throw SandboxError.busy(directory)
      }
      usleep(10_000)
    }
    state.usersFD = fd
  }

  /// Runs `body` holding the directory's control lock, so starts, restarts and stops of
  /// several tutor processes never overlap.
  private func withControlLock<Result>(
    until end: ContinuousClock.Instant, _ body: () throws(SandboxError) -> Result
  ) throws(SandboxError) -> Result {
    let fd = open(directory + "/" + FileName.control, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw SandboxError.startFailed("cannot open \(directory)/lock: \(Self.lastError())")
    }
    defer { close(fd) }
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard ContinuousClock.now < end else { throw SandboxError.busy(directory) }
      usleep(5_000)
    }
    return try body()
  }

  /// Starts a server under a keeper, on the remembered port when it is free.
  private func launch(_ state: inout State, until end: ContinuousClock.Instant)
    throws(SandboxError) -> Int
  {
    let mode = modeHoldingNewestData(state.persistence)
    state.persistence = mode
    try writePrivateFile(FileName.persistence, mode.stateText + "\n")
    try writePrivateFile(
      FileName.configuration,
      "# Written by redis-tutor at each start; the password keeps other users out.\n"
        + "requirepass \(state.password ?? "")\n")
    let preferred =
      state.port
      ?? Self.readText(directory + "/" + FileName.port).flatMap {
        Int($0.trimmingWhitespace())
      }
    var lastError = "redis-server did not start"
    for attempt in 0..<5 {
      var port = attempt == 0 ? preferred ?? 0 : 0
      if port == 0 {
        do throws(SpawnError) {
          port = try RedisServerProcess.freeLoopbackPort()
        } catch {
          throw SandboxError.startFailed(error.description)
        }
      }
      let arguments =
        [serverPath, directory + "/" + FileName.configuration]
        + ["--port", String(port), "--bind", "127.0.0.1", "--logfile", logPath]
        + serverArguments(mode)
      // The server says when it has loaded, so the wait takes no CPU from its start.
      let readiness = ReadinessSignal(label: String(port))
      let pid = Spawn.keep(
        arguments + (readiness == nil ? [] : ["--supervised", "systemd"]),
        environment: readiness.map { signal in
          Spawn.currentEnvironment().filter { !$0.hasPrefix("NOTIFY_SOCKET=") }
            + [signal.environmentEntry]
        },
        usersPath: directory + "/" + FileName.users, pollMilliseconds: 200,
        graceMilliseconds: Int32(shutdownGrace / .milliseconds(1)))
      guard pid > 0 else {
        throw SandboxError.startFailed("cannot start \(serverPath): \(Self.lastError())")
      }
      do throws(SpawnError) {
        try RedisServerProcess.waitForReply(
          port: port, expectedPID: pid, password: state.password,
          isAlive: { kill(pid, 0) == 0 }, logPath: logPath,
          deadline: max(end - .now, .milliseconds(100)), readiness: readiness)
      } catch {
        lastError = error.description
        kill(pid, SIGKILL)
        Self.waitUntilGone(pid, within: .seconds(5))
        continue
      }
      state.port = port
      try writePrivateFile(FileName.port, "\(port)\n")
      return port
    }
    throw SandboxError.startFailed(lastError)
  }

  /// The mode to start in: the remembered one, unless the append-only file was written after
  /// the last snapshot although the mode has none (the learner turned AOF on by hand, and
  /// the tutor could not record it before it stopped).
  private func modeHoldingNewestData(_ remembered: Persistence) -> Persistence {
    guard !remembered.usesAppendOnlyFile,
      let appendOnly = Self.newestModification(in: directory + "/appendonlydir")
    else { return remembered }
    let snapshot = Self.modificationTime(directory + "/dump.rdb") ?? 0
    return appendOnly > snapshot ? .aof(.everysec) : remembered
  }

  /// Asks the running server for its persistence settings and remembers them.
  private func recordRunningConfiguration(_ state: inout State) {
    guard let port = state.port,
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), password: state.password,
          connectTimeout: 1, readTimeout: 2)),
      case .array(let pairs)? = try? connection.send(
        "CONFIG", "GET", "appendonly", "appendfsync", "save")
    else { return }
    var settings: [String: String] = [:]
    for index in stride(from: 0, to: pairs.count - 1, by: 2) {
      if let name = pairs[index].string, let value = pairs[index + 1].string {
        settings[name] = value
      }
    }
    let mode: Persistence
    if settings["appendonly"] == "yes" {
      mode = .aof(Persistence.AppendFsync(rawValue: settings["appendfsync"] ?? "") ?? .everysec)
    } else {
      let save = (settings["save"] ?? "").split(separator: " ").compactMap { Int($0) }
      mode = save.count >= 2 ? .rdb(seconds: save[0], changes: save[1]) : .none
    }
    state.persistence = mode
    try? writePrivateFile(FileName.persistence, mode.stateText + "\n")
  }

  /// Turns AOF on in the running server so its first AOF is built from memory.
  ///
  /// A server started with `appendonly yes` and no AOF loads nothing, so restarting straight
  /// into AOF mode would start empty; `CONFIG SET appendonly yes` first is the safe way, in
  /// production and here.
  private func buildAppendOnlyFileFromMemory(_ state: State, deadline: Duration) {
    guard let port = state.port,
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), password: state.password,
          connectTimeout: 1, readTimeout: 10)),
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

  /// Shuts the server down (SHUTDOWN SAVE or NOSAVE) and waits for it to exit; a server still
  /// busy after the grace period (a runaway script) is killed.
  private func shutDownServer(_ state: State, save: Bool) {
    let serverPID = pid
    if let port = state.port,
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), password: state.password,
          connectTimeout: 1, readTimeout: shutdownGrace / .seconds(1)))
    {
      _ = try? connection.send("SHUTDOWN", save ? "SAVE" : "NOSAVE")
    }
    guard let serverPID else { return }
    if !Self.waitUntilGone(serverPID, within: shutdownGrace) {
      kill(serverPID, SIGKILL)
      Self.waitUntilGone(serverPID, within: .seconds(5))
    }
  }

  private func serverArguments(_ mode: Persistence) -> [String] {
    [
      "--dir", directory, "--daemonize", "no", "--pidfile", directory + "/redis.pid",
      "--dbfilename", "dump.rdb", "--protected-mode", "yes", "--maxmemory-policy", "noeviction",
    ] + mode.serverArguments
  }

  /// Whether the server on `port` is this sandbox's: it accepts the sandbox's password.
  private static func serverIsOurs(port: Int, password: String?) -> Bool {
    guard
      let connection = try? Connection(
        ConnectionOptions(
          endpoint: .tcp(host: "127.0.0.1", port: port), password: password,
          connectTimeout: 0.5, readTimeout: 2)),
      let reply = try? connection.send("PING")
    else { return false }
    if case .error(let message) = reply {
      return message.starts(with: Array("LOADING".utf8)) || message.starts(with: Array("BUSY".utf8))
    }
    return true
  }

  /// Reads the sandbox's password, or makes one from /dev/urandom at first start.
  private func loadOrCreatePassword() throws(SandboxError) -> String {
    let path = directory + "/" + FileName.password
    if let text = Self.readText(path) {
      let password = text.trimmingWhitespace()
      if password.count >= 32 {
        chmod(path, 0o600)
        return password
      }
    }
    guard let random = fopen("/dev/urandom", "r") else {
      throw SandboxError.startFailed("cannot read /dev/urandom: \(Self.lastError())")
    }
    var bytes = [UInt8](repeating: 0, count: 24)
    let count = fread(&bytes, 1, bytes.count, random)
    fclose(random)
    guard count == bytes.count else {
      throw SandboxError.startFailed("cannot read /dev/urandom")
    }
    let digits = Array("0123456789abcdef".utf8)
    let password = String(
      decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    try writePrivateFile(FileName.password, password + "\n")
    return password
  }

  /// Creates the directory (and its parents) 0700, and makes an existing one 0700 too.
  private func makeDirectory() throws(SandboxError) {
    var path = ""
    for component in directory.split(separator: "/", omittingEmptySubsequences: false) {
      path +=
        (path.isEmpty && component.isEmpty) ? "/" : (path.hasSuffix("/") ? "" : "/") + component
      if component.isEmpty { continue }
      if mkdir(path, 0o700) != 0 && errno != EEXIST {
        throw SandboxError.startFailed("cannot create \(path): \(Self.lastError())")
      }
    }
    chmod(directory, 0o700)
  }

  /// Writes `text` to a file of the sandbox readable by the learner alone, replacing it whole.
  private func writePrivateFile(_ name: String, _ text: String) throws(SandboxError) {
    let path = directory + "/" + name
    let temporary = path + ".new"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw SandboxError.startFailed("cannot write \(path): \(Self.lastError())")
    }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    fchmod(fd, 0o600)
    close(fd)
    guard written == bytes.count, rename(temporary, path) == 0 else {
      unlink(temporary)
      throw SandboxError.startFailed("cannot write \(path): \(Self.lastError())")
    }
  }

  private func removeDirectory(_ name: String) {
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

  /// Polls until no process has `pid`; true when it is gone within `deadline`.
  @discardableResult
  private static func waitUntilGone(_ pid: Int32, within deadline: Duration) -> Bool {
    let end = ContinuousClock.now + deadline
    while kill(pid, 0) == 0 || errno == EPERM {
      if ContinuousClock.now >= end { return false }
      usleep(2_000)
    }
    return true
  }

  private static func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
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

  private static func modificationTime(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec
  }

  /// The newest modification time of the files in a directory (one level).
  private static func newestModification(in path: String) -> Int? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var newest: Int?
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      if let time = modificationTime(path + "/" + name) { newest = max(newest ?? time, time) }
    }
    return newest
  }

  private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// Why the sandbox could not be used, each with what to do next.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
  case serverMissing
  case startFailed(String)
  case busy(String)

  public var description: String {
    switch self {
    case .serverMissing:
      return
        "redis-server not found: install it with `sudo apt-get install redis-server` (or `make deps`), or connect to your own server with -h/-p"
    case .startFailed(let reason): return "could not start the sandbox redis-server: \(reason)"
    case .busy(let directory):
      return
        "the sandbox in \(directory) is busy starting or stopping in another redis-tutor; try again in a few seconds"
    }
  }
}

extension Persistence {
  /// The form the sandbox keeps in its `persistence` file: `none`, `rdb 60 1`, `aof always`.
  var stateText: String {
    switch self {
    case .none: return "none"
    case .rdb(let seconds, let changes): return "rdb \(seconds) \(changes)"
    case .aof(let fsync): return "aof \(fsync.rawValue)"
    }
  }

  /// Reads the `persistence` file's form.
  init?(stateText: String) {
    let words = stateText.split(whereSeparator: { $0 == " " || $0 == "\n" })
    switch (words.first, words.count) {
    case ("none", 1): self = .none
    case ("rdb", 3):
      guard let seconds = Int(words[1]), let changes = Int(words[2]) else { return nil }
      self = .rdb(seconds: seconds, changes: changes)
    case ("aof", 2):
      guard let fsync = AppendFsync(rawValue: String(words[1])) else { return nil }
      self = .aof(fsync)
    default: return nil
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
