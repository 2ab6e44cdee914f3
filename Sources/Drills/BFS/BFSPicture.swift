/// Queue and BFS states drawn as text: the grid frontier, the graph queue, the ring buffer.
public enum BFSPicture {
  /// The maze with BFS progress: visited `·` (nearer than `distance`), frontier `o` (exactly
  /// `distance` moves), path `*`; `S`, `G` and walls `#` stay as they are.
  ///
  /// ```
  /// S·o..
  /// ·#.#.
  /// o...G
  /// ```
  public static func grid(_ maze: GridMaze, distance: Int?, path: [GridPoint] = []) -> String {
    let distances = maze.start.map { maze.distances(from: $0) } ?? []
    let onPath = Set(path)
    return (0..<maze.height).map { row in
      String(
        (0..<maze.width).map { column -> Character in
          let point = GridPoint(row: row, column: column)
          let cell = maze[point]
          guard cell == "." else { return cell }
          if onPath.contains(point) { return "*" }
          guard let distance, !distances.isEmpty else { return cell }
          let reached = distances[row * maze.width + column]
          if reached < 0 || reached > distance { return "." }
          return reached == distance ? "o" : "·"
        })
    }.joined(separator: "\n")
  }

  /// The adjacency lists, then the queue and what has been visited.
  public static func graph(_ graph: SmallGraph, visited: [Int], queue: [Int]) -> String {
    let lists = graph.names.indices.map { node in
      "\(graph.names[node]): "
        + graph.adjacency[node].map { graph.names[$0] }.joined(separator: " ")
    }
    let queueText = queue.isEmpty ? "(empty)" : queue.map { graph.names[$0] }.joined(separator: " ")
    return
      (lists + [
        "visited: " + visited.map { graph.names[$0] }.joined(separator: " "),
        "queue (front first): " + queueText,
      ]).joined(separator: "\n")
  }

  /// The slots with `H` under the head and `T` under the tail.
  ///
  /// ```
  /// | 42 | 17 |  . |  . |
  ///   H         T
  /// head 0, tail 2, count 2 of 4
  /// ```
  public static func buffer(_ buffer: CircularBuffer) -> String {
    let cells = buffer.slots.map { slot -> String in
      let text = slot.map(String.init) ?? "."
      return " " + String(repeating: " ", count: max(0, 2 - text.count)) + text + " "
    }
    var markers = [Character](repeating: " ", count: 5 * buffer.capacity + 1)
    markers[5 * buffer.head + 2] = "H"
    markers[5 * buffer.tail + (buffer.tail == buffer.head ? 3 : 2)] = "T"
    let markerLine = String(String(markers).reversed().drop { $0 == " " }.reversed())
    return """
      |\(cells.joined(separator: "|"))|
      \(markerLine)
      head \(buffer.head), tail \(buffer.tail), count \(buffer.count) of \(buffer.capacity)
      """
  }
}
