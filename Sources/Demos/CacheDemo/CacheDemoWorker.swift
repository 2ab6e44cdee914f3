import Foundation
import Patterns
import RedisClient
import RedisSandbox

/// A group of stampede clients in one process, started by a signal in Redis.
///
/// The two-process stampede runs one group in the demo's own process and one in a second
/// process (`redis-tutor demo cache-worker`), because single-flight only shares a load
/// within a process: that is the lesson.
public struct CacheDemoWorker: Sendable {
  /// What a group measured, sent back from the second process as JSON.
  public struct Result: Codable, Sendable {
    /// Each client's request time, in seconds.
    public var latencies: [Double] = []
    /// What went wrong, if anything.
    public var error: String?
  }

  let options: ConnectionOptions
  let storePath: String
  let clients: Int
  let protection: String
  let item: Int
  let readyKey: String
  let goKey: String
  let storeLatencyMilliseconds: Double

  /// Seconds the clients wait for each other and for the start signal before giving up.
  static let startDeadline = 30.0

  public init(
    options: ConnectionOptions, storePath: String, clients: Int, protection: String, item: Int,
    readyKey: String, goKey: String, storeLatencyMilliseconds: Double
  ) {
    self.options = options
    self.storePath = storePath
    self.clients = clients
    self.protection = protection
    self.item = item
    self.readyKey = readyKey
    self.goKey = goKey
    self.storeLatencyMilliseconds = storeLatencyMilliseconds
  }

  /// The protection a name stands for; each process gets its own single-flight group.
  static func protection(named name: String) -> StampedeProtection? {
    switch name {
    case "none": return StampedeProtection.none
    case "single-flight": return .singleFlight(SingleFlight())
    case "lock": return .redisLock(RedisLockOptions())
    default: return nil
    }
  }

  /// Connects every client, says it is ready, waits for the signal, then asks for the item.
  public func measure() -> Result {
    guard let protection = Self.protection(named: protection) else {
      return Result(error: "unknown protection '\(self.protection)'")
    }
    do {
      let store = try ItemStore(path: storePath, readLatency: storeLatencyMilliseconds / 1000)
      let counters = CacheCounters()
      let connected = ThreadBarrier(parties: clients)
      let released = ThreadBarrier(parties: clients)
      let latencies = try ClientThreads.run(count: clients) { index -> Double in
        let cache = try CacheAside(
          connection: Connection(options), store: store, counters: counters,
          configuration: .init(ttl: 30, jitterFraction: 0, protection: protection))
        guard connected.arriveAndWait(within: Self.startDeadline) else {
          throw CacheDemo.Stop.worker("not every client connected within \(Self.startDeadline) s")
        }
        if index == 0 {
          let signal = try Connection(options)
          if case .error(let message) = try signal.send("INCR", readyKey) {
            // NOAUTH, most likely: say so now rather than wait for a signal that cannot come.
            throw CacheDemo.Stop.worker(
              "Redis refused the ready signal: \(String(decoding: message, as: UTF8.self))")
          }
          let deadline = Date().addingTimeInterval(20)
          while try signal.send("EXISTS", goKey).integer != 1 {
            if Date() > deadline { throw CacheDemo.Stop.worker("no start signal within 20 s") }
            usleep(200)
          }
        }
        guard released.arriveAndWait(within: Self.startDeadline) else {
          throw CacheDemo.Stop.worker("no start signal within \(Self.startDeadline) s")
        }
        let started = DemoClock.system.now()
        _ = try cache.get(id: item)
        return DemoClock.system.now() - started
      }
      return Result(latencies: latencies)
    } catch {
      return Result(error: "\(error)")
    }
  }

  /// Runs the group and returns its result as one line of JSON (the worker process's output).
  public func run() -> String {
    let data = (try? JSONEncoder().encode(measure())) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// A worker started in another process.
  public final class Launched {
    let process: ChildProcess
    let outputPath: String
    let errorPath: String

    init(process: ChildProcess, outputPath: String, errorPath: String) {
      self.process = process
      self.outputPath = outputPath
      self.errorPath = errorPath
    }

    /// Waits for the worker and reads its result.
    public func result() throws -> Result {
      defer {
        try? FileManager.default.removeItem(atPath: outputPath)
        try? FileManager.default.removeItem(atPath: errorPath)
      }
      guard process.waitForExit(within: .seconds(60)) else {
        process.terminate(signal: SIGKILL, grace: .seconds(1))
        throw CacheDemo.Stop.worker("the worker process did not finish within 60 s")
      }
      let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
      guard let data = output.split(separator: "\n").last.map({ Data($0.utf8) }),
        let result = try? JSONDecoder().decode(Result.self, from: data)
      else {
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        throw CacheDemo.Stop.worker(
          "exit \(process.exitCode ?? -1): \(errors.split(separator: "\n").first ?? "no output")")
      }
      return result
    }
  }

  /// Starts `executable demo cache-worker …` with the same settings.
  ///
  /// The password, if the server wants one, goes in `REDISCLI_AUTH`, where `ps` cannot see it.
  public static func launch(
    executable: String, host: String, port: Int, password: String?, storePath: String,
    clients: Int, protection: String, item: Int, readyKey: String, goKey: String,
    storeLatencyMilliseconds: Double
  ) throws -> Launched {
    let base =
      NSTemporaryDirectory() + "redis-tutor-worker-\(getpid())-\(UUID().uuidString.prefix(8))"
    let process = try ChildProcess(
      executable: executable,
      arguments: [
        "demo", "cache-worker", "--host", host, "--port", String(port), "--store", storePath,
        "--clients", String(clients), "--protection", protection, "--item", String(item),
        "--ready", readyKey, "--go", goKey, "--latency-ms", String(storeLatencyMilliseconds),
      ],
      environment: workerEnvironment(password: password),
      streams: .init(output: base + ".out", error: base + ".err"))
    return Launched(process: process, outputPath: base + ".out", errorPath: base + ".err")
  }
}

/// This process's environment for a demo worker process, with the server's password in
/// `REDISCLI_AUTH` (the variable the worker commands read) when there is one.
func workerEnvironment(password: String?) -> [String: String] {
  var environment = ProcessInfo.processInfo.environment
  if let password { environment["REDISCLI_AUTH"] = password }
  return environment
}
