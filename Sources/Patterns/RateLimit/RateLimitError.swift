import RedisClient

/// Why a limiter could not decide (transport failures are `RedisError`s).
public enum RateLimitError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The rule cannot be enforced; the message says which value and why.
  case invalidRule(String)
  /// The cost is below 1 or above what one decision can ever allow.
  case invalidCost(cost: Int, capacity: Int)
  /// Redis answered with an error, e.g. WRONGTYPE when a limiter key was overwritten.
  case redisError(command: String, message: String)
  /// Redis answered with a reply of a kind the limiter does not expect.
  case unexpectedReply(command: String, reply: Reply)

  public var description: String {
    switch self {
    case .invalidRule(let message): return message
    case .invalidCost(let cost, let capacity):
      return "A request's cost must be between 1 and \(capacity) (got \(cost))"
    case .redisError(let command, let message): return "\(command) failed: \(message)"
    case .unexpectedReply(let command, let reply):
      return "\(command) returned an unexpected reply: \(reply)"
    }
  }
}

extension Connection {
  /// Sends a command given as strings, turning an error reply into a thrown `RateLimitError`.
  @discardableResult
  func limiterSend(_ arguments: [String]) throws -> Reply {
    let reply = try send(arguments.map { Array($0.utf8) })
    if case .error(let message) = reply {
      throw RateLimitError.redisError(
        command: arguments.first?.uppercased() ?? "",
        message: String(decoding: message, as: UTF8.self))
    }
    return reply
  }
}
