/// A cell of a grid, by row and column from the top left.
public struct GridPoint: Hashable, Sendable {
  /// The row, 0 at the top.
  public var row: Int
  /// The column, 0 at the left.
  public var column: Int

  /// The cell at `row`, `column`.
  public init(row: Int, column: Int) {
    self.row = row
    self.column = column
  }
}

/// A rectangular maze of open cells `.`, walls `#`, one start `S` and one goal `G`.
///
/// Moves go up, down, left and right. Breadth-first search from `S` reaches every cell by
/// a shortest route, so the first time it reaches `G` gives the path length.
public struct GridMaze: Sendable, Equatable {
  /// The number of rows.
  public let height: Int
  /// The number of columns.
  public let width: Int
  /// The cells row by row, as ASCII bytes.
  public private(set) var cells: [UInt8]

  /// A maze from rows of `.#SG`, all the same length; nil if the rows are ragged or empty.
  public init?(rows: [String]) {
    guard let first = rows.first, !first.isEmpty,
      rows.allSatisfy({ $0.utf8.count == first.utf8.count })
    else { return nil }
    height = rows.count
    width = first.utf8.count
    cells = rows.flatMap { Array($0.utf8) }
  }

  /// The maze as rows of text.
  public var rows: [String] {
    (0..<height).map { row in
      String(decoding: cells[(row * width)..<((row + 1) * width)], as: UTF8.self)
    }
  }

  /// The first cell marked `S`, if any.
  public var start: GridPoint? { point(of: UInt8(ascii: "S")) }

  /// The first cell marked `G`, if any.
  public var goal: GridPoint? { point(of: UInt8(ascii: "G")) }

  /// The character at `point`.
  public subscript(point: GridPoint) -> Character {
    Character(UnicodeScalar(cells[point.row * width + point.column]))
  }

  /// True for a cell inside the maze that is not a wall.
  public func isOpen(_ point: GridPoint) -> Bool {
    point.row >= 0 && point.row < height && point.column >= 0 && point.column < width
      && cells[point.row * width + point.column] != UInt8(ascii: "#")
  }

  /// The open neighbours of `point`, in the order up, down, left, right.
  public func neighbours(of point: GridPoint) -> [GridPoint] {
    [
      GridPoint(row: point.row - 1, column: point.column),
      GridPoint(row: point.row + 1, column: point.column),
      GridPoint(row: point.row, column: point.column - 1),
      GridPoint(row: point.row, column: point.column + 1),
    ].filter(isOpen)
  }

  /// The number of moves from `origin` to every cell, row by row; -1 where unreachable.
  public func distances(from origin: GridPoint) -> [Int] {
    var distance = Array(repeating: -1, count: cells.count)
    guard isOpen(origin) else { return distance }
    var queue = [origin.row * width + origin.column]
    distance[queue[0]] = 0
    var head = 0
    let wall = UInt8(ascii: "#")
    while head < queue.count {
      let cell = queue[head]
      head += 1
      let row = cell / width
      let column = cell % width
      for next in [
        row > 0 ? cell - width : -1, row + 1 < height ? cell + width : -1,
        column > 0 ? cell - 1 : -1, column + 1 < width ? cell + 1 : -1,
      ] where next >= 0 && cells[next] != wall && distance[next] < 0 {
        distance[next] = distance[cell] + 1
        queue.append(next)
      }
    }
    return distance
  }

  /// The fewest moves from `S` to `G`, or nil if `G` cannot be reached.
  public func shortestPathLength() -> Int? {
    guard let start, let goal else { return nil }
    let distance = distances(from: start)[goal.row * width + goal.column]
    return distance >= 0 ? distance : nil
  }

  /// The cells of one shortest path from `S` to `G`, both ends included; nil if none.
  ///
  /// Walks back from `G`, each time to the first neighbour (up, down, left, right) one move
  /// nearer to `S`.
  public func shortestPath() -> [GridPoint]? {
    guard let start, let goal, shortestPathLength() != nil else { return nil }
    let distance = distances(from: start)
    var path = [goal]
    var current = goal
    while current != start {
      let here = distance[current.row * width + current.column]
      current = neighbours(of: current).first {
        distance[$0.row * width + $0.column] == here - 1
      }!
      path.append(current)
    }
    return path.reversed()
  }

  /// How many different shortest paths lead from `S` to `G` (0 if none), counting up to `limit`.
  public func shortestPathCount(limit: Int = 1_000_000) -> Int {
    guard let start, let goal else { return 0 }
    let distance = distances(from: start)
    let order = distance.indices.filter { distance[$0] >= 0 }.sorted { distance[$0] < distance[$1] }
    var ways = Array(repeating: 0, count: cells.count)
    ways[start.row * width + start.column] = 1
    for cell in order where distance[cell] > 0 {
      let point = GridPoint(row: cell / width, column: cell % width)
      for previous in neighbours(of: point)
      where distance[previous.row * width + previous.column] == distance[cell] - 1 {
        ways[cell] = min(limit, ways[cell] + ways[previous.row * width + previous.column])
      }
    }
    return ways[goal.row * width + goal.column]
  }

  private func point(of marker: UInt8) -> GridPoint? {
    cells.firstIndex(of: marker).map { GridPoint(row: $0 / width, column: $0 % width) }
  }
}
