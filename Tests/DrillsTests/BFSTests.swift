import DeterministicRandom
import Drills
import Testing

/// Grid and graph BFS, tree level order and the ring buffer against slower, simpler versions.
@Suite struct BFSTests {
  private func randomMaze(_ random: inout SplitMix64, maxSide: Int) -> GridMaze {
    let height = random.int(in: 1...maxSide)
    let width = random.int(in: (height == 1 ? 2 : 1)...maxSide)
    var cells = (0..<(height * width)).map { _ -> Character in random.chance(0.3) ? "#" : "." }
    let start = random.int(in: 0..<cells.count)
    var goal = random.int(in: 0..<(cells.count - 1))
    if goal >= start { goal += 1 }
    cells[start] = "S"
    cells[goal] = "G"
    let rows = (0..<height).map { String(cells[($0 * width)..<(($0 + 1) * width)]) }
    return GridMaze(rows: rows)!
  }

  @Test func gridDistancesMatchRelaxation() throws {
    var random = SplitMix64(seed: 41)
    for _ in 0..<3000 {
      let maze = randomMaze(&random, maxSide: 8)
      let start = try #require(maze.start)
      #expect(maze.distances(from: start) == BFSBruteForce.distances(maze, from: start))
    }
  }

  @Test func shortestPathsAreValidAndCountedRight() throws {
    var random = SplitMix64(seed: 42)
    for _ in 0..<3000 {
      let maze = randomMaze(&random, maxSide: 5)
      #expect(maze.shortestPathCount() == BFSBruteForce.shortestPathCount(maze))
      guard let path = maze.shortestPath() else {
        #expect(maze.shortestPathLength() == nil)
        continue
      }
      #expect(path.first == maze.start && path.last == maze.goal)
      #expect(path.count - 1 == maze.shortestPathLength())
      for (one, next) in zip(path, path.dropFirst()) {
        #expect(abs(one.row - next.row) + abs(one.column - next.column) == 1)
        #expect(maze.isOpen(next))
      }
    }
  }

  @Test func graphBFSOrderMatchesLevelsFromAllPairsDistances() {
    var random = SplitMix64(seed: 43)
    for _ in 0..<3000 {
      let count = random.int(in: 1...9)
      let names = (0..<count).map { "n\($0)" }
      let edges = (0..<random.int(in: 0...14)).map { _ in
        (random.int(in: 0..<count), random.int(in: 0..<count))
      }
      let graph = SmallGraph(names: names, edges: edges)
      let start = random.int(in: 0..<count)
      #expect(
        graph.breadthFirstOrder(from: start) == BFSBruteForce.breadthFirstOrder(graph, from: start))
      for visit in graph.breadthFirst(from: start) {
        #expect(visit.enqueued.allSatisfy { graph.adjacency[visit.node].contains($0) })
      }
    }
  }

  @Test func treeLevelsMatchGroupingByDepth() {
    var random = SplitMix64(seed: 44)
    for _ in 0..<5000 {
      let tree: [Int?] = (0..<random.int(in: 0...31)).map { _ in
        random.chance(0.75) ? random.int(in: 1...99) : nil
      }
      #expect(BinaryTreeLevels.levels(tree) == BFSBruteForce.levels(tree))
    }
  }

  @Test func circularBufferMatchesAPlainQueue() {
    var random = SplitMix64(seed: 45)
    for _ in 0..<5000 {
      let capacity = random.int(in: 1...5)
      let operations = (0..<random.int(in: 0...30)).map { _ -> BufferOperation in
        random.chance(0.55) ? .enqueue(random.int(in: 0...99)) : .dequeue
      }
      var buffer = CircularBuffer(capacity: capacity)
      var results: [Int?] = []
      var plain: [Int] = []
      for operation in operations {
        switch operation {
        case .enqueue(let value):
          results.append(buffer.enqueue(value) ? value : nil)
          if plain.count < capacity { plain.append(value) }
        case .dequeue:
          results.append(buffer.dequeue())
          if !plain.isEmpty { plain.removeFirst() }
        }
        #expect(buffer.contents == plain)
        #expect(buffer.tail == (buffer.head + buffer.count) % capacity)
        #expect(buffer.isFull == (plain.count == capacity))
        #expect(buffer.isEmpty == plain.isEmpty)
      }
      #expect(results == BFSBruteForce.bufferResults(operations, capacity: capacity))
    }
  }

  @Test func gridDrillMazesHaveAUniqueShortestPath() throws {
    let drill = try #require(DrillCatalog.named("grid-shortest-path"))
    for seed in UInt64(0)..<200 {
      let session = try #require(drill.trace?(seed))
      guard case .grid(let rows) = session.steps.last?.expected else {
        Issue.record("the last step is not a grid")
        return
      }
      let maze = try #require(GridMaze(rows: rows.map { String($0.map { $0 == "*" ? "." : $0 }) }))
      #expect(maze.shortestPathCount() == 1)
      let marked = rows.joined().filter { $0 == "*" }.count
      #expect(try #require(drill.solve?(seed)).expected == .integer(marked + 1))
    }
  }
}
