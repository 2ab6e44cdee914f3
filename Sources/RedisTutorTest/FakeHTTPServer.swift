import Foundation
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The HTTP side of each of the tester's fakes (the item store, the email provider, the job
/// sink): a socket on a free port of 127.0.0.1, a thread per connection so slow and held
/// requests really overlap, one request per connection, answered with JSON.
final class FakeHTTPServer: @unchecked Sendable {
  /// Answers a request (read whole) with a status and a JSON body, or nil to hang up without
  /// an answer; `client` is the connection, to notice a caller that hangs up first.
  typealias Handler = @Sendable (_ request: HTTPRequest, _ client: Int32) -> (Int, String)?

  /// The server's base URL, `http://127.0.0.1:PORT`.
  let url: String
  private let listener: Int32
  private let handler = Mutex<Handler?>(nil)
  private let closed = Mutex(false)

  /// Listens on a free port, or nil when it cannot; requests are read once `start` is called.
  init?() {
    guard let listening = Socket.listen() else { return nil }
    listener = listening.fd
    url = "http://127.0.0.1:\(listening.port)"
  }

  deinit { close() }

  /// Starts answering requests with `handler`.
  func start(_ handler: @escaping Handler) {
    self.handler.withLock { $0 = handler }
    Thread.detachNewThread { [self] in acceptLoop() }
  }

  /// Stops accepting connections; requests already read finish.
  ///
  /// Safe to call more than once.
  func close() {
    let first = closed.withLock { closed -> Bool in
      defer { closed = true }
      return !closed
    }
    if first {
      shutdown(listener, Int32(SHUT_RDWR))
      Glibc.close(listener)
    }
  }

  private func acceptLoop() {
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 {
        if errno == EINTR || errno == ECONNABORTED { continue }
        return
      }
      Thread.detachNewThread { [self] in serve(client) }
    }
  }

  private func serve(_ client: Int32) {
    defer { Glibc.close(client) }
    var received: [UInt8] = []
    let end = MonotonicClock.now + 10
    var request: HTTPRequest?
    while request == nil {
      guard case .data(let chunk) = Socket.read(client, until: end) else { return }
      received += chunk
      request = HTTPParser.request(received)
    }
    guard let request, let handler = handler.withLock({ $0 }),
      let (status, body) = handler(request, client)
    else { return }
    var response = "HTTP/1.1 \(status) \(Self.reason(status))\r\nConnection: close\r\n"
    response += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
    _ = Socket.write(client, Array((response + body).utf8))
  }

  /// The reason phrase for the statuses the fakes answer with.
  static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 204: "No Content"
    case 400: "Bad Request"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 422: "Unprocessable Entity"
    case 500: "Internal Server Error"
    case 503: "Service Unavailable"
    default: "Status \(status)"
    }
  }
}
