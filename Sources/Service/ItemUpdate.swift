import Foundation

/// The body of `PUT /items/:id`: `{"name": "...", "price_cents": 1499}`, checked.
struct ItemUpdate: Sendable, Equatable {
  /// The longest name accepted, in characters.
  static let maxNameLength = 200
  /// The highest price accepted, in cents (a million of the currency).
  static let maxPriceCents = 100_000_000

  var name: String
  var priceCents: Int

  /// Parses and validates `bytes`; throws a `RequestProblem` (400 or 422) saying what to fix.
  static func parse(_ bytes: [UInt8]) throws -> ItemUpdate {
    let body = try JSONBody.parse(
      bytes, allowed: ["name", "price_cents"],
      example: #"{"name": "blue lamp", "price_cents": 1499}"#)
    let name = try body.string("name")
    let price = try body.wholeNumber("price_cents", of: "cents")
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
