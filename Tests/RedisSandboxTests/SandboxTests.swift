import Foundation
import RedisClient
import RedisSandbox
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Sandbox: the private redis-server")
struct SandboxTests {
  let directory: String
  init() throws {
    directory = try TemporaryDirectory.make(prefix: "sandbox").path + "/data/sandbox"
  }

  private func connect(_ sandbox: Sandbox) throws -> Connection {
    try Connection(try #require(sandbox.connectionOptions(readTimeout: 5)))
  }

  @Test func startsOnALoopbackPortAndStopsOnRequest() throws {
    let sandbox = try Sandbox(directory: directory)
    let port = try sandbox.start()
    #expect(port > 0)
    #expect(!sandbox.isShared)
    let connection = try connect(sandbox)
    #expect(try connection.send("PING") == .status("PONG"))
    #expect(
      try connection.send("CONFIG", "GET", "bind") == .array([.bulk("bind"), .bulk("127.0.0.1")]))
    let pid = try #require(sandbox.pid)
    sandbox.stop()
    #expect(eventually { kill(pid, 0) != 0 })
  }

  @Test func keysSurviveARestart() throws {
    let sandbox = try Sandbox(directory: directory)
    try sandbox.start()
    #expect(try connect(sandbox).send("SET", "yesterday", "still here") == .status("OK"))
    sandbox.stop()
    let tomorrow = try Sandbox(directory: directory)
    try tomorrow.start()
    #expect(try connect(tomorrow).send("GET", "yesterday") == .bulk("still here"))
  }

  @Test func aCrashLosesWhatNoPersistenceKept() throws {
    let sandbox = try Sandbox(directory: directory, persistence: .none)
    try sandbox.start()
    #expect(try connect(sandbox).send("SET", "k", "v") == .status("OK"))
    sandbox.crash()
    try sandbox.start()
    #expect(try connect(sandbox).send("GET", "k") == .null)
  }

