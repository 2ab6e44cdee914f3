import Patterns
import RedisClient

/// Redis cannot serve a request right now, and will again later: it is unreachable, did not
/// answer in time, or answered with an error that means "not now".
///
/// The one place that decides which failures are outages: an outage is the service's
/// dependency being away, so the client gets a 503 with `Retry-After`, never a 500.
struct RedisOutage: Sendable, CustomStringConvertible {
  /// What Redis or the transport said, on one line, for the answer and the log line.
  let description: String

  /// Seconds a client is asked to wait before retrying.
  static let retryAfterSeconds = 2

  /// The first words of error replies that mean the server is temporarily unable to serve:
  /// still loading its data set, running a long script or function, without a reachable
  /// master or cluster slot, out of memory or unable to persist, or a replica mid-failover.
  static let transientReplyCodes: Set<Substring> = [
    "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "MISCONF", "NOREPLICAS",
    "READONLY", "OOM",
  ]

  /// `error` as an outage, or nil when it is something else (a bug, or keys Redis holds
  /// with the wrong type), which stays a 500.
  init?(_ error: any Error) {
    if let transport = error as? RedisError {
      description = ServiceResponder.oneLine(transport)
    } else if let reply = Self.errorReply(in: error), Self.isTransient(reply) {
      description = ServiceResponder.oneLine(error)
    } else {
      return nil
    }
  }

  /// The text of the error reply a cache, queue or limiter error carries, if it carries one.
  private static func errorReply(in error: any Error) -> String? {
    switch error {
    case CacheError.redisError(_, let message), JobQueueError.redisError(_, let message),
      RateLimitError.redisError(_, let message):
      return message
    case CacheError.unexpectedReply(_, .error(let bytes)),
      JobQueueError.unexpectedReply(_, .error(let bytes)),
      RateLimitError.unexpectedReply(_, .error(let bytes)):
      return String(decoding: bytes, as: UTF8.self)
    default:
      return nil
    }
  }

  /// Whether an error reply's text starts with one of the transient codes.
  static func isTransient(_ message: String) -> Bool {
    guard let code = message.split(separator: " ", maxSplits: 1).first else { return false }
    return transientReplyCodes.contains(code)
  }

  /// The 503 a request gets, saying what Redis answered and when to come back.
  var problem: RequestProblem {
    RequestProblem(
      .serviceUnavailable,
      "Redis cannot serve this request now (\(description)); "
        + "retry in \(Self.retryAfterSeconds) s",
      headers: [("Retry-After", String(Self.retryAfterSeconds))], cause: description)
  }
}
