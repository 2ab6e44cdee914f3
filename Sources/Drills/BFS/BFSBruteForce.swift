/// Slow, obviously-correct answers to the queue and BFS problems.
public enum BFSBruteForce {
  /// Distances by relaxation: repeat "a cell is one more than its nearest neighbour" until stable.
  public static func distances(_ maze: GridMaze, from origin: GridPoint) -> [Int] {
    var distance = Array(repeating: Int.max, count: maze.height * maze.width)
    guard maze.isOpen(origin) else { return distance.map { _ in -1 } }
    distance[origin.row * maze.width + origin.column] = 0
    var changed = true
    while changed {
      changed = false
      for row in 0..<maze.height {
        for column in 0..<maze.width {
          let point = GridPoint(row: row, column: column)
          guard maze.isOpen(point) else { continue }
          for neighbour in maze.neighbours(of: point) {
            let through = distance[neighbour.row * maze.width + neighbour.column]
            if through != Int.max && through + 1 < distance[row * maze.width + column] {
              distance[row * maze.width + column] = through + 1
              changed = true
            }
          }
        }
      }
    }
    return distance.map { $0 == Int.max ? -1 : $0 }
  }

  /// Counts shortest paths by walking every simple path of the shortest length from `S`.
  public static func shortestPathCount(_ maze: GridMaze) -> Int {
    guard let start = maze.start, let goal = maze.goal,
      let length = maze.shortestPathLength()
    else { return 0 }
    var visited: Set<GridPoint> = [start]
    func walk(_ point: GridPoint, _ moves: Int) -> Int {
      if point == goal { return moves == length ? 1 : 0 }
      guard moves < length else { return 0 }
      var total = 0
      for next in maze.neighbours(of: point) where !visited.contains(next) {
        visited.insert(next)
        total += walk(next, moves + 1)
        visited.remove(next)
      }
      return total
    }
    return walk(start, 0)
  }

  /// BFS order built level by level from all-pairs distances (Floyd-Warshall) instead of a queue.
  ///
  /// Level d + 1 lists, for each node of level d in order, its neighbours at distance d + 1
  /// not listed yet, in adjacency order: exactly what a FIFO queue produces.
  public static func breadthFirstOrder(_ graph: SmallGraph, from start: Int) -> [Int] {
    let count = graph.names.count
    let far = Int.max / 4
    var distance = Array(repeating: Array(repeating: far, count: count), count: count)
    for node in 0..<count {
      distance[node][node] = 0
      for next in graph.adjacency[node] { distance[node][next] = 1 }
    }
    for via in 0..<count {
      for from in 0..<count {
        for to in 0..<count where distance[from][via] + distance[via][to] < distance[from][to] {
          distance[from][to] = distance[from][via] + distance[via][to]
        }
      }
    }
    var order = [start]
    var level = [start]
    var depth = 0
    while !level.isEmpty {
      var next: [Int] = []
      for node in level {
        for neighbour in graph.adjacency[node]
        where distance[start][neighbour] == depth + 1 && !next.contains(neighbour) {
          next.append(neighbour)
        }
      }
      order += next
      level = next
      depth += 1
    }
    return order
  }

  /// Level order by depth: the node at heap index i sits at depth floor(log2(i + 1)).
  public static func levels(_ tree: [Int?]) -> [[Int]] {
    var levels: [[Int]] = []
    for (index, value) in tree.enumerated() {
      guard let value, isReachable(tree, index) else { continue }
      var depth = 0
      while (1 << (depth + 1)) - 1 <= index { depth += 1 }
      while levels.count <= depth { levels.append([]) }
      levels[depth].append(value)
    }
    return levels.filter { !$0.isEmpty }
  }

  /// A FIFO queue of unbounded size, refusing values once it holds `capacity`.
  public static func bufferResults(_ operations: [BufferOperation], capacity: Int) -> [Int?] {
    var queue: [Int] = []
    return operations.map { operation in
      switch operation {
      case .enqueue(let value):
        guard queue.count < capacity else { return nil }
        queue.append(value)
        return value
      case .dequeue:
        return queue.isEmpty ? nil : queue.removeFirst()
      }
    }
  }

  private static func isReachable(_ tree: [Int?], _ index: Int) -> Bool {
    var current = index
    while current > 0 {
      current = (current - 1) / 2
      if tree[current] == nil { return false }
    }
    return true
  }
}
