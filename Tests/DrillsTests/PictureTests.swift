import Drills
import Testing

/// The ASCII pictures, exactly as the learner sees them.
@Suite struct PictureTests {
  @Test func treesAreDrawnLevelByLevelWithConnectors() {
    #expect(
      TreePicture.render(["1", "3", "2", "7", "4", "5"]) == """
              1
            /   \\
          3       2
         / \\     /
        7   4   5
        """)
    #expect(TreePicture.render(["8", nil, "9"]) == "8\n \\\n  9")
    #expect(TreePicture.render(["10", "20", "30"]) == "  10\n / \\\n20  30")
    #expect(TreePicture.render([]) == "(empty)")
    #expect(TreePicture.render([nil, nil]) == "(empty)")
  }

  @Test func arraysMarkCellsAndBracketWindows() {
    #expect(ArrayPicture.marked([1, 3, 2], at: [1]) == "[1, *3*, 2]")
    #expect(ArrayPicture.marked([]) == "[]")
    #expect(ArrayPicture.window(["1", "3", "-1", "5"], 1...2) == "1 [3 -1] 5")
    #expect(ArrayPicture.window(["a", "b", "c"], 1...1, separator: "") == "a[b]c")
    #expect(ArrayPicture.window(["a", "b"], nil) == "a b")
    #expect(ArrayPicture.window([], nil) == "(empty)")
  }

  @Test func heapInsertShowsTheTreeAndEverySwapMarked() {
    let step = HeapTracer.insert(2, into: [1, 3, 5, 7, 4], order: .min)
    #expect(
      HeapPicture.render(step) == """
              1
            /   \\
          3       2
         / \\     /
        7   4   5

        [1, 3, 5, 7, 4, 2]       append 2 at index 5
        [1, 3, *2*, 7, 4, *5*]   swap 5 and 2 (indexes 2 and 5)
        """)
  }

  @Test func heapPopShowsTheLastValueMovedToTheRoot() {
    let step = HeapTracer.pop(from: [1, 3, 2, 7, 4, 5], order: .min)
    #expect(
      HeapPicture.render(step) == """
              2
            /   \\
          3       5
         / \\
        7   4

        [5, 3, 2, 7, 4]       pop 1; move the last value 5 to the root
        [*2*, 3, *5*, 7, 4]   swap 5 and 2 (indexes 0 and 2)
        """)
    let last = HeapTracer.pop(from: [9], order: .max)
    #expect(HeapPicture.render(last) == "(empty)\n\n[]   pop 9: the heap is now empty")
  }

  @Test func heapSiftWithoutSwapsSaysSo() {
    let step = HeapTracer.insert(9, into: [1, 3], order: .min)
    #expect(
      HeapPicture.render(step) == """
          1
         / \\
        3   9

        [1, 3, 9]   append 9 at index 2
        [1, 3, 9]   no swap needed
        """)
  }

  @Test func windowPicturesBracketTheWindow() {
    let values = [1, 3, -1, -3, 5, 3, 6, 7]
    let trace = SlidingWindow.maximaTrace(values, k: 3)
    #expect(
      WindowPicture.maximum(values, k: 3, state: trace[4])
        == "1 3 [-1 -3 5] 3 6 7\nwindow 2..4, max 5\ndeque (front first): 5")
    #expect(
      WindowPicture.maximum(values, k: 3, state: trace[1])
        == "[1 3] -1 -3 5 3 6 7\nwindow 0..1, still filling (2 of 3)\ndeque (front first): 3")
    #expect(
      WindowPicture.sum([4, 2, 12, 3], window: 1...2, sum: 14)
        == "4 [2 12] 3\nwindow 1..2, sum 14")
    #expect(
      WindowPicture.text(Array("abcabcbb"), window: 1..<4)
        == "a [b c a] b c b b\nwindow 1..3 \"bca\", length 3")
    #expect(
      WindowPicture.events([1, 4, 15, 17, 22, 30], span: 10, time: 23)
        == "1 4 [15 17 22] 30\nt = 23, window (13, 23]: 3 events")
    #expect(
      WindowPicture.events([1, 4, 15], span: 1, time: 3)
        == "1 4 15\nt = 3, window (2, 3]: 0 events")
  }

  @Test func lruListRunsFromMostRecentWithTheEvictedKeyStruck() {
    #expect(
      CachePicture.lru([("d", 4), ("b", 2), ("a", 1)], evicted: ("c", 3))
        == "MRU  d=4 <-> b=2 <-> a=1  LRU   ~~c=3~~ evicted")
    #expect(CachePicture.lru([("a", 1)], evicted: nil) == "MRU  a=1  LRU")
    #expect(CachePicture.lru([], evicted: nil) == "MRU  (empty)  LRU")
  }

  @Test func lfuGroupsKeysByUseCount() {
    let entries = [
      LFUEntry(key: "c", value: 3, frequency: 1, lastUse: 6),
      LFUEntry(key: "a", value: 1, frequency: 3, lastUse: 5),
      LFUEntry(key: "d", value: 4, frequency: 1, lastUse: 7),
    ]
    let evicted = LFUEntry(key: "b", value: 2, frequency: 1, lastUse: 2)
    #expect(
      CachePicture.lfu(entries, evicted: evicted) == """
        uses 3  a=1
        uses 1  d=4 <-> c=3
        evicted: ~~b=2~~ (fewest uses, least recent of those)
        """)
  }

  @Test func gridShowsVisitedFrontierAndPath() throws {
    let maze = try #require(GridMaze(rows: ["S..", ".#.", "..G"]))
    #expect(BFSPicture.grid(maze, distance: 2) == "S·o\n·#.\no.G")
    #expect(BFSPicture.grid(maze, distance: 0) == "S..\n.#.\n..G")
    let path = try #require(maze.shortestPath())
    #expect(BFSPicture.grid(maze, distance: nil, path: path) == "S**\n.#*\n..G")
  }

  @Test func bufferMarksHeadAndTail() {
    var buffer = CircularBuffer(capacity: 4)
    #expect(
      BFSPicture.buffer(buffer) == "|  . |  . |  . |  . |\n  HT\nhead 0, tail 0, count 0 of 4")
    buffer.enqueue(42)
    buffer.enqueue(17)
    #expect(
      BFSPicture.buffer(buffer)
        == "| 42 | 17 |  . |  . |\n  H         T\nhead 0, tail 2, count 2 of 4")
    _ = buffer.dequeue()
    buffer.enqueue(5)
    buffer.enqueue(6)
    #expect(
      BFSPicture.buffer(buffer)
        == "|  . | 17 |  5 |  6 |\n  T    H\nhead 1, tail 0, count 3 of 4")
  }

  @Test func graphListsAdjacencyVisitedAndQueue() {
    let graph = SmallGraph(names: ["a", "b", "c"], edges: [(0, 1), (0, 2)])
    #expect(
      BFSPicture.graph(graph, visited: [0], queue: [1, 2])
        == "a: b c\nb: a\nc: a\nvisited: a\nqueue (front first): b c")
    #expect(
      BFSPicture.graph(graph, visited: [], queue: []).hasSuffix("queue (front first): (empty)"))
  }
}
