import Foundation
import Spawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The stage's item store, the "database" behind the learner's cache: items as JSON over
/// HTTP on 127.0.0.1, slow on purpose, able to fail, counting every read and write.
///
/// `GET /items/ID` answers 200 with the item's JSON or 404; `PUT /items/ID` stores the body
/// and answers 204. While `down`, every request gets 503. Each request runs on a thread of
/// its own, so concurrent reads really overlap (the stampede stage counts them).
final class FakeItemStore: @unchecked Sendable {
  /// The store's base URL, given to the learner's program as `ITEMS_URL`.
  let url: String
  private let server: FakeHTTPServer
  private let state: Mutex<State>

  private struct State {
    var items: [String: String]
    var latency: Double
    var down = false
    var closed = false
    /// Every request, in order: method, id and the answer's status.
    var log: [(method: String, id: String, status: Int)] = []
  }

  /// Starts the store holding `items` (id → JSON), each request taking `latency` seconds.
  init?(items: [String: String], latency: Double) {
    guard let server = FakeHTTPServer() else { return nil }
    self.server = server
    url = server.url
    state = Mutex(State(items: items, latency: latency))
    server.start { [weak self] request, _ in self?.answer(request) }
  }

  deinit { close() }

  /// Stops answering; open requests finish.
  func close() {
    let first = state.withLock { state -> Bool in
      defer { state.closed = true }
      return !state.closed
    }
    if first { server.close() }
  }

  /// While true, every request gets 503 Service Unavailable.
  var down: Bool {
    get { state.withLock { $0.down } }
    set { state.withLock { $0.down = newValue } }
  }

  /// The item's JSON as stored now.
  func item(_ id: String) -> String? { state.withLock { $0.items[id] } }

  /// Reads (GETs) of item `id` so far, answered or not.
  func reads(of id: String) -> Int {
    state.withLock { $0.log.filter { $0.method == "GET" && $0.id == id }.count }
  }

  /// Writes (PUTs) of item `id` so far.
  func writes(of id: String) -> Int {
    state.withLock { $0.log.filter { $0.method == "PUT" && $0.id == id }.count }
  }

  /// What the store saw, one line per item touched: reads and writes with their answers.
  func summary() -> [String] {
    let log = state.withLock { $0.log }
    if log.isEmpty { return ["no requests"] }
    var order: [String] = []
    var counts: [String: [String: Int]] = [:]
    for entry in log {
      let line = "\(entry.method) /items/\(entry.id)"
      if counts[line] == nil { order.append(line) }
      counts[line, default: [:]]["\(entry.status)", default: 0] += 1
    }
    return order.map { line in
      let answers = counts[line]!.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }
      return "\(line): \(answers.joined(separator: ", "))"
    }
  }

  private func answer(_ request: HTTPRequest) -> (Int, String) {
    let prefix = "/items/"
    let path = request.path.split(separator: "?").first.map(String.init) ?? ""
    guard path.hasPrefix(prefix), path.count > prefix.count else {
      return (404, #"{"error":"the store serves /items/ID only"}"#)
    }
    let id = String(path.dropFirst(prefix.count))
    let (latency, down) = state.withLock { ($0.latency, $0.down) }
    if latency > 0 { usleep(useconds_t(latency * 1_000_000)) }
    let (status, body) = state.withLock { state -> (Int, String) in
      if down { return (503, #"{"error":"the item store is down"}"#) }
      switch request.method {
      case "GET":
        if let item = state.items[id] { return (200, item) }
        return (404, #"{"error":"no such item"}"#)
      case "PUT":
        state.items[id] = String(decoding: request.body, as: UTF8.self)
        return (204, "")
      default:
        return (405, #"{"error":"GET or PUT only"}"#)
      }
    }
    state.withLock { $0.log.append((method: request.method, id: id, status: status)) }
    return (status, body)
  }

}
