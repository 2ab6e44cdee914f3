import RedisClient

/// A Lua script called by its SHA1 digest: loaded once, reloaded if Redis forgot it.
///
/// EVALSHA sends 40 bytes instead of the whole script on every decision. Redis keeps loaded
/// scripts only in memory, so after a restart, a failover or SCRIPT FLUSH it answers
/// NOSCRIPT; the script is then loaded again and the call retried once.
final class LimiterScript {
  /// The script's source.
  let source: String
  /// How many times the script was sent with SCRIPT LOAD (1 unless Redis forgot it).
  private(set) var loads = 0
  private var sha: String?

  init(source: String) { self.source = source }

  /// Calls the script with EVALSHA; error replies are thrown as `RateLimitError`.
  func run(on connection: Connection, keys: [String], arguments: [String]) throws -> Reply {
    let digest = try sha ?? load(on: connection)
    var reply = try connection.send(Self.evalsha(digest, keys: keys, arguments: arguments))
    if case .error(let message) = reply, message.starts(with: Array("NOSCRIPT".utf8)) {
      let reloaded = try load(on: connection)
      reply = try connection.send(Self.evalsha(reloaded, keys: keys, arguments: arguments))
    }
    if case .error(let message) = reply {
      throw RateLimitError.redisError(
        command: "EVALSHA", message: String(decoding: message, as: UTF8.self))
    }
    return reply
  }

  /// Calls the script and sends `companion` in the same round trip; returns both replies.
  ///
  /// A NOSCRIPT is handled by reloading and calling again alone.
  func run(
    on connection: Connection, keys: [String], arguments: [String], with companion: [[UInt8]]
  ) throws -> (Reply, Reply) {
    let digest = try sha ?? load(on: connection)
    let replies = try connection.pipeline([
      Self.evalsha(digest, keys: keys, arguments: arguments), companion,
    ])
    var reply = replies[0]
    if case .error(let message) = reply, message.starts(with: Array("NOSCRIPT".utf8)) {
      let reloaded = try load(on: connection)
      reply = try connection.send(Self.evalsha(reloaded, keys: keys, arguments: arguments))
    }
    if case .error(let message) = reply {
      throw RateLimitError.redisError(
        command: "EVALSHA", message: String(decoding: message, as: UTF8.self))
    }
    return (reply, replies[1])
  }

  private func load(on connection: Connection) throws -> String {
    let reply = try connection.limiterSend(["SCRIPT", "LOAD", source])
    guard case .bulk = reply, let digest = reply.string else {
      throw RateLimitError.unexpectedReply(command: "SCRIPT LOAD", reply: reply)
    }
    loads += 1
    sha = digest
    return digest
  }

  private static func evalsha(_ digest: String, keys: [String], arguments: [String]) -> [[UInt8]] {
    (["EVALSHA", digest, String(keys.count)] + keys + arguments).map { Array($0.utf8) }
  }
}
