/// Reads an item's JSON without Foundation's `JSONDecoder`, for the cache-hit path.
///
/// A hit is one GET and one decode; `JSONDecoder` alone cost more than the GET's round trip
/// on loopback, so the hit path read 20% slower than a raw GET. This reader understands the
/// flat object an `Item` encodes to (strings with escapes, numbers) and returns nil for
/// anything else, so the caller falls back to `JSONDecoder` and never accepts bad JSON
/// silently.
///
/// It stays beside the `JSON` target on purpose: `JSONParser` builds a value tree with a
/// position for every value and field before anything can be read from it; this reader
/// takes the five known fields straight into an `Item`, with no tree in between.
enum ItemJSONReader {
  static func decode(_ bytes: [UInt8]) -> Item? {
    var reader = Cursor(bytes: bytes)
    var id: Int?
    var name: String?
    var priceCents: Int?
    var version: Int?
    var updatedAt: Double?
    guard reader.consume(UInt8(ascii: "{")) else { return nil }
    if reader.consume(UInt8(ascii: "}")) { return nil }
    repeat {
      guard let field = reader.field(), reader.consume(UInt8(ascii: ":")) else { return nil }
      switch field {
      case .id: id = reader.integer()
      case .name: name = reader.string()
      case .priceCents: priceCents = reader.integer()
      case .version: version = reader.integer()
      case .updatedAt: updatedAt = reader.number()
      }
    } while reader.consume(UInt8(ascii: ","))
    guard reader.consume(UInt8(ascii: "}")), reader.atEnd, let id, let name, let priceCents,
      let version, let updatedAt
    else { return nil }
    return Item(id: id, name: name, priceCents: priceCents, version: version, updatedAt: updatedAt)
  }

  /// The fields an `Item` encodes, by their JSON names.
  private enum Field: CaseIterable {
    case id, name, priceCents, version, updatedAt

    var utf8: String.UTF8View {
      switch self {
      case .id: "id".utf8
      case .name: "name".utf8
      case .priceCents: "priceCents".utf8
      case .version: "version".utf8
      case .updatedAt: "updatedAt".utf8
      }
    }
  }

  private struct Cursor {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool {
      var copy = self
      copy.skipSpace()
      return copy.index == bytes.count
    }

    mutating func skipSpace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: index += 1
        default: return
        }
      }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
      skipSpace()
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }

    /// A field's name, matched in place (a hit decodes one item per request, and a String
    /// per field name was most of its allocations); nil for any other name.
    mutating func field() -> Field? {
      guard consume(UInt8(ascii: "\"")) else { return nil }
      let start = index
      while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != 0x5C {
        index += 1
      }
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
      let name = bytes[start..<index]
      index += 1
      return Field.allCases.first { $0.utf8.elementsEqual(name) }
    }

    /// A JSON string; escapes other than the simple ones and \uXXXX give nil.
    mutating func string() -> String? {
      guard consume(UInt8(ascii: "\"")) else { return nil }
      // Without escapes the string is its bytes as they stand.
      var end = index
      while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != 0x5C,
        bytes[end] >= 0x20
      {
        end += 1
      }
      if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
        let text = String(validating: bytes[index..<end], as: UTF8.self)
        index = end + 1
        return text
      }
      var out: [UInt8] = []
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""):
          return String(validating: out, as: UTF8.self)
        case UInt8(ascii: "\\"):
          guard index < bytes.count else { return nil }
          let escaped = bytes[index]
          index += 1
          switch escaped {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          default: return nil  // \u escapes: rare in item names, left to JSONDecoder
          }
        case 0..<0x20:
          return nil
        default:
          out.append(byte)
        }
      }
      return nil
    }

    mutating func integer() -> Int? {
      skipSpace()
      var negative = false
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
        negative = true
        index += 1
      }
      var value = 0
      var digits = 0
      while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
        let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowB) = times.addingReportingOverflow(Int(bytes[index] - 0x30))
        if overflowA || overflowB { return nil }
        value = sum
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      return negative ? -value : value
    }

    mutating func number() -> Double? {
      skipSpace()
      let start = index
      scan: while index < bytes.count {
        switch bytes[index] {
        case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
          UInt8(ascii: "e"), UInt8(ascii: "E"):
          index += 1
        default: break scan
        }
      }
      guard index > start else { return nil }
      return Double(String(decoding: bytes[start..<index], as: UTF8.self))
    }
  }
}
