/// Cache states drawn as text: the LRU list with the evicted node, and the LFU use counts.
public enum CachePicture {
  /// The LRU list from most to least recent, with the evicted entry struck off the tail.
  ///
  /// ```
  /// MRU  d=4 <-> b=2 <-> a=1  LRU   ~~c=3~~ evicted
  /// ```
  public static func lru(
    _ entries: [(key: String, value: Int)], evicted: (key: String, value: Int)?
  )
    -> String
  {
    let list =
      entries.isEmpty
      ? "(empty)" : entries.map { "\($0.key)=\($0.value)" }.joined(separator: " <-> ")
    var text = "MRU  \(list)  LRU"
    if let evicted { text += "   ~~\(evicted.key)=\(evicted.value)~~ evicted" }
    return text
  }

  /// The LFU entries grouped by use count, highest first; the most recent first within a count.
  ///
  /// ```
  /// uses 3  a=1
  /// uses 1  d=4 <-> c=3
  /// evicted: ~~b=2~~ (fewest uses, least recent of those)
  /// ```
  public static func lfu(_ entries: [LFUEntry<String>], evicted: LFUEntry<String>?) -> String {
    let counts = Set(entries.map(\.frequency)).sorted(by: >)
    var lines = counts.map { count in
      let group = entries.filter { $0.frequency == count }.sorted { $0.lastUse > $1.lastUse }
      return "uses \(count)  " + group.map { "\($0.key)=\($0.value)" }.joined(separator: " <-> ")
    }
    if entries.isEmpty { lines.append("(empty)") }
    if let evicted {
      lines.append(
        "evicted: ~~\(evicted.key)=\(evicted.value)~~ (fewest uses, least recent of those)")
    }
    return lines.joined(separator: "\n")
  }
}
