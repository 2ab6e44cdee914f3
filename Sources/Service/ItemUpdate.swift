import Foundation

/// The body of `PUT /items/:id`: `{"name": "...", "price_cents": 1499}`, checked.
struct ItemUpdate: Sendable, Equatable {
  /// The longest name accepted, in characters.
  static let maxNameLength = 200
  /// The highest price accepted, in cents (a million of the currency).
  static let maxPriceCents = 100_000_000

  var name: String
  var priceCents: Int

  private struct Body: Decodable {
    var name: String?
    var priceCents: Int?

    enum CodingKeys: String, CodingKey {
      case name
      case priceCents = "price_cents"
    }
  }

  /// Parses and validates `bytes`; throws a `RequestProblem` (400 or 422) saying what to fix.
  static func parse(_ bytes: [UInt8]) throws -> ItemUpdate {
    let body: Body = try JSONBody.decode(
      bytes, example: #"{"name": "blue lamp", "price_cents": 1499}"#)
    guard let name = body.name else { throw JSONBody.missing("name") }
    guard let price = body.priceCents else { throw JSONBody.missing("price_cents") }
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty {
      throw RequestProblem(.unprocessableContent, "'name' is empty; give the item a name")
    }
    if trimmed.count > maxNameLength {
      throw RequestProblem(
        .unprocessableContent, "'name' is longer than \(maxNameLength) characters; shorten it")
    }
    if trimmed.contains(where: \.isNewline) {
      throw RequestProblem(.unprocessableContent, "'name' contains a line break; use one line")
    }
    if !(0...maxPriceCents).contains(price) {
      throw RequestProblem(
        .unprocessableContent,
        "'price_cents' must be 0…\(maxPriceCents) (got \(price)); send the price in cents")
    }
    return ItemUpdate(name: trimmed, priceCents: price)
  }
}

/// Decoding JSON request bodies with errors a client can act on.
enum JSONBody {
  /// Decodes `bytes` as `Value`; malformed JSON is a 400, a field of the wrong type a 422.
  static func decode<Value: Decodable>(_ bytes: [UInt8], example: String) throws -> Value {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw RequestProblem(.badRequest, "The request body is empty; send JSON like \(example)")
    }
    do {
      return try JSONDecoder().decode(Value.self, from: Data(bytes))
    } catch DecodingError.typeMismatch(let type, let context) where !context.codingPath.isEmpty {
      let field = context.codingPath.map(\.stringValue).joined(separator: ".")
      let kind = type == Int.self ? "a whole number" : "a string"
      throw RequestProblem(.unprocessableContent, "'\(field)' must be \(kind); see \(example)")
    } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
      let field = context.codingPath.map(\.stringValue).joined(separator: ".")
      throw RequestProblem(
        .unprocessableContent, "'\(field)' has an unusable value; see \(example)")
    } catch {
      throw RequestProblem(
        .badRequest, "The request body is not a JSON object; send JSON like \(example)")
    }
  }

  /// The problem of a required field that is absent.
  static func missing(_ field: String) -> RequestProblem {
    RequestProblem(.unprocessableContent, "Missing field '\(field)'; add it to the JSON body")
  }
}
