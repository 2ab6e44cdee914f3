import CHiredis

#if canImport(Glibc)
  import Glibc
#endif

/// A synchronous connection to one Redis server, over hiredis.
///
/// Calls block the calling thread: give each concurrent worker its own connection on its
/// own thread. Redis error replies come back as `Reply.error`; transport failures throw a
/// `RedisError`, mark the connection broken, and the next command reconnects, re-applying
/// AUTH and SELECT first (hiredis's rule: a broken context is replaced, never reused).
public final class Connection {
  /// The options the connection was opened with, kept current: a successful `SELECT` or
  /// `AUTH` typed by the user updates them, so a reconnect restores the same session.
  public private(set) var options: ConnectionOptions
  /// Whether a `MULTI` is open on the server side.
  public private(set) var inTransaction = false
  /// Whether the last transport failure left the connection unusable.
  public private(set) var isBroken = false
  /// Set when a reconnect threw away an open `MULTI`; the caller reads and clears it.
  public var transactionLost = false

  private var context: UnsafeMutablePointer<redisContext>?

  /// Connects, authenticates and selects the database.
  public init(_ options: ConnectionOptions) throws(RedisError) {
    self.options = options
    try open()
  }

  deinit { close() }

  /// The database currently selected.
  public var database: Int { options.database }

  /// Closes the socket; the next command reconnects.
  public func close() {
    if let context { redisFree(context) }
    context = nil
    isBroken = true
  }

  /// Rebuilds the connection, then re-applies AUTH and SELECT.
  public func reconnect() throws(RedisError) {
    close()
    if inTransaction { transactionLost = true }
    inTransaction = false
    try open()
  }

  /// Sends one command and waits for its reply.
  ///
  /// - Parameter cancel: when given, the wait can be cancelled by triggering the pipe; the
  ///   connection is then rebuilt (re-selecting the database) and `.cancelled` is thrown.
  @discardableResult
  public func send(_ argv: [[UInt8]], cancel: CancellationPipe? = nil) throws(RedisError) -> Reply {
    try append(argv)
    let reply = try readReply(cancel: cancel)
    noteReply(reply, to: argv)
    return reply
  }

  /// Sends one command given as strings.
  @discardableResult
  public func send(_ arguments: String...) throws(RedisError) -> Reply {
    try send(arguments.map { Array($0.utf8) })
  }

  /// Sends all commands in one write and reads their replies in order (pipelining).
  public func pipeline(_ commands: [[[UInt8]]]) throws(RedisError) -> [Reply] {
    for argv in commands { try append(argv) }
    var replies: [Reply] = []
    replies.reserveCapacity(commands.count)
    for argv in commands {
      let reply = try readReply()
      noteReply(reply, to: argv)
      replies.append(reply)
    }
    return replies
  }

  /// Queues a command in the output buffer without waiting; pair with `readReply`.
  public func append(_ argv: [[UInt8]]) throws(RedisError) {
    precondition(!argv.isEmpty, "a command needs a name")
    try Self.refuseUnsupported(argv)
    if isBroken || context == nil { try reconnect() }
    let status = Self.withArgv(argv) { count, pointers, lengths in
      redisAppendCommandArgv(context, count, pointers, lengths)
    }
    if status != REDIS_OK { throw fail() }
  }

  /// Waits for the next reply: the reply to an appended command, or a pushed message while
  /// subscribed or monitoring.
  public func readReply(cancel: CancellationPipe? = nil) throws(RedisError) -> Reply {
    guard let context, !isBroken else { throw RedisError.closed }
    var raw: UnsafeMutableRawPointer?
    if let cancel {
      try waitCancellably(context, cancel: cancel, reply: &raw)
    } else if redisGetReply(context, &raw) != REDIS_OK {
      throw fail()
    }
    guard let raw else { throw fail() }
    defer { freeReplyObject(raw) }
    let reply = Self.convert(raw.assumingMemoryBound(to: redisReply.self))
    return reply
  }

  /// The socket's file descriptor, or -1 when closed.
  public var fileDescriptor: Int32 { context?.pointee.fd ?? -1 }

  /// Changes the read timeout of this and later connections (nil waits forever).
  public func setReadTimeout(_ seconds: Double?) {
    options.readTimeout = seconds
    if let context { _ = redisSetTimeout(context, Self.timeval(seconds ?? 0)) }
  }

