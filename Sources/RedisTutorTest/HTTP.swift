import Foundation
import Spawn

#if canImport(Glibc)
  import Glibc
#endif

/// An HTTP/1.1 message as the tester sends or receives it; bodies are short text.
struct HTTPResponse: Sendable {
  var status: Int
  var reason: String
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  var text: String { String(decoding: body, as: UTF8.self) }

  /// The status line, headers and up to `limit` bytes of the body, as shown to the learner.
  func shown(limit: Int = 300) -> [String] {
    var lines = ["\(status) \(reason)"]
    lines += headers.map { "\($0.name): \($0.value)" }
    let excerpt = body.count > limit ? String(text.prefix(limit)) + "… (\(body.count) bytes)" : text
    lines += excerpt.isEmpty ? ["(empty body)"] : excerpt.split(separator: "\n").map(String.init)
    return lines
  }
}

/// The tester's requests to the learner's service, over plain sockets with deadlines.
enum HTTPProbe {
  /// Sends one request to 127.0.0.1:`port` (with `Connection: close`) and reads the answer
  /// within `timeout` seconds; the error is one line saying what went wrong.
  ///
  /// `source` is the loopback address to send from (127.0.0.2 …: Linux routes all of
  /// 127.0.0.0/8 to the loopback), so the service sees another client; nil: 127.0.0.1.
  static func send(
    _ method: String, _ path: String, port: Int, body: String? = nil, timeout: Double = 5,
    from source: String? = nil
  ) -> Result<HTTPResponse, HTTPError> {
    let end = MonotonicClock.now + timeout
    guard let socket = Socket.connect(port: port, from: source) else {
      return .failure(
        HTTPError(
          "cannot connect to 127.0.0.1:\(port)\(source.map { " from \($0)" } ?? ""): "
            + String(cString: strerror(errno))))
    }
    defer { close(socket) }
    guard Socket.write(socket, requestBytes(method, path, port: port, body: body)) else {
      return .failure(HTTPError("the connection closed while sending the request"))
    }
    return receive(socket, until: end, timeout: timeout)
  }

  /// The bytes of a request to 127.0.0.1:`port`, with `Connection: close`.
  static func requestBytes(_ method: String, _ path: String, port: Int, body: String? = nil)
    -> [UInt8]
  {
    var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    if let body {
      request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
    } else if method == "PUT" || method == "POST" {
      request += "Content-Length: 0\r\n"
    }
    request += "\r\n" + (body ?? "")
    return Array(request.utf8)
  }

  /// Reads the answer to a request sent on `socket` until the monotonic time `end`
  /// (`timeout` is that time in seconds, for the error).
  static func receive(_ socket: Int32, until end: Double, timeout: Double)
    -> Result<HTTPResponse, HTTPError>
  {
    var received: [UInt8] = []
    while true {
      if let response = HTTPParser.response(received, complete: false) { return .success(response) }
      switch Socket.read(socket, until: end) {
      case .data(let chunk): received += chunk
      case .closed:
        if let response = HTTPParser.response(received, complete: true) {
          return .success(response)
        }
        return .failure(
          HTTPError(
            received.isEmpty
              ? "the connection closed without an answer"
              : "the answer is not valid HTTP: \(String(decoding: received.prefix(80), as: UTF8.self))"
          ))
      case .timedOut:
        return .failure(HTTPError("no complete answer within \(Int(timeout)) s"))
      }
    }
  }
}

/// One line saying why a request failed.
struct HTTPError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A request the fake store received.
struct HTTPRequest: Sendable {
  var method: String
  var path: String
  var body: [UInt8]
  /// The header lines, in order, as (name, value).
  var headers: [(name: String, value: String)] = []

  /// The value of header `name` (any case), if it was sent.
  func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }
}

