import Foundation
import RedisClient
import RedisSandbox
import Testing
import TutorTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The sandbox as a learner on a shared machine relies on it: private files, writes that
/// survive a crash of the tutor, a server that outlives the shell that started it.
@Suite("End to end: the sandbox is safe", .serialized)
struct SandboxSafetyTests {
  let home: URL
  init() throws { home = try TemporaryDirectory.make(prefix: "tutor-safe") }

  private var sandboxDirectory: String {
    home.appendingPathComponent("data/redis-tutor/sandbox").path
  }

  private func sandboxPID() -> Int32? {
    let file = sandboxDirectory + "/redis.pid"
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  private func shell(_ arguments: [String] = []) throws -> TmuxSession {
    let session = try TmuxSession(
      [TutorBinary.path, "--no-lesson"] + arguments,
      environment: TutorBinary.environment(home: home, extra: ["NO_COLOR": "1"]))
    try session.waitFor("sandbox 127.0.0.1:")
    return session
  }

  private func quit(_ session: TmuxSession) throws {
    try session.enter(":quit")
    #expect(eventually { (try? session.programExited()) == true })
  }

  /// A connection to the running sandbox, as the learner's own program would make one.
  private func sandboxConnection() throws -> Connection {
    let port = try String(contentsOfFile: sandboxDirectory + "/port", encoding: .utf8)
    let password = try String(contentsOfFile: sandboxDirectory + "/password", encoding: .utf8)
    return try Connection(
      ConnectionOptions(
        url:
          "redis://default:\(password.trimmingCharacters(in: .whitespacesAndNewlines))@127.0.0.1:"
          + port.trimmingCharacters(in: .whitespacesAndNewlines)))
  }

  private func piped(_ input: String) throws -> TutorBinary.Result {
    try TutorBinary.run(["--no-lesson"], stdin: Array(input.utf8), home: home)
  }

  /// For every mode the learner may have been in: once `appendfsync always` is on (from
  /// `:sandbox restart` or the learner's own CONFIG SET), every acknowledged write is there
  /// after a kill -9 of the tutor and of the server.
  @Test(arguments: Persistence.labNames)
  func anAcknowledgedWriteSurvivesKill9OfTheTutorAndTheServer(startingMode: String) throws {
    let session = try shell()
    try session.enter(":sandbox restart \(startingMode)", expect: "Sandbox restarted")
    try session.enter("FLUSHALL", expect: "OK")
    try session.enter("CONFIG SET appendonly yes", expect: "OK")
    try session.enter("CONFIG SET appendfsync always", expect: "OK")
    // The first AOF is built in the background; the writes go after it.
    let watcher = try sandboxConnection()
    #expect(
      eventually {
        let info = (try? watcher.send("INFO", "persistence"))?.string ?? ""
        return info.contains("aof_enabled:1") && info.contains("aof_rewrite_in_progress:0")
          && info.contains("aof_rewrite_scheduled:0")
      })
    watcher.close()
    for index in 1...3 { try session.enter("SET durable:\(index) v\(index)", expect: "OK") }
    let serverPID = try #require(sandboxPID())
    kill(try session.programPID(), SIGKILL)
    kill(serverPID, SIGKILL)
    #expect(eventually { kill(serverPID, 0) != 0 })
    session.close()
    let after = try piped("MGET durable:1 durable:2 durable:3\n")
    #expect(after.output == "v1\nv2\nv3\n", "\(after.output) \(after.stderr)")
  }

  @Test func aSandboxRestartedIntoAOFKeepsItsModeAfterTheTutorIsKilled() throws {
    let session = try shell()
    try session.enter(":sandbox restart aof-always", expect: "Sandbox restarted")
    try session.enter("SET durable x", expect: "OK")
    let serverPID = try #require(sandboxPID())
    kill(try session.programPID(), SIGKILL)
    session.close()
    // The keeper stops the server once no tutor uses it; the next start reads the files.
    #expect(eventually(within: .seconds(20)) { kill(serverPID, 0) != 0 })
    let after = try piped("GET durable\n:sandbox\n")
    #expect(after.output.hasPrefix("x\n"), "\(after.output)")
    #expect(after.output.contains("persistence  AOF (appendfsync always)"), "\(after.output)")
  }

