import DeterministicRandom

/// The queue and BFS drills: grid shortest path, graph BFS order, tree level order, ring buffer.
enum BFSDrills {
  static let all: [Drill] = [gridShortestPath, graphBFS, treeLevelOrder, circularBuffer]

  static let mazeHeight = 5
  static let mazeWidth = 7

  // MARK: grid-shortest-path

  static let gridShortestPath = Drill(
    name: "grid-shortest-path", family: .bfs,
    summary: "BFS on a grid with walls: the frontier wave by wave, then the shortest path.",
    trace: { seed in
      let maze = mazeInstance(seed: seed)
      let length = maze.shortestPathLength()!
      let distances = maze.distances(from: maze.start!)
      let path = maze.shortestPath()!
      var steps: [TraceStep] = []
      for distance in 1..<min(length, 9) {
        let frontier = distances.filter { $0 == distance }.count
        steps.append(
          TraceStep(
            prompt: "How many cells are first reached in \(moves(distance)) (the frontier)?",
            format: .integer, expected: .integer(frontier),
            picture: BFSPicture.grid(maze, distance: distance),
            note: "frontier o at distance \(distance), visited ·"))
      }
      steps.append(
        TraceStep(
          prompt: "At what distance does BFS first reach G?", format: .integer,
          expected: .integer(length), picture: BFSPicture.grid(maze, distance: length),
          note: "BFS reaches every cell first by a shortest route"))
      steps.append(
        TraceStep(
          prompt: "Mark the shortest path (it is unique) with * on the cells between S and G:",
          format: .grid(rows: maze.height), expected: .grid(pathRows(maze, path)),
          picture: BFSPicture.grid(maze, distance: nil, path: path),
          note: "walk back from G, each time to a neighbour one move nearer S"))
      return TraceSession(
        drill: "grid-shortest-path", family: .bfs, title: "BFS on a grid",
        instance: """
          \(maze.rows.joined(separator: "\n"))

          Find the shortest route from S to G moving up, down, left or right; # is a wall. \
          BFS from S reaches the cells in waves: the frontier at distance d is every cell first \
          reached in d moves. Pictures mark the frontier o, visited cells ·, the path *.
          """,
        steps: steps)
    },
    solve: { seed in
      let maze = mazeInstance(seed: seed)
      let path = maze.shortestPath()!
      return SolveProblem(
        drill: "grid-shortest-path", family: .bfs,
        statement: """
          \(maze.rows.joined(separator: "\n"))

          The fewest moves (up, down, left, right; # is a wall) from S to G?
          """,
        format: .integer, expected: .integer(path.count - 1),
        explanation: BFSPicture.grid(maze, distance: nil, path: path))
    })

  // MARK: graph-bfs

  static let graphBFS = Drill(
    name: "graph-bfs", family: .bfs,
    summary: "BFS order on a small graph: a FIFO queue, mark nodes seen when enqueued.",
    trace: { seed in
      let graph = graphInstance(seed: seed)
      let visits = graph.breadthFirst(from: 0)
      var visited: [Int] = []
      var steps: [TraceStep] = []
      for visit in visits {
        visited.append(visit.node)
        steps.append(
          TraceStep(
            prompt: """
              Dequeue \(graph.names[visit.node]): which nodes does it enqueue, in order? \
              (none if none)
              """,
            format: .words, expected: .words(visit.enqueued.map { graph.names[$0] }),
            picture: BFSPicture.graph(graph, visited: visited, queue: visit.queue),
            note: visit.enqueued.isEmpty ? "every neighbour was already seen" : nil))
      }
      let order = visits.map { graph.names[$0.node] }
      steps.append(
        TraceStep(
          prompt: "The whole BFS order from a?", format: .words, expected: .words(order),
          picture: "order: " + order.joined(separator: " "),
          note: "nodes come out in order of distance from a"))
      return TraceSession(
        drill: "graph-bfs", family: .bfs, title: "BFS order on a graph",
        instance: """
          \(BFSPicture.graph(graph, visited: [], queue: [0]))

          Breadth-first search from a. Dequeue the front node, then enqueue its neighbours in \
          the listed order, skipping any already seen (a node is seen once enqueued).
          """,
        steps: steps)
    },
    solve: { seed in
      let graph = graphInstance(seed: seed)
      let order = graph.breadthFirstOrder(from: 0).map { graph.names[$0] }
      return SolveProblem(
        drill: "graph-bfs", family: .bfs,
        statement: """
          \(BFSPicture.graph(graph, visited: [], queue: [0]).split(separator: "\n")
            .dropLast(2).joined(separator: "\n"))

          The BFS order from a, taking neighbours in the listed order?
          """,
        format: .words, expected: .words(order),
        explanation: graph.breadthFirst(from: 0).map { visit in
          "dequeue \(graph.names[visit.node]), enqueue "
            + (visit.enqueued.isEmpty
              ? "nothing" : visit.enqueued.map { graph.names[$0] }.joined(separator: " "))
        }.joined(separator: "\n"))
    })

