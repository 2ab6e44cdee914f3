/// Where a Redis server listens.
public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
  case tcp(host: String, port: Int)
  case unix(path: String)

  /// `host:port` or the socket path, as redis-cli shows it in its prompt and errors.
  public var description: String {
    switch self {
    case .tcp(let host, let port): return "\(host):\(port)"
    case .unix(let path): return path
    }
  }
}

/// Everything needed to open, and later rebuild, a connection.
public struct ConnectionOptions: Sendable, Hashable {
  public var endpoint: Endpoint
  /// ACL user name for `AUTH user password`; nil means the default user.
  public var username: String?
  /// Password sent with AUTH after every (re)connect; never logged.
  public var password: String?
  /// Database selected after every (re)connect.
  public var database: Int
  /// Bound on connecting, in seconds.
  public var connectTimeout: Double
  /// Bound on waiting for a reply, in seconds; nil waits forever (blocking commands).
  public var readTimeout: Double?

  public init(
    endpoint: Endpoint = .tcp(host: "127.0.0.1", port: 6379), username: String? = nil,
    password: String? = nil, database: Int = 0, connectTimeout: Double = 5,
    readTimeout: Double? = nil
  ) {
    self.endpoint = endpoint
    self.username = username
    self.password = password
    self.database = database
    self.connectTimeout = connectTimeout
    self.readTimeout = readTimeout
  }

  /// Parses `redis://[[user]:password@]host[:port][/db]` (and `unix:///path` or `redis-socket://`).
  ///
  /// Throws a message saying what is wrong with the URL.
  public init(url: String) throws(URLError) {
    self.init()
    var rest = Substring(url)
    if rest.hasPrefix("unix://") || rest.hasPrefix("redis-socket://") {
      rest = rest[rest.index(after: rest.firstIndex(of: ":")!)...].dropFirst(2)
      guard !rest.isEmpty else { throw URLError("missing socket path in '\(url)'") }
      endpoint = .unix(path: String(rest))
      return
    }
    guard rest.hasPrefix("redis://") else {
      if rest.hasPrefix("rediss://") {
        throw URLError("TLS (rediss://) is not supported: hiredis 0.14 has no TLS")
      }
      throw URLError(
        "'\(url)' is not a redis:// URL (expected redis://[user:password@]host:port/db)")
    }
    rest = rest.dropFirst("redis://".count)
    if let at = rest.lastIndex(of: "@") {
      let credentials = rest[..<at]
      rest = rest[rest.index(after: at)...]
      if let colon = credentials.firstIndex(of: ":") {
        let user = credentials[..<colon]
        username = user.isEmpty ? nil : Self.percentDecoded(user)
        password = Self.percentDecoded(credentials[credentials.index(after: colon)...])
      } else if !credentials.isEmpty {
        password = Self.percentDecoded(credentials)
      }
    }
    var hostPort = rest
    if let slash = rest.firstIndex(of: "/") {
      hostPort = rest[..<slash]
      let db = rest[rest.index(after: slash)...]
      if !db.isEmpty {
        guard let number = Int(db), number >= 0 else {
          throw URLError("database '\(db)' in '\(url)' is not a number")
        }
        database = number
      }
    }
    var host = "127.0.0.1"
    var port = 6379
    if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
      host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
      let after = hostPort[hostPort.index(after: close)...]
      if after.hasPrefix(":") {
        guard let number = Int(after.dropFirst()), (1...65535).contains(number) else {
          throw URLError("port '\(after.dropFirst())' in '\(url)' is not a port number")
        }
        port = number
      }
    } else if let colon = hostPort.lastIndex(of: ":") {
      if colon != hostPort.startIndex { host = String(hostPort[..<colon]) }
      let portText = hostPort[hostPort.index(after: colon)...]
      guard let number = Int(portText), (1...65535).contains(number) else {
        throw URLError("port '\(portText)' in '\(url)' is not a port number")
      }
      port = number
    } else if !hostPort.isEmpty {
      host = String(hostPort)
    }
    endpoint = .tcp(host: host, port: port)
  }

  /// Why a connection URL could not be used.
  public struct URLError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = "Invalid URL: " + description }
  }

  private static func percentDecoded(_ text: Substring) -> String {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
        let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
      {
        bytes.append(value)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
