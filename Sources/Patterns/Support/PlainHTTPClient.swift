import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A blocking HTTP/1.1 client for `http://host:port` services (an item store, an email
/// provider): one request per connection, on plain sockets, so Patterns needs no HTTP
/// library and the shell's binary links none.
///
/// Each request opens a connection, sends `Connection: close`, and reads the answer until
/// the server closes it (or its `Content-Length` is read). Bodies sent chunked are not
/// decoded.
public struct PlainHTTPClient: Sendable {
  /// An answer: its status and its body.
  public struct Response: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
  }

  /// A request that got no answer (the server is down, slow or spoke no HTTP).
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// The server's host name or address.
  public let host: String
  /// Its port.
  public let port: Int
  /// The path every request's path is appended to (`""` or `/api`, no trailing slash).
  public let basePath: String
  /// Seconds to connect, and seconds each read or write may wait.
  public let timeout: Double

  /// A client for `url` (`http://host[:port][/base]`); throws `Failure` for another form.
  public init(url: String, timeout: Double = 10) throws(Failure) {
    guard url.hasPrefix("http://") else {
      throw Failure(description: "'\(url)' is not an http:// URL (https is not supported)")
    }
    let rest = url.dropFirst("http://".count)
    let authority = rest.prefix { $0 != "/" }
    var base = String(rest.dropFirst(authority.count))
    while base.hasSuffix("/") { base.removeLast() }
    let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
    guard !authority.isEmpty, parts.count <= 2, !parts[0].isEmpty else {
      throw Failure(description: "'\(url)' has no host (expected http://host:port)")
    }
    var port = 80
    if parts.count == 2 {
      guard let number = Int(parts[1]), (1...65_535).contains(number) else {
        throw Failure(description: "'\(url)' has a bad port (expected http://host:port)")
      }
      port = number
    }
    host = String(parts[0])
    self.port = port
    basePath = base
    self.timeout = timeout
  }

  /// `http://host:port/base`, as given.
  public var url: String { "http://\(host):\(port)\(basePath)" }

  /// Sends one request and waits for the whole answer; throws `Failure` when none came.
  public func send(
    _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil
  ) throws(Failure) -> Response {
    let target = basePath + path
    let socket = try connect()
    defer { close(socket) }
    var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Length: \(body.count)\r\n" }
    head += "\r\n"
    try write(socket, Array(head.utf8) + (body ?? []), what: "\(method) \(target)")
    let received = try readAll(socket, what: "\(method) \(target)")
    return try Self.parse(received, what: "\(method) \(target)")
  }

  private func connect() throws(Failure) -> Int32 {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var found: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
      throw Failure(description: "cannot resolve \(host)")
    }
    defer { freeaddrinfo(found) }
    var address: UnsafeMutablePointer<addrinfo>? = first
    var lastError = ECONNREFUSED
    while let entry = address {
      let socket = Glibc.socket(
        entry.pointee.ai_family, entry.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
        entry.pointee.ai_protocol)
      if socket >= 0 {
        setTimeouts(socket)
        if Glibc.connect(socket, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 {
          return socket
        }
        lastError = errno
        close(socket)
      }
      address = entry.pointee.ai_next
    }
    throw Failure(description: "cannot connect to \(url): \(String(cString: strerror(lastError)))")
  }

  private func setTimeouts(_ socket: Int32) {
    let whole = Int(timeout)
    var value = timeval(tv_sec: whole, tv_usec: Int((timeout - Double(whole)) * 1_000_000))
    let size = socklen_t(MemoryLayout<timeval>.size)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &value, size)
    setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &value, size)
  }

  private func write(_ socket: Int32, _ bytes: [UInt8], what: String) throws(Failure) {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes {
        Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        throw Failure(description: "\(what) to \(url): \(String(cString: strerror(errno)))")
      }
      sent += count
    }
  }

  private func readAll(_ socket: Int32, what: String) throws(Failure) -> [UInt8] {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
      if count < 0 && errno == EINTR { continue }
      if count < 0 {
        let reason =
          errno == EAGAIN ? "no answer within \(timeout) s" : String(cString: strerror(errno))
        throw Failure(description: "\(what) to \(url): \(reason)")
      }
      if count == 0 { return received }
      received += buffer[0..<count]
      if let expected = Self.expectedLength(received), received.count >= expected {
        return received
      }
    }
  }

  /// The whole response's length in bytes, once its head (with a Content-Length) is in.
  private static func expectedLength(_ bytes: [UInt8]) -> Int? {
    guard let end = headEnd(bytes) else { return nil }
    let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
    for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
      if let length = Int(
        line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
      {
        return end + 4 + length
      }
    }
    return nil
  }

  /// Where `\r\n\r\n` starts, if the head is complete.
  private static func headEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4)
    where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13
      && bytes[index + 3] == 10
    {
      return index
    }
    return nil
  }

  private static func parse(_ bytes: [UInt8], what: String) throws(Failure) -> Response {
    guard let end = headEnd(bytes) else {
      throw Failure(
        description: "\(what): the answer ended before its headers (\(bytes.count) bytes)")
    }
    let statusLine =
      String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n").first ?? ""
    let fields = statusLine.split(separator: " ")
    guard fields.count >= 2, fields[0].hasPrefix("HTTP/1."), let status = Int(fields[1]) else {
      throw Failure(description: "\(what): not an HTTP answer: \(statusLine.prefix(60))")
    }
    var body = Array(bytes[(end + 4)...])
    if let expected = expectedLength(bytes), body.count > expected - end - 4 {
      body = Array(body.prefix(expected - end - 4))
    }
    return Response(status: status, body: body)
  }
}
