import RedisClient
import RedisSandbox

#if canImport(Glibc)
  import Glibc
#endif

/// The shell's connection to its server, and how to get it back when it is lost.
///
/// On the sandbox, a server that died is started again before reconnecting; on a named
/// server, reconnecting is simply retried on the next command.
public final class ServerLink {
  /// The options used for the next (re)connect; tracks SELECT and AUTH done by the learner.
  public private(set) var options: ConnectionOptions
  /// The learner's private server, when the shell runs on it.
  public let sandbox: Sandbox?
  /// The live connection, if any.
  public private(set) var connection: Connection?
  /// Notes for the learner produced while reconnecting (printed by the shell).
  public private(set) var notices: [String] = []

  public init(options: ConnectionOptions, sandbox: Sandbox?) {
    self.options = options
    self.sandbox = sandbox
  }

  /// Whether the shell is on its own sandbox server.
  public var onSandbox: Bool { sandbox != nil }

  /// Whether there is a usable connection right now (the prompt's `not connected`).
  public var isConnected: Bool {
    guard let connection else { return false }
    return !connection.isBroken
  }

  /// Takes the notices gathered since the last call.
  public func takeNotices() -> [String] {
    defer { notices.removeAll() }
    return notices
  }

  /// Connects (starting the sandbox first if needed) and returns the connection.
  ///
  /// A connection whose server hung up while the learner was idle is detected here and
  /// replaced, so the command about to be sent is not the one that finds out.
  ///
  /// - Parameter cancel: when given, triggering it abandons a reconnect (`.cancelled`).
  @discardableResult
  public func connect(cancel: CancellationPipe? = nil) throws -> Connection {
    if let connection {
      options = connection.options
      if !connection.isBroken && !Self.peerClosed(connection.fileDescriptor) { return connection }
      if !connection.isBroken { notices.append("The server closed the connection; reconnecting.") }
      if connection.inTransaction || connection.transactionLost {
        notices.append(
          "The open MULTI was lost with the connection; its queued commands were discarded.")
      }
      connection.close()
    }
    if let sandbox {
      let hadStarted = sandbox.port != nil
      // Only a server that is gone is started again: a frozen one is waited for, with the
      // connection's deadline and Ctrl-C.
      if !hadStarted || !sandbox.serverProcessExists {
        let port = try sandbox.start()
        if hadStarted {
          notices.append(
            "The sandbox server had stopped; restarted it on port \(port) \(sandbox.persistence.whatAStartLoads)."
          )
        }
      }
      // Every program the tutor starts for the learner finds the sandbox in REDIS_URL.
      if let url = sandbox.url { setenv("REDIS_URL", url, 1) }
      if let sandboxOptions = sandbox.connectionOptions() {
        options.endpoint = sandboxOptions.endpoint
        if options.password == nil { options.password = sandboxOptions.password }
      }
    }
    let made = try Connection(options, cancel: cancel)
    connection = made
    return made
  }

  /// Switches to another server (redis-cli's `CONNECT host port`).
  public func retarget(_ newOptions: ConnectionOptions) throws {
    connection?.close()
    connection = nil
    options = newOptions
    try connect()
  }

  /// Drops the connection (after a transport error the next command reconnects).
  public func drop() {
    if let connection { options = connection.options }
    connection?.close()
  }

  /// Whether the peer has closed the socket (readable with nothing to read).
  private static func peerClosed(_ descriptor: Int32) -> Bool {
    guard descriptor >= 0 else { return true }
    var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    guard poll(&pollDescriptor, 1, 0) > 0 else { return false }
    if pollDescriptor.revents & Int16(POLLHUP | POLLERR) != 0 { return true }
    var byte: UInt8 = 0
    let peeked = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
    return peeked == 0
  }
}
