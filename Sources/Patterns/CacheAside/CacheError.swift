import RedisClient

/// Why a cache operation could not be completed (transport failures are `RedisError`s).
public enum CacheError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Redis answered with an error where the cache needed data, e.g. WRONGTYPE when a cache
  /// key was overwritten by hand with a list.
  case redisError(command: String, message: String)
  /// Redis answered with a reply of a kind the cache does not expect.
  case unexpectedReply(command: String, reply: Reply)
  /// A configuration value is impossible; the message says which and why.
  case invalidConfiguration(String)
  /// The store has no item with this id.
  case itemNotFound(id: Int)
  /// A step waited longer than its deadline.
  case timedOut(String)

  public var description: String {
    switch self {
    case .redisError(let command, let message): return "\(command) failed: \(message)"
    case .unexpectedReply(let command, let reply):
      return "\(command) returned an unexpected reply: \(reply)"
    case .invalidConfiguration(let message): return message
    case .itemNotFound(let id): return "No item \(id) in the store; seed it first"
    case .timedOut(let step): return "Timed out: \(step)"
    }
  }
}

extension Connection {
  /// Sends a command, turning an error reply into a thrown `CacheError`.
  ///
  /// The cache cannot carry on after an error reply (its keys hold something else), so
  /// unlike the shell it treats one as a failure.
  @discardableResult
  func checkedSend(_ argv: [[UInt8]]) throws -> Reply {
    let reply = try send(argv)
    if case .error(let message) = reply {
      throw CacheError.redisError(
        command: Connection.name(argv), message: String(decoding: message, as: UTF8.self))
    }
    return reply
  }

  /// Sends a command given as strings, turning an error reply into a thrown `CacheError`.
  @discardableResult
  func checkedSend(_ arguments: [String]) throws -> Reply {
    try checkedSend(arguments.map { Array($0.utf8) })
  }

  /// Sends commands in one pipeline, turning any error reply into a thrown `CacheError`.
  @discardableResult
  func checkedPipeline(_ commands: [[[UInt8]]]) throws -> [Reply] {
    let replies = try pipeline(commands)
    for (argv, reply) in zip(commands, replies) {
      if case .error(let message) = reply {
        throw CacheError.redisError(
          command: Connection.name(argv), message: String(decoding: message, as: UTF8.self))
      }
    }
    return replies
  }
}

/// Converts seconds to the whole milliseconds `PX` takes, at least 1.
func milliseconds(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }

/// A command argument's bytes, for commands that mix text with binary values.
func argument(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A number as a command argument.
func argument(_ number: Int) -> [UInt8] { Array(String(number).utf8) }