  // MARK: tree-level-order

  static let treeLevelOrder = Drill(
    name: "tree-level-order", family: .bfs,
    summary: "Level order of a binary tree: a queue, one level at a time.",
    trace: { seed in
      let tree = treeInstance(seed: seed)
      let levels = BinaryTreeLevels.levels(tree)
      var steps: [TraceStep] = []
      for (depth, level) in levels.enumerated() {
        let marked = Set(level)
        let labels = tree.map { value in value.map { marked.contains($0) ? "*\($0)*" : "\($0)" } }
        let next = depth + 1 < levels.count ? HeapDrills.spaced(levels[depth + 1]) : "(empty)"
        steps.append(
          TraceStep(
            prompt: "The values at depth \(depth), left to right?", format: .integers,
            expected: .integers(level), picture: TreePicture.render(labels),
            note: "their children queue up next: \(next)"))
      }
      let order = BinaryTreeLevels.levelOrder(tree)
      steps.append(
        TraceStep(
          prompt: "The whole level order?", format: .integers, expected: .integers(order),
          picture: "level order: " + HeapDrills.spaced(order),
          note: "dequeue a node, enqueue its left then right child"))
      return TraceSession(
        drill: "tree-level-order", family: .bfs, title: "Level order of a binary tree",
        instance: """
          \(TreePicture.render(tree.map { $0.map(String.init) }))

          Visit the tree level by level with a queue: dequeue a node, enqueue its left child, \
          then its right child. The root is at depth 0.
          """,
        steps: steps)
    },
    solve: { seed in
      let tree = treeInstance(seed: seed)
      return SolveProblem(
        drill: "tree-level-order", family: .bfs,
        statement: """
          \(TreePicture.render(tree.map { $0.map(String.init) }))

          The level order (top to bottom, left to right)?
          """,
        format: .integers, expected: .integers(BinaryTreeLevels.levelOrder(tree)),
        explanation: BinaryTreeLevels.levels(tree).enumerated().map {
          "depth \($0.offset): \(HeapDrills.spaced($0.element))"
        }.joined(separator: "\n"))
    })

  // MARK: circular-buffer

  static let circularBuffer = Drill(
    name: "circular-buffer", family: .bfs,
    summary: "A ring buffer queue: head and tail indices that wrap, full versus empty.",
    trace: { seed in
      let (capacity, operations) = bufferInstance(seed: seed)
      var buffer = CircularBuffer(capacity: capacity)
      let steps = operations.map { operation -> TraceStep in
        let before = "head \(buffer.head), tail \(buffer.tail), count \(buffer.count)"
        switch operation {
        case .enqueue(let value):
          let stored = buffer.enqueue(value)
          return TraceStep(
            prompt: "\(before). enqueue \(value): head, tail and count after?", format: .integers,
            expected: .integers([buffer.head, buffer.tail, buffer.count]),
            picture: BFSPicture.buffer(buffer),
            note: stored
              ? (buffer.tail == 0 ? "the tail wraps around to 0" : nil)
              : "full: \(value) is rejected and nothing changes")
        case .dequeue:
          let value = buffer.dequeue()
          return TraceStep(
            prompt: "\(before). dequeue: which value comes out? (-1 if empty)", format: .integer,
            expected: .integer(value ?? -1), picture: BFSPicture.buffer(buffer),
            note: value == nil
              ? "empty: nothing to take"
              : (buffer.head == 0 ? "the head wraps around to 0" : nil))
        }
      }
      return TraceSession(
        drill: "circular-buffer", family: .bfs, title: "Circular buffer, capacity \(capacity)",
        instance: """
          \(BFSPicture.buffer(CircularBuffer(capacity: capacity)))

          A queue in \(capacity) slots. head is the front value's slot; tail = (head + count) \
          mod \(capacity) is where the next value goes. enqueue writes at the tail (rejected \
          when full); dequeue takes the value at the head and moves head forward.

          Operations: \(operationList(operations))
          """,
        steps: steps)
    },
    solve: { seed in
      let (capacity, operations) = bufferInstance(seed: seed)
      var buffer = CircularBuffer(capacity: capacity)
      var lines: [String] = []
      for operation in operations {
        switch operation {
        case .enqueue(let value): buffer.enqueue(value)
        case .dequeue: _ = buffer.dequeue()
        }
        lines.append(operationList([operation]) + "\n" + BFSPicture.buffer(buffer))
      }
      return SolveProblem(
        drill: "circular-buffer", family: .bfs,
        statement: """
          A circular buffer of \(capacity) slots starts empty with head 0 (tail = \
          (head + count) mod \(capacity); enqueue on a full buffer is rejected, dequeue on an \
          empty one does nothing). After \(operationList(operations)): head, tail and count?
          """,
        format: .integers, expected: .integers([buffer.head, buffer.tail, buffer.count]),
        explanation: lines.joined(separator: "\n\n"))
    })

