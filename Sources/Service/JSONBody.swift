import Foundation

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
