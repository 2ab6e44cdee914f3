import Foundation
import Testing

@testable import Patterns

@Suite struct ItemJSONReaderTests {
  @Test func readsWhatJSONEncoderWritesExactlyAsJSONDecoderDoes() throws {
    let names = [
      "Green mug", "say \"cheese\"", "back\\slash", "tab\there", "line\nbreak", "héllo wörld 日本",
      "emoji 🍵", "slash / path", "",
    ]
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    for (index, name) in names.enumerated() {
      let item = Item(
        id: index + 1, name: name, priceCents: -index * 1234, version: index,
        updatedAt: 1_700_000_000.25 + Double(index))
      let bytes = Array(try encoder.encode(item))
      let decoded = try JSONDecoder().decode(Item.self, from: Data(bytes))
      #expect(ItemJSONReader.decode(bytes) == decoded, "\(String(decoding: bytes, as: UTF8.self))")
    }
  }

  @Test func anythingElseIsLeftToJSONDecoder() {
    for text in [
      "", "{}", "[]", "{\"id\":1}", "{\"id\":1,\"name\":\"a\",\"priceCents\":1,\"version\":1}",
      "{\"id\":1,\"name\":\"a\",\"priceCents\":1,\"version\":1,\"updatedAt\":1,\"extra\":2}",
      "{\"id\":1,\"name\":\"\\u00e9\",\"priceCents\":1,\"version\":1,\"updatedAt\":1}",
      "{\"id\":1,\"name\":\"a\",\"priceCents\":1,\"version\":1,\"updatedAt\":1} trailing",
      "{\"id\":\"1\",\"name\":\"a\",\"priceCents\":1,\"version\":1,\"updatedAt\":1}",
    ] {
      #expect(ItemJSONReader.decode(Array(text.utf8)) == nil, "\(text)")
    }
    // A field name with an escape, a raw control character and bytes that are not UTF-8.
    let rest = Array(",\"priceCents\":1,\"version\":1,\"updatedAt\":1}".utf8)
    for oddity: [UInt8] in [
      Array("{\"id\":1,\"n\\u0061me\":\"a\"".utf8),
      Array("{\"id\":1,\"name\":\"a\tb\"".utf8),
      Array("{\"id\":1,\"name\":\"".utf8) + [0xC3, 0x28] + Array("\"".utf8),
    ] {
      #expect(ItemJSONReader.decode(oddity + rest) == nil, "\(oddity)")
    }
    let spaced =
      " { \"id\" : 7 , \"name\" : \"x\" , \"priceCents\" : 5 , \"version\" : 2 , \"updatedAt\" : 1.5 } "
    #expect(
      ItemJSONReader.decode(Array(spaced.utf8))
        == Item(id: 7, name: "x", priceCents: 5, version: 2, updatedAt: 1.5))
  }
}
