import Foundation
import JSON

/// A JSON request body's top-level object, read field by field so that each wrong field gets
/// a message naming it: malformed JSON is a 400, a missing, unknown or mistyped field a 422.
struct JSONBody {
  /// A body example the messages end with, so the client sees what to send.
  let example: String
  private let fields: [String: JSONValue]

  /// Parses `bytes` as a JSON object holding only the fields in `allowed`.
  static func parse(_ bytes: [UInt8], allowed: [String], example: String) throws -> JSONBody {
    let value: JSONValue
    do throws(JSONSyntaxError) {
      value = try JSONParser.parse(bytes)
    } catch {
      if error.reason == .empty {
        throw RequestProblem(.badRequest, "The request body is empty; send JSON like \(example)")
      }
      throw RequestProblem(
        .badRequest, "The request body is not valid JSON; send JSON like \(example)")
    }
    guard let fields = value.members else {
      throw RequestProblem(
        .badRequest,
        "The request body is \(Self.describe(value)), not a JSON object; send JSON like \(example)"
      )
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
    guard let value = fields[name] else { return nil }
    guard let text = value.string else { throw mistyped(name, "must be a string", value) }
    return text
  }

  /// The whole number in field `name` (1499 or 1499.0, not 14.99); `unit` names what it
  /// counts, for the message.
  func wholeNumber(_ name: String, of unit: String) throws -> Int {
    guard let value = fields[name] else { throw missing(name) }
    guard let number = value.number, number.rounded() == number else {
      throw mistyped(name, "must be a whole number of \(unit)", value)
    }
    // A literal like 1499 is read exactly; 1499.0 or 1.5e3 went through a Double, trusted only
    // well below 2^53. Past that, as 1e30 or 99999999999999999999 are, the value is refused.
    guard let whole = value.integer ?? (abs(number) < 1e15 ? Int(number) : nil) else {
      throw RequestProblem(
        .unprocessableContent, "'\(name)' is out of range (\(number)); see \(example)")
    }
    return whole
  }

  private func missing(_ name: String) -> RequestProblem {
    RequestProblem(
      .unprocessableContent, "Missing field '\(name)'; send JSON like \(example)")
  }

  private func mistyped(_ name: String, _ rule: String, _ value: JSONValue) -> RequestProblem {
    RequestProblem(
      .unprocessableContent, "'\(name)' \(rule), not \(Self.describe(value)); see \(example)")
  }

  /// What a value is, for a message: `1.5`, `a string`, `null`, `a list`.
  private static func describe(_ value: JSONValue) -> String {
    switch value.content {
    case .null: return "null"
    case .bool(let flag): return "\(flag)"
    case .number(let number, _):
      return (value.integer ?? Int(exactly: number)).map { "\($0)" } ?? "\(number)"
    case .string: return "a string"
    case .array: return "a list"
    case .object: return "an object"
    }
  }
}
