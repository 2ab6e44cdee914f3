import RedisClient

/// The naive consumer: `BRPOP` a job id off the pending list and run it, no lease.
///
/// It reads the same keys as `ReliableQueue`, for the crash comparison. Once BRPOP returns,
/// the job exists only in this process's memory; if the process dies before `finish`, the
/// job is in no list, never done, and `QueueStats.unaccounted` counts it lost. Not
/// thread-safe: one per thread.
public final class UnreliableConsumer {
  public let configuration: QueueConfiguration
  public let connection: Connection

  /// A consumer over `connection`, which it then owns.
  public init(connection: Connection, configuration: QueueConfiguration) throws {
    try configuration.validate()
    self.connection = connection
    self.configuration = configuration
  }

  /// Waits up to `timeout` seconds (0 waits forever) for a job and removes it from Redis.
  public func take(timeout: Double, cancel: CancellationPipe? = nil) throws
    -> (id: JobID, payload: [UInt8])?
  {
    let keys = configuration.keys
    let reply = try connection.send(
      [argument("BRPOP"), argument(keys.pending), argument(String(format: "%.3f", timeout))],
      cancel: cancel)
    if reply == .null { return nil }
    guard let pair = reply.array, pair.count == 2, let id = pair[1].string.map({ JobID($0) }) else {
      throw JobQueueError.unexpectedReply(command: "BRPOP", reply: reply)
    }
    let payload = try connection.queueSend(["HGET", keys.job(id), "payload"])
    guard case .bulk(let bytes) = payload else { return (id, []) }
    return (id, bytes)
  }

  /// Marks a job done once its handler has finished.
  public func finish(_ id: JobID) throws {
    let keys = configuration.keys
    try connection.queuePipeline([
      [argument("MULTI")],
      [argument("HSET"), argument(keys.job(id)), argument("state"), argument("done")],
      [argument("INCR"), argument(keys.done)],
      [argument("EXEC")],
    ])
  }
}
