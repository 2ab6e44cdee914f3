import CHiredis

#if canImport(Glibc)
  import Glibc
#endif

/// A synchronous connection to one Redis server: hiredis connects and writes, and
/// `ReplyReader` reads the replies (hiredis 0.14's reader loses replies nested deeper
/// than 7 levels).
///
/// Calls block the calling thread: give each concurrent worker its own connection on its
/// own thread. Redis error replies come back as `Reply.error`; transport failures throw a
/// `RedisError`, mark the connection broken, and the next command reconnects, re-applying
/// AUTH and SELECT first (hiredis's rule: a broken context is replaced, never reused).
/// Connecting, AUTH and SELECT together are bounded by `ConnectionOptions.connectTimeout`.
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

  /// Seconds a rebuild after a cancelled wait may take: the shell must be back at its
  /// prompt promptly even when the server is frozen.
  public static let rebuildAfterCancelSeconds = 1.0

  private var context: UnsafeMutablePointer<redisContext>?
  private var reader = ReplyReader()
  /// Where `read(2)` puts the socket's bytes before the reader takes them.
  private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)

  /// Connects, authenticates and selects the database.
  ///
  /// - Parameter cancel: when given, triggering the pipe abandons the set-up and throws
  ///   `.cancelled`.
  public init(_ options: ConnectionOptions, cancel: CancellationPipe? = nil) throws(RedisError) {
    self.options = options
    try open(cancel: cancel, within: options.connectTimeout)
  }

  deinit { close() }

  /// The database currently selected.
  public var database: Int { options.database }

  /// Closes the socket; the next command reconnects.
  public func close() {
    if let context { redisFree(context) }
    context = nil
    reader.discard()
    isBroken = true
  }

  /// Rebuilds the connection, then re-applies AUTH and SELECT.
  ///
  /// - Parameters:
  ///   - cancel: when given, triggering the pipe abandons the rebuild (`.cancelled`).
  ///   - seconds: the bound on the whole rebuild; `connectTimeout` when nil or larger.
  public func reconnect(cancel: CancellationPipe? = nil, within seconds: Double? = nil)
    throws(RedisError)
  {
    close()
    if inTransaction { transactionLost = true }
    inTransaction = false
    try open(cancel: cancel, within: min(seconds ?? options.connectTimeout, options.connectTimeout))
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
    var replies: [Reply] = []
    replies.reserveCapacity(commands.count)
    try pipeline(commands) { _, reply in replies.append(reply) }
    return replies
  }

  /// Sends all commands in one write and hands over each reply, with its command's index,
  /// as soon as it is read.
  ///
  /// Throws at the first reply that cannot be read; by then `onReply` has had every reply
  /// before it, so none of those is lost with the connection.
  public func pipeline(_ commands: [[[UInt8]]], onReply: (Int, Reply) -> Void) throws(RedisError) {
    for argv in commands { try append(argv) }
    for (index, argv) in commands.enumerated() {
      let reply = try readReply()
      noteReply(reply, to: argv)
      onReply(index, reply)
    }
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
  ///
  /// - Parameter cancel: when given, the wait can be cancelled by triggering the pipe: the
  ///   connection is then rebuilt within `rebuildAfterCancelSeconds` (a second trigger
  ///   abandons the rebuild and leaves it closed) and `.cancelled` is thrown.
  public func readReply(cancel: CancellationPipe? = nil) throws(RedisError) -> Reply {
    guard context != nil, !isBroken else { throw RedisError.closed }
    guard let cancel else { return try receive(cancel: nil, deadline: nil) }
    do throws(RedisError) {
      return try receive(cancel: cancel, deadline: options.readTimeout.map(Self.deadline))
    } catch .cancelled {
      cancel.reset()
      try? reconnect(cancel: cancel, within: Self.rebuildAfterCancelSeconds)
      throw RedisError.cancelled
    }
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

  /// Connects, then sends AUTH and SELECT, all within `seconds`.
  private func open(cancel: CancellationPipe?, within seconds: Double) throws(RedisError) {
    let deadline = Self.deadline(seconds)
    let made: UnsafeMutablePointer<redisContext>?
    switch options.endpoint {
    case .tcp(let host, let port): made = redisConnectNonBlock(host, Int32(port))
    case .unix(let path): made = redisConnectUnixNonBlock(path)
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
    reader.discard()
    do throws(RedisError) {
      try Self.wait(made.pointee.fd, events: POLLOUT, cancel: cancel, until: deadline)
    } catch {
      close()
      if error != .timeout { throw error }
      throw RedisError.connectFailed(
        Self.connectFailureMessage(options.endpoint, String(cString: strerror(ETIMEDOUT))))
    }
    let fd = made.pointee.fd
    var problem: Int32 = 0
    var size = socklen_t(MemoryLayout<Int32>.size)
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &problem, &size)
    if problem != 0 {
      close()
      throw RedisError.connectFailed(
        Self.connectFailureMessage(options.endpoint, String(cString: strerror(problem))))
    }
    // From here on reads and writes block (bounded by the socket timeouts) unless a caller
    // waits with poll first: that keeps the common path at one system call per read.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    made.pointee.flags |= REDIS_BLOCK
    if case .tcp = options.endpoint {
      var on: Int32 = 1
      setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }
    isBroken = false
    if let seconds = options.readTimeout { _ = redisSetTimeout(made, Self.timeval(seconds)) }
    if let password = options.password {
      var argv = [Array("AUTH".utf8)]
      if let user = options.username { argv.append(Array(user.utf8)) }
      argv.append(Array(password.utf8))
      let reply = try setUp("AUTH", argv, cancel: cancel, until: deadline, seconds: seconds)
      if case .error(let message) = reply {
        close()
        throw RedisError.setupFailed("AUTH failed: " + String(decoding: message, as: UTF8.self))
      }
    }
    if options.database != 0 {
      let select = "SELECT \(options.database)"
      let argv = [Array("SELECT".utf8), Array(String(options.database).utf8)]
      let reply = try setUp(select, argv, cancel: cancel, until: deadline, seconds: seconds)
      if case .error(let message) = reply {
        close()
        throw RedisError.setupFailed(
          "\(select) failed: " + String(decoding: message, as: UTF8.self))
      }
    }
  }

  /// Sends one set-up command (AUTH, SELECT) without the reconnect and observation logic,
  /// and waits for its reply until `deadline`.
  private func setUp(
    _ step: String, _ argv: [[UInt8]], cancel: CancellationPipe?, until deadline: Double,
    seconds: Double
  ) throws(RedisError) -> Reply {
    let status = Self.withArgv(argv) { count, pointers, lengths in
      redisAppendCommandArgv(context, count, pointers, lengths)
    }
    if status != REDIS_OK { throw fail() }
    do throws(RedisError) {
      return try receive(cancel: cancel, deadline: deadline)
    } catch .timeout {
      throw RedisError.setupFailed(
        "\(step) got no reply from \(options.endpoint) within \(Self.seconds(seconds)) s; the server may be frozen or overloaded (the next command tries again)"
      )
    }
  }

  /// Writes what hiredis has buffered, then reads until a whole reply is parsed.
  ///
  /// With neither a pipe nor a deadline it blocks in `read(2)`, bounded by the socket's
  /// receive timeout (`readTimeout`): the fast path for pipelines and benchmarks.
  private func receive(cancel: CancellationPipe?, deadline: Double?) throws(RedisError) -> Reply {
    guard let context else { throw RedisError.closed }
    var done: Int32 = 0
    while done == 0 {
      if redisBufferWrite(context, &done) != REDIS_OK { throw fail() }
    }
    let fd = context.pointee.fd
    while true {
      do throws(RedisError) {
        if let reply = try reader.next() { return reply }
        if cancel != nil || deadline != nil {
          try Self.wait(fd, events: POLLIN, cancel: cancel, until: deadline)
        }
        try fill(fd)
      } catch {
        throw fail(error)
      }
    }
  }

  /// Reads what the socket has into the reader.
  private func fill(_ fd: Int32) throws(RedisError) {
    while true {
      let count = readBuffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        readBuffer.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        return
      }
      if count == 0 { throw RedisError.closed }
      if errno == EINTR { continue }
      if errno == EAGAIN || errno == EWOULDBLOCK { throw RedisError.timeout }
      throw RedisError.io(String(cString: strerror(errno)))
    }
  }

  /// Polls `fd` for `events` until it is ready, the pipe is triggered (`.cancelled`) or
  /// the deadline passes (`.timeout`); a nil deadline waits for one of the other two.
  private static func wait(
    _ fd: Int32, events: Int32, cancel: CancellationPipe?, until deadline: Double?
  ) throws(RedisError) {
    while true {
      var milliseconds: Int32 = -1
      if let deadline {
        let left = deadline - now()
        if left <= 0 { throw RedisError.timeout }
        milliseconds = Int32(min((left * 1000).rounded(.up), Double(Int32.max)))
      }
      // poll ignores a negative descriptor, so no pipe means just the socket.
      var descriptors = [
        pollfd(fd: fd, events: Int16(events), revents: 0),
        pollfd(fd: cancel?.readEnd ?? -1, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&descriptors, 2, milliseconds)
      if ready < 0 {
        if errno == EINTR { continue }
        throw RedisError.io(String(cString: strerror(errno)))
      }
      if descriptors[1].revents != 0 { throw RedisError.cancelled }
      if descriptors[0].revents != 0 { return }
    }
  }

  /// The monotonic time `seconds` from now.
  private static func deadline(_ seconds: Double) -> Double { now() + seconds }

  private static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// `1`, `0.5`: seconds as a person would write them.
  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  /// Marks the connection broken and describes why.
  private func fail(_ override: RedisError? = nil) -> RedisError {
    let error = override ?? describeContextError()
    close()
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
}