  @Test func aofAlwaysKeepsEveryWriteThroughACrash() throws {
    let sandbox = try Sandbox(directory: directory, persistence: .aof(.always))
    try sandbox.start()
    let connection = try connect(sandbox)
    for index in 0..<50 {
      #expect(try connection.send("SET", "k\(index)", "\(index)") == .status("OK"))
    }
    sandbox.crash()
    try sandbox.start()
    let size = try connect(sandbox).send("DBSIZE")
    #expect(
      size == .integer(50),
      "\(size) log: \((try? String(contentsOfFile: sandbox.logPath, encoding: .utf8)) ?? "")")
  }

  @Test func switchingIntoAOFModeKeepsTheKeys() throws {
    let sandbox = try Sandbox(directory: directory)
    try sandbox.start()
    #expect(try connect(sandbox).send("SET", "before", "the switch") == .status("OK"))
    try sandbox.restart(persistence: .aof(.always))
    let connection = try connect(sandbox)
    #expect(try connection.send("GET", "before") == .bulk("the switch"))
    #expect(
      try connection.send("CONFIG", "GET", "appendfsync")
        == .array([.bulk("appendfsync"), .bulk("always")]))
    sandbox.crash()
    try sandbox.start()
    #expect(try connect(sandbox).send("GET", "before") == .bulk("the switch"))
  }

  @Test func aSecondTutorAttachesInsteadOfStartingAnother() throws {
    let first = try Sandbox(directory: directory)
    let port = try first.start()
    let second = try Sandbox(directory: directory)
    #expect(try second.start() == port)
    #expect(second.isShared)
    second.stop()
    #expect(first.isRunning)
    first.stop()
  }

  @Test func theServerLivesWhileAnyTutorUsesIt() throws {
    let shell = try Sandbox(directory: directory)
    let port = try shell.start()
    let serve = try Sandbox(directory: directory)
    #expect(try serve.start() == port)
    let pid = try #require(shell.pid)
    // The shell that started the server quits; `serve` still has its Redis.
    shell.stop()
    #expect(serve.isRunning)
    #expect(try connect(serve).send("SET", "still", "served") == .status("OK"))
    // A new shell attaches to the same server instead of starting a second one.
    let nextShell = try Sandbox(directory: directory)
    #expect(try nextShell.start() == port)
    #expect(nextShell.pid == pid)
    nextShell.stop()
    serve.stop()
    #expect(eventually { kill(pid, 0) != 0 })
  }

  /// The running server is recognised as the sandbox's although redis-server rewrites its
  /// command line, and a killed one is not.
  @Test func theServerProcessIsRecognisedUntilItIsKilled() throws {
    let sandbox = try Sandbox(directory: directory)
    try sandbox.start()
    let pid = try #require(sandbox.pid)
    #expect(sandbox.serverProcessExists)
    kill(pid, SIGKILL)
    #expect(eventually { !sandbox.serverProcessExists })
    sandbox.stop()
  }

  @Test func whoeverFindsTheServerDeadStartsItOnTheSameAddress() throws {
    let shell = try Sandbox(directory: directory)
    let port = try shell.start()
    let serve = try Sandbox(directory: directory)
    try serve.start()
    #expect(try connect(serve).send("SET", "kept", "by the snapshot") == .status("OK"))
    #expect(try connect(serve).send("SAVE") == .status("OK"))
    kill(try #require(serve.pid), SIGKILL)
    #expect(eventually { !serve.isRunning })
    #expect(try serve.start() == port)
    #expect(try connect(shell).send("GET", "kept") == .bulk("by the snapshot"))
    shell.stop()
    serve.stop()
  }

  @Test func aServerBusyInAScriptIsKilledAfterTheGracePeriod() throws {
    let sandbox = try Sandbox(directory: directory, shutdownGrace: .seconds(1))
    try sandbox.start()
    let pid = try #require(sandbox.pid)
    _ = try connect(sandbox).send("CONFIG", "SET", "busy-reply-threshold", "100")
    let password = try #require(sandbox.connectionOptions()?.password)
    let runaway = try ChildProcess(
      executable: try #require(RedisServerFixture.findExecutable("redis-cli")),
      arguments: [
        "-p", "\(try #require(sandbox.port))", "--no-auth-warning", "-a", password, "EVAL",
        "while true do end", "0",
      ])
    defer { runaway.terminate(signal: SIGKILL) }
    #expect(eventually { (try? connect(sandbox).send("PING"))?.isError == true })
    sandbox.stop()
    #expect(eventually(within: .seconds(20)) { kill(pid, 0) != 0 })
  }

  @Test func anotherUserCannotReadOrWriteAKey() throws {
    try #require(getuid() == 0, "needs root to act as a second user")
    let sandbox = try Sandbox(directory: directory)
    let port = try sandbox.start()
    _ = try connect(sandbox).send("SET", "secret", "mine")
    let setpriv = try #require(RedisServerFixture.findExecutable("setpriv"))
    let redisCLI = try #require(RedisServerFixture.findExecutable("redis-cli"))
    let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
    let read = try ToolRun.run(setpriv, asNobody + [redisCLI, "-p", "\(port)", "GET", "secret"])
    #expect(String(decoding: read.stdout, as: UTF8.self).contains("NOAUTH"))
    let write = try ToolRun.run(
      setpriv, asNobody + [redisCLI, "-p", "\(port)", "CONFIG", "SET", "requirepass", "x"])
    #expect(String(decoding: write.stdout, as: UTF8.self).contains("NOAUTH"))
    let password = try ToolRun.run(setpriv, asNobody + ["/bin/cat", directory + "/password"])
    #expect(password.status != 0)
    #expect(try connect(sandbox).send("GET", "secret") == .bulk("mine"))
    // Every file of the sandbox is the learner's alone.
    try sandbox.restart(persistence: .aof(.always))
    for path in try Self.tree(directory) {
      var info = stat()
      #expect(stat(path, &info) == 0)
      let mode = info.st_mode & 0o777
      let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
      #expect(mode == (isDirectory ? 0o700 : 0o600), "\(path) is \(String(mode, radix: 8))")
    }
    sandbox.stop()
  }

  @Test func theModeItRanWithSurvivesTheProcessThatSetIt() throws {
    let first = try Sandbox(directory: directory)
    try first.start()
    try first.restart(persistence: .aof(.always))
    #expect(try connect(first).send("SET", "durable", "x") == .status("OK"))
    // The server dies with nothing saved on the way out; a new process finds the AOF.
    kill(try #require(first.pid), SIGKILL)
    let next = try Sandbox(directory: directory)
    #expect(next.persistence == .aof(.always))
    try next.start()
    #expect(try connect(next).send("GET", "durable") == .bulk("x"))
    first.stop()
    next.stop()
  }

  @Test func aCrashAfterTheLearnersOwnConfigSetRestartsWithWhatTheServerHad() throws {
    let sandbox = try Sandbox(directory: directory)
    try sandbox.start()
    let connection = try connect(sandbox)
    #expect(try connection.send("CONFIG", "SET", "appendonly", "yes") == .status("OK"))
    #expect(try connection.send("CONFIG", "SET", "appendfsync", "always") == .status("OK"))
    #expect(
      eventually {
        let info = (try? connection.send("INFO", "persistence"))?.string ?? ""
        return info.contains("aof_rewrite_in_progress:0") && info.contains("aof_enabled:1")
      })
    #expect(try connection.send("SET", "after", "the switch") == .status("OK"))
    sandbox.crash()
    #expect(sandbox.persistence == .aof(.always))
    try sandbox.start()
    #expect(try connect(sandbox).send("GET", "after") == .bulk("the switch"))
    sandbox.stop()
  }

  /// Every file and directory under `root`, `root` included.
  private static func tree(_ root: String) throws -> [String] {
    var paths = [root]
    for name in try FileManager.default.subpathsOfDirectory(atPath: root) {
      paths.append(root + "/" + name)
    }
    return paths
  }

  @Test func wipeEmptiesTheServer() throws {
    let sandbox = try Sandbox(directory: directory)
    try sandbox.start()
    let connection = try connect(sandbox)
    _ = try connection.send("SET", "a", "1")
    try sandbox.wipe()
    #expect(try connection.send("DBSIZE") == .integer(0))
    sandbox.stop()
    try sandbox.start()
    #expect(try connect(sandbox).send("DBSIZE") == .integer(0))
  }

  @Test func theServerSaysWhenItIsReadyInsteadOfBeingPolled() throws {
    let sandbox = try Sandbox(directory: directory)
    try sandbox.start()
    // Started under the notify protocol, so the wait for it took no polling of the port.
    #expect(
      try connect(sandbox).send("CONFIG", "GET", "supervised")
        == .array([.bulk("supervised"), .bulk("systemd")]))
    #expect(try connect(sandbox).send("PING") == .status("PONG"))
  }

  @Test func aServerThatNeverSaysItIsReadyIsStillFound() throws {
    // A redis-server built without systemd support never sends READY=1: this one is given
    // neither the socket nor the option, so only the slower asking of the port can find it.
    let folder = try TemporaryDirectory.make(prefix: "silent-server").path
    let wrapper = folder + "/redis-server"
    let script = """
      #!/bin/sh
      unset NOTIFY_SOCKET
      for argument; do
        shift
        if [ "$argument" = "--supervised" ]; then skip=1; continue; fi
        if [ -n "$skip" ]; then skip=; continue; fi
        set -- "$@" "$argument"
      done
      exec \(try #require(Sandbox.locateRedisServer())) "$@"

      """
    try script.write(toFile: wrapper, atomically: true, encoding: .utf8)
    chmod(wrapper, 0o700)
    let sandbox = try Sandbox(directory: directory, serverPath: wrapper)
    try sandbox.start()
    let connection = try connect(sandbox)
    #expect(try connection.send("PING") == .status("PONG"))
    #expect(
      try connection.send("CONFIG", "GET", "supervised")
        == .array([.bulk("supervised"), .bulk("no")]))
  }

  @Test func missingRedisServerSaysHowToInstallIt() throws {
    let empty = try TemporaryDirectory.make(prefix: "empty-path").path
    #expect(Sandbox.locateRedisServer(searchPath: empty) == nil)
    #expect(Sandbox.locateRedisServer(searchPath: "/usr/bin") == "/usr/bin/redis-server")
    #expect(SandboxError.serverMissing.description.contains("apt-get install redis-server"))
  }

  @Test func aBadServerBinaryIsReportedInOneLine() throws {
    let sandbox = try Sandbox(directory: directory, serverPath: "/bin/false")
    #expect(throws: SandboxError.self) { try sandbox.start(deadline: .seconds(2)) }
  }
}
