import Foundation

/// The JSON form of items in Redis, shared by the write strategies.
///
/// Keys are sorted so the same item always encodes to the same bytes: the write-back flush
/// compares bytes to tell whether a value changed while it was being flushed.
struct ItemCodec {
  private let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return encoder
  }()
  private let decoder = JSONDecoder()

  func encode(_ item: Item) throws -> [UInt8] { Array(try encoder.encode(item)) }

  /// The item in `bytes`, or nil when they are not an item's JSON.
  func decode(_ bytes: [UInt8]) -> Item? {
    ItemJSONReader.decode(bytes) ?? (try? decoder.decode(Item.self, from: Data(bytes)))
  }
}
