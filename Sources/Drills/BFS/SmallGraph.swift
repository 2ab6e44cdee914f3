/// What one dequeue of a breadth-first search did.
public struct BFSVisit: Sendable, Equatable {
  /// The node taken from the front of the queue.
  public var node: Int
  /// Its neighbours seen for the first time, enqueued in this order.
  public var enqueued: [Int]
  /// The queue after the visit, front first.
  public var queue: [Int]
}

/// An undirected graph of a few named nodes, each adjacency list sorted by name.
public struct SmallGraph: Sendable, Equatable {
  /// The node names, such as `a` to `g`; node `i` is `names[i]`.
  public var names: [String]
  /// The neighbours of each node, in the order BFS looks at them.
  public var adjacency: [[Int]]

  /// A graph over `names` with the undirected `edges`; each adjacency list is sorted.
  public init(names: [String], edges: [(Int, Int)]) {
    self.names = names
    var adjacency = Array(repeating: [Int](), count: names.count)
    for (one, other) in edges where one != other {
      if !adjacency[one].contains(other) { adjacency[one].append(other) }
      if !adjacency[other].contains(one) { adjacency[other].append(one) }
    }
    self.adjacency = adjacency.map { $0.sorted() }
  }

  /// Breadth-first search from `start`: each dequeue and what it enqueued.
  ///
  /// A node is marked seen when it is enqueued, so it is never queued twice.
  public func breadthFirst(from start: Int) -> [BFSVisit] {
    var seen = Array(repeating: false, count: names.count)
    seen[start] = true
    var queue = [start]
    var head = 0
    var visits: [BFSVisit] = []
    while head < queue.count {
      let node = queue[head]
      head += 1
      var enqueued: [Int] = []
      for next in adjacency[node] where !seen[next] {
        seen[next] = true
        queue.append(next)
        enqueued.append(next)
      }
      visits.append(BFSVisit(node: node, enqueued: enqueued, queue: Array(queue[head...])))
    }
    return visits
  }

  /// The nodes in the order breadth-first search from `start` visits them.
  public func breadthFirstOrder(from start: Int) -> [Int] {
    breadthFirst(from: start).map(\.node)
  }
}
