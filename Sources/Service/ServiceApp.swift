import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Patterns
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The Day 6 service: cache-aside items, rate limits and an email queue behind HTTP.
///
/// `init` opens (and seeds) the store and the log; `run` serves until `stop()` or a shutdown
/// signal, then shuts down in order: the HTTP server stops accepting and finishes the
/// requests in flight, the workers finish their jobs (or hand them back at the deadline),
/// and the Redis threads close their connections.
public final class ServiceApp: Sendable {
  /// What a shutdown did.
  public struct StopReport: Sendable, Equatable {
    /// Whether the workers finished their running jobs within the deadline.
    public var workersFinishedInTime: Bool
    /// Jobs handed back to pending because they were still running at the deadline.
    public var jobsHandedBack: Int
  }

  public let configuration: ServiceConfiguration
  /// The SQLite item store behind the cache; nil when the items are over HTTP.
  public let store: ItemStore?
  /// The metrics `/metrics` renders.
  public let metrics: ServiceMetrics
  /// The JSON-lines log.
  public let log: ServiceLog
  let core: ServiceCore
  private let group = Mutex<ServiceGroup?>(nil)
  private let stopRequested = Mutex(false)

  /// Opens the SQLite store (seeding items 1…N when missing) unless the items are over
  /// HTTP, and the log.
  ///
  /// Throws `ServiceStartError` with a one-line reason for bad settings or unusable files.
  public init(configuration: ServiceConfiguration) throws {
    if let problem = configuration.problem() { throw ServiceStartError(problem) }
    for rule in configuration.rules.allRules {
      if let problem = rule.rule.problem() {
        throw ServiceStartError("the \(rule.name) rule: \(problem)")
      }
    }
    self.configuration = configuration
    store = configuration.itemStore == .sqlite ? try Self.openStore(configuration) : nil
    log = try ServiceLog(path: configuration.logPath, echo: configuration.logToStandardOutput)
    metrics = ServiceMetrics()
    do {
      core = try ServiceCore(
        configuration: configuration, sqlite: store, metrics: metrics, log: log)
    } catch {
      throw ServiceStartError("\(error)")
    }
  }

  /// Opens the SQLite store under the configuration's directory, seeding it when new.
  private static func openStore(_ configuration: ServiceConfiguration) throws -> ItemStore {
    do {
      try FileManager.default.createDirectory(
        atPath: configuration.directory, withIntermediateDirectories: true)
      let store = try ItemStore(
        path: configuration.storePath, readLatency: configuration.readLatency,
        clock: configuration.clock)
      try store.seed(count: configuration.items)
      return store
    } catch {
      throw ServiceStartError(
        "cannot open the item store \(configuration.storePath): \(ServiceResponder.oneLine(error))")
    }
  }

  /// Serves until `stop()` or one of `shutdownSignals`, then shuts down gracefully.
  ///
  /// `onListening` gets the port once the server accepts connections (the chosen one when
  /// the configured port is 0). Throws when the address cannot be bound.
  public func run(
    shutdownSignals: [UnixSignal] = [], onListening: @escaping @Sendable (Int) -> Void = { _ in }
  ) async throws -> StopReport {
    let configuration = self.configuration
    let core = self.core
    var workers: WorkerPool?
    if configuration.workers > 0 {
      let pool = try NotificationWorkers.makePool(
        redis: configuration.redis, queue: configuration.queue, count: configuration.workers,
        outboxPath: configuration.outboxPath, provider: configuration.emailProvider,
        faults: configuration.emailFaults, log: log, metrics: metrics,
        jobTimings: configuration.jobTimingsToStandardOutput, clock: configuration.clock)
      pool.start()
      workers = pool
    }
    let quiet = Logger(label: "redis-tutor-serve") { _ in SwiftLogNoOpLogHandler() }
    let headerReadTimeout = Self.timeAmount(configuration.headerReadTimeout)
    let application = Application(
      responder: ServiceResponder(core: core),
      server: .http1(
        configuration: HTTP1Channel.Configuration(
          additionalChannelHandlers: [
            HeaderReadTimeoutHandler(timeout: headerReadTimeout),
            MalformedHTTPResponder(core: core),
          ],
          idleTimeout: Self.timeAmount(configuration.idleTimeout))),
      configuration: ApplicationConfiguration(
        address: .hostname(configuration.host, port: configuration.port)),
      onServerRunning: { channel in
        onListening(channel.localAddress?.port ?? configuration.port)
      },
      logger: quiet)
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [application], gracefulShutdownSignals: shutdownSignals, logger: quiet))
    self.group.withLock { $0 = group }
    if stopRequested.withLock({ $0 }) { await group.triggerGracefulShutdown() }
    var failure: (any Error)?
    do {
      try await group.run()
    } catch {
      failure = error
    }
    let deadline = configuration.shutdownDeadline
    let report = await onDedicatedThread(named: "svc-shutdown") { [workers] in
      let stopped = workers?.shutdown(deadline: deadline)
      core.pool.shutdown()
      return StopReport(
        workersFinishedInTime: stopped?.finishedInTime ?? true,
        jobsHandedBack: stopped?.returnedToPending.count ?? 0)
    }
    if let failure { throw failure }
    return report
  }

  /// `seconds` as NIO's time amount.
  private static func timeAmount(_ seconds: Double) -> TimeAmount {
    .nanoseconds(Int64((seconds * 1_000_000_000).rounded()))
  }

  /// Starts a graceful shutdown of a running (or about to run) service.
  public func stop() async {
    stopRequested.withLock { $0 = true }
    if let group = group.withLock({ $0 }) { await group.triggerGracefulShutdown() }
  }
}
