// Reference solution: what a correct program prints.

/// Returns the fewest moves from "S" to "G" in grid (rows of ASCII bytes), or -1.
func shortestPath(_ grid: [[UInt8]]) -> Int {
  let rows = grid.count
  let columns = grid.first?.count ?? 0
  var distance = [Int](repeating: -1, count: rows * columns)
  var queue: [Int] = []
  for row in 0..<rows {
    for column in 0..<columns where grid[row][column] == UInt8(ascii: "S") {
      distance[row * columns + column] = 0
      queue.append(row * columns + column)
    }
  }
  var head = 0
  while head < queue.count {
    let cell = queue[head]
    head += 1
    let row = cell / columns
    let column = cell % columns
    if grid[row][column] == UInt8(ascii: "G") { return distance[cell] }
    for (nextRow, nextColumn) in [
      (row - 1, column), (row + 1, column), (row, column - 1), (row, column + 1),
    ]
    where nextRow >= 0 && nextRow < rows && nextColumn >= 0 && nextColumn < columns
      && grid[nextRow][nextColumn] != UInt8(ascii: "#")
      && distance[nextRow * columns + nextColumn] < 0
    {
      distance[nextRow * columns + nextColumn] = distance[cell] + 1
      queue.append(nextRow * columns + nextColumn)
    }
  }
  return -1
}

func main() {
  let size = (readLine() ?? "").split(separator: " ")
  let rows = Int(size[0])!
  let grid = (0..<rows).map { _ in Array((readLine() ?? "").utf8) }
  print(shortestPath(grid))
}

main()
