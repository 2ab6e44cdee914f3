/// The families of DSA drills, one per day's DSA block.
public enum DrillFamily: String, Sendable, CaseIterable, Codable {
  /// Heaps and priority queues (days 1 and 7).
  case heap
  /// LRU-style caches (day 2).
  case lru
  /// Sliding windows (day 3).
  case window
  /// Queues and breadth-first search (day 4).
  case bfs
  /// A mix of all, weighted to weak spots (day 7).
  case mixed
}
