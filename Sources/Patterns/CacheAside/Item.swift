/// A catalogue item: the row the store keeps and the JSON value the cache holds.
public struct Item: Codable, Sendable, Equatable, Hashable {
  public var id: Int
  public var name: String
  public var priceCents: Int
  /// Incremented by every write, so a reader can tell an old copy from a new one.
  public var version: Int
  /// When the item was last written, in seconds since the epoch (of the demo's clock).
  public var updatedAt: Double

  public init(id: Int, name: String, priceCents: Int, version: Int, updatedAt: Double) {
    self.id = id
    self.name = name
    self.priceCents = priceCents
    self.version = version
    self.updatedAt = updatedAt
  }
}
