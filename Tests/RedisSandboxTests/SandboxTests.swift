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
    try Connection(ConnectionOptions(endpoint: try #require(sandbox.endpoint), readTimeout: 5))
  }

  @Test func startsOnALoopbackPortAndStopsOnRequest() throws {
    let sandbox = try Sandbox(directory: directory)
    let port = try sandbox.start()
    #expect(port > 0)
    #expect(sandbox.isOwner)
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
    let owner = try Sandbox(directory: directory)
    let port = try owner.start()
    let second = try Sandbox(directory: directory)
    #expect(try second.start() == port)
    #expect(!second.isOwner)
    second.stop()
    #expect(owner.isRunning)
    owner.stop()
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
