import Foundation

/// An item store over HTTP, beside the SQLite `ItemStore`: items are JSON documents the
/// store defines, read and written as they are.
///
/// `GET URL/items/ID` answers 200 with the item's JSON or 404; `PUT URL/items/ID` with a JSON
/// body stores it (any 2xx). The stage tester's fake item store speaks this, and so can a
/// learner's own.
public struct HTTPItemStore: Sendable {
  /// The store did not answer, or answered something other than the protocol's statuses.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  public let client: PlainHTTPClient

  /// A store at `url` (`http://host:port`); throws `PlainHTTPClient.Failure` for a bad URL.
  public init(url: String, timeout: Double = 5) throws(PlainHTTPClient.Failure) {
    client = try PlainHTTPClient(url: url, timeout: timeout)
  }

  /// The item's JSON as the store holds it, or nil when the store has no item `id` (404).
  public func document(id: Int) throws(Failure) -> [UInt8]? {
    let response = try send("GET", id: id, body: nil)
    switch response.status {
    case 200: return response.body
    case 404: return nil
    default: throw failure("GET", id: id, response)
    }
  }

  /// Stores `body` (a JSON document) as item `id`; the store's answer body (often empty).
  @discardableResult
  public func replace(id: Int, with body: [UInt8]) throws(Failure) -> [UInt8] {
    let response = try send("PUT", id: id, body: body)
    guard (200...299).contains(response.status) else { throw failure("PUT", id: id, response) }
    return response.body
  }

  private func send(_ method: String, id: Int, body: [UInt8]?) throws(Failure)
    -> PlainHTTPClient.Response
  {
    let headers = body == nil ? [] : [("Content-Type", "application/json")]
    do {
      return try client.send(method, "/items/\(id)", headers: headers, body: body)
    } catch {
      throw Failure(description: "the item store \(client.url) failed: \(error)")
    }
  }

  private func failure(_ method: String, id: Int, _ response: PlainHTTPClient.Response) -> Failure {
    let excerpt = String(decoding: response.body.prefix(120), as: UTF8.self)
    return Failure(
      description: "the item store \(client.url) answered \(method) /items/\(id) with "
        + "\(response.status) \(excerpt)")
  }
}