  @Test func theServerOutlivesTheShellThatStartedItAndStopsWithTheLastUser() throws {
    let first = try shell()
    try first.enter("SET shared 1", expect: "OK")
    let port = try String(contentsOfFile: sandboxDirectory + "/port", encoding: .utf8)
    let serverPID = try #require(sandboxPID())
    let second = try shell()
    try second.enter(":sandbox", expect: "shared with another redis-tutor")
    try quit(first)
    try second.enter("INCR shared", expect: "(integer) 2")
    #expect(try String(contentsOfFile: sandboxDirectory + "/port", encoding: .utf8) == port)
    #expect(sandboxPID() == serverPID)
    // The last user crashes: nothing is left running.
    kill(try second.programPID(), SIGKILL)
    #expect(eventually(within: .seconds(20)) { kill(serverPID, 0) != 0 })
  }

  @Test func aRunawayScriptDoesNotOutliveTheTutor() throws {
    let session = try shell()
    try session.enter("CONFIG SET busy-reply-threshold 100", expect: "OK")
    let serverPID = try #require(sandboxPID())
    try session.enter("EVAL \"while true do end\" 0")
    let watcher = try sandboxConnection()
    #expect(
      eventually {
        if case .error(let message)? = try? watcher.send("PING") {
          return message.starts(with: Array("BUSY".utf8))
        }
        return false
      })
    kill(try session.programPID(), SIGKILL)
    // The keeper asks the server to stop; a server stuck in a script is killed after the grace.
    #expect(eventually(within: .seconds(30)) { kill(serverPID, 0) != 0 })
  }

  @Test func everyFileTheTutorWritesIsTheLearnersAlone() throws {
    let session = try shell()
    try session.enter("SET mine 1", expect: "OK")
    try session.enter(":sandbox restart aof-always", expect: "Sandbox restarted")
    try session.enter("SET mine 2", expect: "OK")
    try quit(session)
    let progress = try TutorBinary.run(["progress"], home: home)
    #expect(progress.status == 0, "\(progress.stderr)")
    var checked = 0
    for root in ["data/redis-tutor", "config/redis-tutor"] {
      let top = home.appendingPathComponent(root).path
      guard FileManager.default.fileExists(atPath: top) else { continue }
      for path in [top]
        + (try FileManager.default.subpathsOfDirectory(atPath: top)).map({
          top + "/" + $0
        })
      {
        var info = stat()
        #expect(lstat(path, &info) == 0)
        let mode = info.st_mode & 0o777
        let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        #expect(mode == (isDirectory ? 0o700 : 0o600), "\(path) is \(String(mode, radix: 8))")
        checked += 1
      }
    }
    #expect(checked >= 8)
    for name in ["progress.sqlite", "history", "sandbox/dump.rdb", "sandbox/redis.log"] {
      let path = home.appendingPathComponent("data/redis-tutor/" + name).path
      #expect(FileManager.default.fileExists(atPath: path), "\(name) was not written")
    }
    if getuid() == 0, let setpriv = RedisServerFixture.findExecutable("setpriv") {
      let path = home.appendingPathComponent("data/redis-tutor/progress.sqlite").path
      chmod(home.path, 0o755)
      let read = try ToolRun.run(
        setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/cat", path])
      #expect(read.status != 0)
    }
  }
}

extension TmuxSession {
  /// Submits `line` and waits until the screen shows `expect`.
  fileprivate func enter(_ line: String, expect: String) throws {
    try enter(line)
    try waitFor(expect)
  }
}
