/// Judge problem `grid-shortest-path`: fewest moves from S to G in a grid with walls.
enum GridShortestPathJudge: JudgeDefinition {
  typealias Instance = GridMaze

  static let name = "grid-shortest-path"
  static let family = DrillFamily.bfs
  static let statement = """
    Print the fewest moves from S to G, moving up, down, left or right through open cells \
    (walls are #), or -1 if G cannot be reached.

    Breadth-first search from S reaches every cell first by a shortest route: O(rows x cols). \
    Large cases have 200,000 cells, one of them a long winding corridor.

    Example input:
    3 4
    S.#.
    .##G
    ....
    Example output:
    5
    """
  static let inputFormat = """
    Line 1: rows cols (at least 2 cells, rows x cols <= 250000).
    Then rows lines of cols characters: . open, # wall, S start, G goal (exactly one S and \
    one G).
    """
  static let outputFormat = "One line: the fewest moves from S to G, or -1 if there is no way."

  static let edgeInstances: [Instance] = [
    ["SG"], ["S#G"], ["S", ".", "G"], ["S.#.", ".##G", "...."],
    ["S#..", "##..", "...G"], ["G..", "...", "..S"],
    [".....", ".###.", ".#G#.", ".###.", "S...."],
    ["S.........", "#########.", "..........", ".#########", ".........G"],
  ].map { GridMaze(rows: $0)! }

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    let height = random.int(in: 1...10)
    let width = random.int(in: height == 1 ? 2...10 : 1...10)
    return maze(height: height, width: width, walls: 0.3, &random)
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    [maze(height: 500, width: 400, walls: 0.25, &random), corridor(height: 399, width: 500)]
  }

  /// Random walls, with S and G on two different random cells.
  static func maze(height: Int, width: Int, walls: Double, _ random: inout SplitMix64)
    -> GridMaze
  {
    var cells = (0..<(height * width)).map { _ -> Character in random.chance(walls) ? "#" : "." }
    let start = random.int(in: 0..<cells.count)
    var goal = random.int(in: 0..<(cells.count - 1))
    if goal >= start { goal += 1 }
    cells[start] = "S"
    cells[goal] = "G"
    let rows = (0..<height).map { String(cells[($0 * width)..<(($0 + 1) * width)]) }
    return GridMaze(rows: rows)!
  }

  /// A winding corridor: wall rows with one gap each, alternating ends, so the path is ~n/2 long.
  static func corridor(height: Int, width: Int) -> GridMaze {
    let rows = (0..<height).map { row -> String in
      if row % 2 == 0 { return String(repeating: ".", count: width) }
      let gapAtRight = (row / 2) % 2 == 0
      return gapAtRight
        ? String(repeating: "#", count: width - 1) + "."
        : "." + String(repeating: "#", count: width - 1)
    }
    var marked = rows
    marked[0] = "S" + marked[0].dropFirst()
    let last = height - 1
    marked[last] = marked[last].dropLast() + "G"
    return GridMaze(rows: marked)!
  }

  static func input(for instance: Instance) -> String {
    JudgeText.input(["\(instance.height) \(instance.width)"] + instance.rows)
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let height = reader.nextInt(), let width = reader.nextInt(), height >= 1 else {
      return nil
    }
    var rows: [String] = []
    for _ in 0..<height {
      guard let row = reader.nextWord(), row.utf8.count == width else { return nil }
      rows.append(row)
    }
    return GridMaze(rows: rows)
  }

  static func answer(for instance: Instance) -> String {
    String(instance.shortestPathLength() ?? -1)
  }

  static let templates = [
    "go": #"""
    package main

    import (
    	"bufio"
    	"os"
    	"strconv"
    )

    // shortestPath returns the fewest moves from 'S' to 'G' in grid, or -1.
    func shortestPath(grid []string) int {
    	// TODO: breadth-first search from S with a queue (a slice and a head index)
    	// and a distance per cell.
    	return -1
    }

    func main() {
    	in := bufio.NewScanner(os.Stdin)
    	in.Buffer(make([]byte, 1<<20), 1<<26)
    	in.Split(bufio.ScanWords)
    	in.Scan()
    	rows, _ := strconv.Atoi(in.Text())
    	in.Scan() // cols: every row has that many characters
    	grid := make([]string, rows)
    	for i := range grid {
    		in.Scan()
    		grid[i] = in.Text()
    	}
    	out := bufio.NewWriter(os.Stdout)
    	defer out.Flush()
    	out.WriteString(strconv.Itoa(shortestPath(grid)) + "\n")
    }

    """#,
    "python": #"""
    import sys


    def shortest_path(grid):
        """Return the fewest moves from 'S' to 'G' in grid (a list of strings), or -1."""
        # TODO: breadth-first search from S with collections.deque and a distance per cell.
        return -1


    def main():
        data = sys.stdin.read().split()
        rows = int(data[0])
        grid = data[2:2 + rows]
        print(shortest_path(grid))


    if __name__ == "__main__":
        main()

    """#,
    "swift": #"""
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

    """#,
  ]
}
