/// A failure of the transport or of the client, never a Redis error reply.
///
/// After any of these but `.refused` the connection is unusable and is rebuilt before the
/// next command (see `Connection.send`).
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Connecting failed; the message is redis-cli's: `Could not connect to Redis at HOST:PORT: REASON`.
  case connectFailed(String)
  /// The server closed the connection.
  case closed
  /// Reading or writing the socket failed.
  case io(String)
  /// No reply arrived within the read timeout.
  case timeout
  /// The server sent something that is not RESP2.
  case protocolError(String)
  /// The command was waiting for a reply and was cancelled (Ctrl-C).
  case cancelled
  /// The client refused to send the command; the connection is still good.
  case refused(String)
  /// AUTH or SELECT failed while (re)connecting.
  case setupFailed(String)

  public var description: String {
    switch self {
    case .connectFailed(let message): return message
    case .closed: return "Server closed the connection"
    case .io(let message): return message
    case .timeout: return "Timed out waiting for the server's reply"
    case .protocolError(let message): return "Protocol error: \(message)"
    case .cancelled: return "Command cancelled"
    case .refused(let message): return message
    case .setupFailed(let message): return message
    }
  }
}
