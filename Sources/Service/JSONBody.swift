import Foundation

/// A JSON request body's top-level object, read field by field so that each wrong field gets
/// a message naming it: malformed JSON is a 400, a missing, unknown or mistyped field a 422.
struct JSONBody {
  /// A body example the messages end with, so the client sees what to send.
  let example: String
  private let fields: [String: JSONValue]

  /// Parses `bytes` as a JSON object holding only the fields in `allowed`.
  static func parse(_ bytes: [UInt8], allowed: [String], example: String) throws -> JSONBody {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw RequestProblem(.badRequest, "The request body is empty; send JSON like \(example)")
    }
    let value: JSONValue
    do {
      value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    } catch {
      throw RequestProblem(
        .badRequest, "The request body is not valid JSON; send JSON like \(example)")
    }
    guard case .object(let fields) = value else {
      throw RequestProblem(
        .badRequest,
        "The request body is \(value.description), not a JSON object; send JSON like \(example)")
    }
    if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
      let names = allowed.map { "'\($0)'" }.joined(separator: ", ")
      throw RequestProblem(
        .unprocessableContent, "Unknown field '\(unknown)'; the fields are \(names)")
    }
    return JSONBody(example: example, fields: fields)
  }

  /// Refuses a body whose Content-Type says it is not JSON (415).
  ///
  /// Passing: none, `application/json`, `application/…+json`, and
  /// `application/x-www-form-urlencoded`, which `curl -d` sends unless told otherwise; the
  /// body itself then has to be JSON.
  static func checkContentType(_ value: String?) throws {
    guard let value else { return }
    let mediaType = value.split(separator: ";", omittingEmptySubsequences: false)[0]
      .trimmingCharacters(in: .whitespaces).lowercased()
    let json =
      mediaType.isEmpty || mediaType == "application/json"
      || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    if json || mediaType == "application/x-www-form-urlencoded" { return }
    throw RequestProblem(
      .unsupportedMediaType,
      "The body must be JSON, not \(mediaType); send it with -H 'Content-Type: application/json'"
    )
  }

  /// The string in field `name`; throws when it is absent or not a string.
  func string(_ name: String) throws -> String {
    guard let value = try optionalString(name) else { throw missing(name) }
    return value
  }

  /// The string in field `name`, nil when absent; throws when it is there but not a string.
  func optionalString(_ name: String) throws -> String? {
    switch fields[name] {
    case nil: return nil
    case .string(let text)?: return text
    case let other?: throw mistyped(name, "must be a string", other)
    }
  }

  /// The whole number in field `name` (1499 or 1499.0, not 14.99); `unit` names what it
  /// counts, for the message.
  func wholeNumber(_ name: String, of unit: String) throws -> Int {
    switch fields[name] {
    case nil: throw missing(name)
    case .integer(let number)?: return number
    case .number(let number)? where number.rounded() == number:
      // Whole but past what Int holds exactly, as 1e30 or 99999999999999999999 are.
      guard abs(number) < 1e15 else {
        throw RequestProblem(
          .unprocessableContent, "'\(name)' is out of range (\(number)); see \(example)")
      }
      return Int(number)
    case let other?: throw mistyped(name, "must be a whole number of \(unit)", other)
    }
  }

  private func missing(_ name: String) -> RequestProblem {
    RequestProblem(
      .unprocessableContent, "Missing field '\(name)'; send JSON like \(example)")
  }

  private func mistyped(_ name: String, _ rule: String, _ value: JSONValue) -> RequestProblem {
    RequestProblem(
      .unprocessableContent, "'\(name)' \(rule), not \(value.description); see \(example)")
  }
}

/// Any JSON value, decoded without a schema so the service can say which field is wrong.
enum JSONValue: Decodable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// What the value is, for a message: `1.5`, `a string`, `null`, `a list`.
  var description: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return "\(value)"
    case .integer(let value): return "\(value)"
    case .number(let value): return "\(value)"
    case .string: return "a string"
    case .array: return "a list"
    case .object: return "an object"
    }
  }
}
