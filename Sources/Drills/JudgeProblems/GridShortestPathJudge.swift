import DeterministicRandom

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
}