  // MARK: Instances

  /// A maze whose shortest path is unique and at least 6 moves long.
  static func mazeInstance(seed: UInt64) -> GridMaze {
    var random = SplitMix64(seed: seed, stream: "grid-shortest-path")
    while true {
      var cells = (0..<(mazeHeight * mazeWidth)).map { _ -> Character in
        random.chance(0.28) ? "#" : "."
      }
      let start = random.int(in: 0..<cells.count)
      let goal = random.int(in: 0..<cells.count)
      guard start != goal else { continue }
      cells[start] = "S"
      cells[goal] = "G"
      let rows = (0..<mazeHeight).map { row in
        String(cells[(row * mazeWidth)..<((row + 1) * mazeWidth)])
      }
      let maze = GridMaze(rows: rows)!
      if let length = maze.shortestPathLength(), length >= 6, maze.shortestPathCount() == 1 {
        return maze
      }
    }
  }

  /// The maze rows with `*` on the path's cells between `S` and `G`.
  static func pathRows(_ maze: GridMaze, _ path: [GridPoint]) -> [String] {
    BFSPicture.grid(maze, distance: nil, path: path).split(separator: "\n").map(String.init)
  }

  /// A connected graph on 6 or 7 nodes: a random tree plus 2 or 3 extra edges.
  static func graphInstance(seed: UInt64) -> SmallGraph {
    var random = SplitMix64(seed: seed, stream: "graph-bfs")
    let count = random.int(in: 6...7)
    let names = (0..<count).map { String(UnicodeScalar(UInt8(97 + $0))) }
    var edges: [(Int, Int)] = []
    for node in 1..<count { edges.append((node, random.int(in: 0..<node))) }
    for _ in 0..<random.int(in: 2...3) {
      edges.append((random.int(in: 0..<count), random.int(in: 0..<count)))
    }
    return SmallGraph(names: names, edges: edges)
  }

  /// A tree of 6 to 12 distinct values over 4 levels, in heap layout.
  static func treeInstance(seed: UInt64) -> [Int?] {
    var random = SplitMix64(seed: seed, stream: "tree-level-order")
    while true {
      var tree: [Int?] = Array(repeating: nil, count: 15)
      let values = random.distinct(15, from: 1...99)
      tree[0] = values[0]
      for index in 1..<15 where tree[(index - 1) / 2] != nil && random.chance(0.7) {
        tree[index] = values[index]
      }
      let size = tree.compactMap { $0 }.count
      if size >= 6 && size <= 12 && tree[7...].contains(where: { $0 != nil }) {
        let last = tree.lastIndex { $0 != nil }!
        return Array(tree[...last])
      }
    }
  }

  /// Capacity 4 and 9 to 11 operations that wrap around and hit full or empty at least once.
  static func bufferInstance(seed: UInt64) -> (capacity: Int, operations: [BufferOperation]) {
    var random = SplitMix64(seed: seed, stream: "circular-buffer")
    let capacity = 4
    while true {
      var operations: [BufferOperation] = [.enqueue(random.int(in: 10...99))]
      for _ in 1..<random.int(in: 9...11) {
        operations.append(random.chance(0.6) ? .enqueue(random.int(in: 10...99)) : .dequeue)
      }
      var buffer = CircularBuffer(capacity: capacity)
      var wrapped = false
      var bounced = false
      for operation in operations {
        switch operation {
        case .enqueue(let value):
          if buffer.tail == capacity - 1 && !buffer.isFull { wrapped = true }
          if !buffer.enqueue(value) { bounced = true }
        case .dequeue:
          if buffer.dequeue() == nil { bounced = true }
        }
      }
      if wrapped && bounced && buffer.head != 0 { return (capacity, operations) }
    }
  }

  static func moves(_ count: Int) -> String {
    count == 1 ? "1 move" : "\(count) moves"
  }

  static func operationList(_ operations: [BufferOperation]) -> String {
    operations.map { operation in
      switch operation {
      case .enqueue(let value): "enqueue \(value)"
      case .dequeue: "dequeue"
      }
    }.joined(separator: ", ")
  }
}