  /// Remembers state the server now holds so a reconnect can restore it; `send` and
  /// `pipeline` call it, callers of `append`/`readReply` call it themselves.
  public func noteReply(_ reply: Reply, to argv: [[UInt8]]) {
    // Runs on every command: compare bytes, and only for names of the lengths that matter.
    guard let first = argv.first, (4...7).contains(first.count) else { return }
    let succeeded: Bool
    if case .status = reply { succeeded = true } else { succeeded = false }
    if Self.matches(first, "EXEC") || Self.matches(first, "DISCARD") {
      inTransaction = false
    } else if succeeded && Self.matches(first, "MULTI") {
      inTransaction = true
    } else if succeeded && Self.matches(first, "SELECT") && argv.count == 2,
      let db = Int(String(decoding: argv[1], as: UTF8.self))
    {
      options.database = db
    } else if succeeded && Self.matches(first, "AUTH") && (2...3).contains(argv.count) {
      options.username = argv.count == 3 ? String(decoding: argv[1], as: UTF8.self) : nil
      options.password = String(decoding: argv[argv.count - 1], as: UTF8.self)
    }
  }

  /// Whether `argument` is `upperCaseName` in any letter case (names are ASCII letters).
  static func matches(_ argument: [UInt8], _ upperCaseName: StaticString) -> Bool {
    guard argument.count == upperCaseName.utf8CodeUnitCount else { return false }
    let name = UnsafeBufferPointer(
      start: upperCaseName.utf8Start, count: upperCaseName.utf8CodeUnitCount)
    for (byte, expected) in zip(argument, name) where byte & 0xDF != expected { return false }
    return true
  }

  // MARK: - Internals

  private func open() throws(RedisError) {
    let timeout = Self.timeval(options.connectTimeout)
    let made: UnsafeMutablePointer<redisContext>?
    switch options.endpoint {
    case .tcp(let host, let port): made = redisConnectWithTimeout(host, Int32(port), timeout)
    case .unix(let path): made = redisConnectUnixWithTimeout(path, timeout)
    }
    guard let made else {
      throw RedisError.connectFailed("Could not connect to Redis: out of memory")
    }
    if made.pointee.err != 0 {
      let reason = Self.errorText(made)
      redisFree(made)
      throw RedisError.connectFailed(Self.connectFailureMessage(options.endpoint, reason))
    }
    context = made
    isBroken = false
    if let seconds = options.readTimeout { _ = redisSetTimeout(made, Self.timeval(seconds)) }
    if let password = options.password {
      var argv = [Array("AUTH".utf8)]
      if let user = options.username { argv.append(Array(user.utf8)) }
      argv.append(Array(password.utf8))
      let reply = try sendRaw(argv)
      if case .error(let message) = reply {
        close()
        throw RedisError.setupFailed("AUTH failed: " + String(decoding: message, as: UTF8.self))
      }
    }
    if options.database != 0 {
      let reply = try sendRaw([Array("SELECT".utf8), Array(String(options.database).utf8)])
      if case .error(let message) = reply {
        close()
        throw RedisError.setupFailed(
          "SELECT \(options.database) failed: " + String(decoding: message, as: UTF8.self))
      }
    }
  }

  /// Sends without the reconnect and observation logic, for connection set-up.
  private func sendRaw(_ argv: [[UInt8]]) throws(RedisError) -> Reply {
    let status = Self.withArgv(argv) { count, pointers, lengths in
      redisAppendCommandArgv(context, count, pointers, lengths)
    }
    if status != REDIS_OK { throw fail() }
    return try readReply()
  }

  private func waitCancellably(
    _ context: UnsafeMutablePointer<redisContext>, cancel: CancellationPipe,
    reply: inout UnsafeMutableRawPointer?
  ) throws(RedisError) {
    var done: Int32 = 0
    while done == 0 {
      if redisBufferWrite(context, &done) != REDIS_OK { throw fail() }
    }
    if redisGetReplyFromReader(context, &reply) != REDIS_OK { throw fail() }
    let timeoutMilliseconds = options.readTimeout.map { Int32($0 * 1000) } ?? -1
    while reply == nil {
      var descriptors = [
        pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0),
        pollfd(fd: cancel.readEnd, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&descriptors, 2, timeoutMilliseconds)
      if ready < 0 {
        if errno == EINTR { continue }
        throw fail(RedisError.io(String(cString: strerror(errno))))
      }
      if ready == 0 { throw fail(RedisError.timeout) }
      if descriptors[1].revents != 0 {
        cancel.reset()
        try? reconnect()
        throw RedisError.cancelled
      }
      if redisBufferRead(context) != REDIS_OK { throw fail() }
      if redisGetReplyFromReader(context, &reply) != REDIS_OK { throw fail() }
    }
  }

