import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One HTTP response as the test client read it.
struct HTTPReply: Sendable {
  var status: Int
  /// Header fields, names lowercased.
  var headers: [String: String]
  var body: String

  /// The body as a JSON object, or nil.
  var json: [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
  }

  /// The `error` field of a JSON error body.
  var error: String? { json?["error"] as? String }

  func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A tiny HTTP/1.1 client over Glibc sockets that can bind its source address, so tests can
/// speak as 127.0.0.1 or 127.0.0.2 (both loopback on Linux) to a server on 127.0.0.1.
///
/// Each request opens a connection, sends `Connection: close`, and reads to EOF. The socket
/// calls block, so the async entry points run them on a thread of their own, never on the
/// cooperative pool the in-process server needs.
struct LoopbackHTTPClient: Sendable {
  let port: Int
  var sourceAddress = "127.0.0.1"

  /// Sends one request (on a dedicated thread) and returns the response.
  func send(
    _ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = []
  ) async throws -> HTTPReply {
    let client = self
    return try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(
          with: Result { try client.sendBlocking(method, path, body: body, headers: headers) })
      }
      thread.start()
    }
  }

  func get(_ path: String) async throws -> HTTPReply { try await send("GET", path) }

  /// Sends one request on the calling thread.
  func sendBlocking(
    _ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = []
  ) throws -> HTTPReply {
    let payload = Array((body ?? "").utf8)
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if body != nil || method == "POST" || method == "PUT" {
      if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
        head += "Content-Type: application/json\r\n"
      }
      head += "Content-Length: \(payload.count)\r\n"
    }
    head += "\r\n"
    return try exchange(Array(head.utf8) + payload)
  }

  /// Sends `request` exactly as given (on a dedicated thread) and reads the response to EOF:
  /// for requests the test client would never build, such as broken HTTP.
  func sendRaw(_ request: String) async throws -> HTTPReply {
    let client = self
    return try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Result { try client.exchange(Array(request.utf8)) }) }
        .start()
    }
  }

  /// Sends `bytes` on a new connection and parses what comes back before the server closes.
  private func exchange(_ bytes: [UInt8]) throws -> HTTPReply {
    let fd = try connectBlocking(receiveTimeout: timeval(tv_sec: 15, tv_usec: 0))
    defer { close(fd) }
    Self.sendAll(fd, bytes)
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count <= 0 { break }
      received += buffer[0..<count]
    }
    return try Self.parse(received)
  }

  /// Opens a TCP connection to the server from `sourceAddress`; the caller closes it.
  ///
  /// A read waits at most `receiveTimeout`.
  func connectBlocking(receiveTimeout: timeval) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ClientError("socket: \(String(cString: strerror(errno)))") }
    var timeout = receiveTimeout
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    do {
      try bindAndConnect(fd)
    } catch {
      close(fd)
      throw error
    }
    return fd
  }

  private func bindAndConnect(_ fd: Int32) throws {
    var source = try Self.address(sourceAddress, port: 0)
    try Self.withSockaddr(&source) { pointer, length in
      guard bind(fd, pointer, length) == 0 else {
        throw ClientError("bind \(sourceAddress): \(String(cString: strerror(errno)))")
      }
    }
    var destination = try Self.address("127.0.0.1", port: port)
    try Self.withSockaddr(&destination) { pointer, length in
      guard Glibc.connect(fd, pointer, length) == 0 else {
        throw ClientError("connect :\(port): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Sends `bytes`, stopping early when the peer stops reading.
  static func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      // The server may answer (413) and close before reading everything: stop sending.
      if count <= 0 { break }
      sent += count
    }
  }

  private static func parse(_ bytes: [UInt8]) throws -> HTTPReply {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else {
      throw ClientError("incomplete response: \(text.prefix(200))")
    }
    let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
    let statusParts = lines[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
      throw ClientError("bad status line: \(lines[0])")
    }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    var body = String(text[split.upperBound...])
    if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
    return HTTPReply(status: status, headers: headers, body: body)
  }

  private static func dechunk(_ text: String) -> String {
    var rest = Substring(text)
    var body = ""
    while let lineEnd = rest.range(of: "\r\n"),
      let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0
    {
      let start = lineEnd.upperBound
      let end = rest.utf8.index(start, offsetBy: size)
      body += rest[start..<end]
      rest = rest[end...].dropFirst(2)
    }
    return body
  }

  private static func address(_ host: String, port: Int) throws -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
      throw ClientError("not an IPv4 address: \(host)")
    }
    return address
  }

  private static func withSockaddr(
    _ address: inout sockaddr_in, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Void
  ) throws {
    try withUnsafePointer(to: &address) { pointer in
      try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        try body(generic, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
  }
}

/// A failure of the test client itself.
struct ClientError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