/// Parses HTTP/1.1 messages from bytes received so far.
enum HTTPParser {
  /// The head's lines and where the body starts, once the blank line has arrived.
  static func head(_ bytes: [UInt8]) -> (lines: [String], bodyStart: Int)? {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4) where Array(bytes[index..<index + 4]) == separator {
      let text = String(decoding: bytes[..<index], as: UTF8.self)
      return (text.components(separatedBy: "\r\n"), index + 4)
    }
    return nil
  }

  static func parseHeaders(_ lines: ArraySlice<String>) -> [(name: String, value: String)] {
    lines.compactMap { line in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (
        String(line[..<colon]),
        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      )
    }
  }

  /// A full response, or nil while more bytes are needed (`complete`: the peer closed).
  static func response(_ bytes: [UInt8], complete: Bool) -> HTTPResponse? {
    guard let parsed = head(bytes), let statusLine = parsed.lines.first else { return nil }
    let (lines, start) = (parsed.lines, parsed.bodyStart)
    let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
      return nil
    }
    let headers = parseHeaders(lines.dropFirst())
    func header(_ name: String) -> String? {
      headers.first { $0.name.lowercased() == name }?.value
    }
    var body = Array(bytes[start...])
    if let length = header("content-length").flatMap(Int.init) {
      guard body.count >= length else { return nil }
      body = Array(body.prefix(length))
    } else if header("transfer-encoding")?.lowercased() == "chunked" {
      guard let decoded = dechunk(body) else { return nil }
      body = decoded
    } else if !complete && status != 204 && status != 304 {
      return nil
    }
    return HTTPResponse(
      status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers, body: body)
  }

  /// A request with its body, or nil while more bytes are needed.
  static func request(_ bytes: [UInt8]) -> HTTPRequest? {
    guard let parsed = head(bytes), let requestLine = parsed.lines.first else { return nil }
    let (lines, start) = (parsed.lines, parsed.bodyStart)
    let parts = requestLine.split(separator: " ").map(String.init)
    guard parts.count >= 2 else { return nil }
    let headers = parseHeaders(lines.dropFirst())
    let length =
      headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
    guard bytes.count - start >= length else { return nil }
    return HTTPRequest(
      method: parts[0], path: parts[1], body: Array(bytes[start..<start + length]),
      headers: headers)
  }

  /// The body of a chunked message once its last chunk has arrived.
  private static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
    var body: [UInt8] = []
    var index = 0
    while true {
      guard
        let lineEnd = (index..<max(bytes.count - 1, index)).first(where: {
          bytes[$0] == 13 && bytes[$0 + 1] == 10
        })
      else { return nil }
      let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
      guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
        return nil
      }
      index = lineEnd + 2
      if size == 0 { return body }
      guard bytes.count >= index + size + 2 else { return nil }
      body += bytes[index..<index + size]
      index += size + 2
    }
  }
}

/// Loopback TCP sockets with deadlines.
enum Socket {
  enum ReadResult {
    case data([UInt8])
    case closed
    case timedOut
  }

  static func address(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  /// A socket connected to 127.0.0.1:`port` (from the loopback address `source` when
  /// given), or nil with errno set.
  static func connect(port: Int, from source: String? = nil) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
    if let source {
      var local = address(port: 0)
      local.sin_addr.s_addr = inet_addr(source)
      let bound = withUnsafePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      if bound != 0 {
        let failure = errno
        close(fd)
        errno = failure
        return nil
      }
    }
    var address = address(port: port)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    if result != 0 {
      let failure = errno
      close(fd)
      errno = failure
      return nil
    }
    return fd
  }

  /// Whether something accepts connections on 127.0.0.1:`port` now.
  static func accepts(port: Int) -> Bool {
    guard let fd = connect(port: port) else { return false }
    close(fd)
    return true
  }

  /// A listening socket on 127.0.0.1 and its port (`port` 0: any free one).
  static func listen(port: Int = 0) -> (fd: Int32, port: Int)? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = address(port: port)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, Glibc.listen(fd, 256) == 0 else {
      close(fd)
      return nil
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }

  /// A port free now on 127.0.0.1, for the learner's service to listen on.
  static func freePort() -> Int? {
    guard let listening = listen() else { return nil }
    close(listening.fd)
    return listening.port
  }

  static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let got = bytes[sent...].withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { return false }
      sent += got
    }
    return true
  }

  static func read(_ fd: Int32, until end: Double) -> ReadResult {
    while true {
      let left = end - MonotonicClock.now
      if left <= 0 { return .timedOut }
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32((left * 1000).rounded(.up)))
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 { continue }
      var chunk = [UInt8](repeating: 0, count: 16384)
      let got = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { return .closed }
      return .data(Array(chunk[0..<got]))
    }
  }
}
