/// Returns the fewest moves from "S" to "G" in grid (rows of ASCII bytes), or -1.
func shortestPath(_ grid: [[UInt8]]) -> Int {
  // TODO: breadth-first search from S with a queue (an array and a head index)
  // and a distance per cell.
  return -1
}

func main() {
  let size = (readLine() ?? "").split(separator: " ")
  let rows = Int(size[0])!
  let grid = (0..<rows).map { _ in Array((readLine() ?? "").utf8) }
  print(shortestPath(grid))
}

main()
