import Foundation
import HTTPTypes
import Hummingbird
import Patterns

/// Building the service's JSON responses.
enum ServiceResponse {
  /// The Content-Type of every JSON body.
  static let jsonContentType = "application/json; charset=utf-8"

  /// A JSON body with `status` and extra header fields.
  static func json(
    _ status: HTTPResponse.Status, _ text: String, headers: [(String, String)] = []
  ) -> Response {
    var fields = HTTPFields()
    fields[.contentType] = jsonContentType
    for (name, value) in headers {
      if let fieldName = fieldName(name) {
        fields.append(HTTPField(name: fieldName, value: value))
      }
    }
    return Response(
      status: status, headers: fields,
      body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
  }

  /// The header names every limited response carries, made once.
  private static let knownNames: [String: HTTPField.Name] = Dictionary(
    uniqueKeysWithValues: [
      "X-Cache", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After",
      "Location", "Allow",
    ].compactMap { name in HTTPField.Name(name).map { (name, $0) } })

  /// The field name for `name`, from the known ones when it is one.
  static func fieldName(_ name: String) -> HTTPField.Name? {
    knownNames[name] ?? HTTPField.Name(name)
  }

  /// `{"error": message}`: one line saying what went wrong and what to do.
  static func error(
    _ status: HTTPResponse.Status, _ message: String, headers: [(String, String)] = []
  ) -> Response {
    json(status, errorLine(message), headers: headers)
  }

  /// The error body's one line of JSON: `{"error": message}`.
  static func errorLine(_ message: String) -> String {
    ServiceLog.line([("error", .string(message))])
  }

  /// An item as the API shows it (snake_case, keys sorted), written directly.
  ///
  /// The hot read path does not pay for JSONEncoder.
  static func item(
    _ status: HTTPResponse.Status, _ item: Item, headers: [(String, String)] = []
  ) -> Response {
    json(
      status,
      ServiceLog.line([
        ("id", .int(item.id)), ("name", .string(item.name)), ("price_cents", .int(item.priceCents)),
        ("updated_at", .double(item.updatedAt)), ("version", .int(item.version)),
      ]), headers: headers)
  }

  /// An item's body: a SQLite row as `item` writes it, or the item store's document as it is.
  static func item(
    _ status: HTTPResponse.Status, _ body: ItemBody, headers: [(String, String)] = []
  ) -> Response {
    switch body {
    case .item(let item): return self.item(status, item, headers: headers)
    case .document(let bytes): return document(status, bytes, headers: headers)
    }
  }

  /// A JSON document as it came (from the item store over HTTP).
  static func document(
    _ status: HTTPResponse.Status, _ bytes: [UInt8], headers: [(String, String)] = []
  ) -> Response {
    json(status, String(decoding: bytes, as: UTF8.self), headers: headers)
  }

  /// No body (204), with extra header fields.
  static func empty(_ status: HTTPResponse.Status, headers: [(String, String)] = []) -> Response {
    var fields = HTTPFields()
    for (name, value) in headers {
      if let fieldName = fieldName(name) { fields.append(HTTPField(name: fieldName, value: value)) }
    }
    return Response(status: status, headers: fields)
  }

  /// An encodable value as JSON with snake_case keys.
  static func encoded<Value: Encodable>(
    _ status: HTTPResponse.Status, _ value: Value, headers: [(String, String)] = []
  ) -> Response {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return json(status, text, headers: headers)
  }
}