  /// Marks the connection broken and describes why.
  private func fail(_ override: RedisError? = nil) -> RedisError {
    let error = override ?? describeContextError()
    if let context { redisFree(context) }
    context = nil
    isBroken = true
    if inTransaction { transactionLost = true }
    inTransaction = false
    return error
  }

  private func describeContextError() -> RedisError {
    guard let context else { return .closed }
    let text = Self.errorText(context)
    switch context.pointee.err {
    case REDIS_ERR_EOF: return .closed
    case REDIS_ERR_PROTOCOL: return .protocolError(text)
    case REDIS_ERR_IO:
      if errno == EAGAIN || errno == EWOULDBLOCK || text.contains("temporarily unavailable") {
        return .timeout
      }
      return .io(text.isEmpty ? String(cString: strerror(errno)) : text)
    default: return .io(text)
    }
  }

  private static func refuseUnsupported(_ argv: [[UInt8]]) throws(RedisError) {
    if argv.count > 1, matches(argv[0], "HELLO"),
      let version = Int(String(decoding: argv[1], as: UTF8.self)), version >= 3
    {
      throw RedisError.refused(
        "HELLO \(version) refused: this client (hiredis 0.14) speaks RESP2 only; use HELLO 2 or leave the protocol as it is"
      )
    }
  }

  /// The upper-cased command name.
  public static func name(_ argv: [[UInt8]]) -> String {
    guard let first = argv.first else { return "" }
    return String(decoding: first, as: UTF8.self).uppercased()
  }

  private static func connectFailureMessage(_ endpoint: Endpoint, _ reason: String) -> String {
    switch endpoint {
    case .tcp(let host, let port): return "Could not connect to Redis at \(host):\(port): \(reason)"
    case .unix(let path): return "Could not connect to Redis at \(path): \(reason)"
    }
  }

  private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
    withUnsafeBytes(of: context.pointee.errstr) { raw in
      let bytes = raw.prefix { $0 != 0 }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  private static func timeval(_ seconds: Double) -> Glibc.timeval {
    let whole = Int(seconds)
    return Glibc.timeval(tv_sec: whole, tv_usec: Int((seconds - Double(whole)) * 1_000_000))
  }

  /// Lays the arguments out contiguously and passes hiredis pointers and lengths into it.
  private static func withArgv<R>(
    _ argv: [[UInt8]],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
  ) -> R {
    var storage: [UInt8] = []
    storage.reserveCapacity(argv.reduce(0) { $0 + $1.count } + 1)
    var lengths: [Int] = []
    lengths.reserveCapacity(argv.count)
    for argument in argv {
      storage.append(contentsOf: argument)
      lengths.append(argument.count)
    }
    storage.append(0)
    return storage.withUnsafeBufferPointer { bytes in
      let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
      let pointers = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: argv.count)
      defer { pointers.deallocate() }
      var offset = 0
      for (index, length) in lengths.enumerated() {
        pointers[index] = base + offset
        offset += length
      }
      return lengths.withUnsafeBufferPointer { body(Int32(argv.count), pointers, $0.baseAddress!) }
    }
  }

  private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> Reply {
    let value = reply.pointee
    func bytes() -> [UInt8] {
      guard let str = value.str, value.len > 0 else { return [] }
      return Array(UnsafeRawBufferPointer(start: str, count: Int(value.len)))
    }
    switch value.type {
    case REDIS_REPLY_STRING: return .bulk(bytes())
    case REDIS_REPLY_STATUS: return .status(bytes())
    case REDIS_REPLY_ERROR: return .error(bytes())
    case REDIS_REPLY_INTEGER: return .integer(value.integer)
    case REDIS_REPLY_ARRAY:
      var elements: [Reply] = []
      elements.reserveCapacity(Int(value.elements))
      for index in 0..<Int(value.elements) {
        if let element = value.element[index] { elements.append(convert(element)) }
      }
      return .array(elements)
    default: return .null
    }
  }
}
