import DeterministicRandom

/// Judge problem `merge-k-sorted`: merge k sorted lists into one.
enum MergeKSortedJudge: JudgeDefinition {
  typealias Instance = [[Int]]

  static let name = "merge-k-sorted"
  static let family = DrillFamily.heap
  static let statement = """
    Merge k sorted lists of integers into one sorted list.

    A min-heap of the lists' current heads gives the next value in O(log k), so the merge is \
    O(n log k). Large cases have 200,000 values in up to 10,000 lists.

    Example input:
    3
    3 1 4 7
    0
    2 2 4
    Example output:
    1 2 4 4 7
    """
  static let inputFormat = """
    Line 1: k (1 <= k <= 10000), the number of lists.
    Then k lines, one per list: m, then the list's m integers in non-decreasing order. m may \
    be 0, and then the line is just 0. At most 200000 values in all.
    """
  static let outputFormat = """
    One line: every value in non-decreasing order, separated by spaces (an empty line if \
    there are none).
    """

  static let edgeInstances: [Instance] = [
    [[]],
    [[1, 2, 3]],
    [[], [5], []],
    [[1, 1], [1], [0, 1]],
    [[-3, -1], [-2, 0, 2]],
    [[1, 4, 7], [], [2, 4]],
    [[10], [9], [8], [7]],
  ]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    (0..<random.int(in: 1...6)).map { _ in
      (0..<random.int(in: 0...8)).map { _ in random.int(in: -20...20) }.sorted()
    }
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    func lists(_ count: Int, of length: Int) -> Instance {
      (0..<count).map { _ in
        (0..<length).map { _ in random.int(in: -1_000_000_000...1_000_000_000) }.sorted()
      }
    }
    return [lists(2000, of: 100), lists(10_000, of: 20)]
  }

  static func input(for instance: Instance) -> String {
    JudgeText.input(["\(instance.count)"] + instance.map { JudgeText.line([$0.count] + $0) })
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let count = reader.nextInt(), count >= 0 else { return nil }
    var lists: Instance = []
    for _ in 0..<count {
      guard let length = reader.nextInt(), let values = reader.nextInts(length) else {
        return nil
      }
      lists.append(values)
    }
    return lists
  }

  static func answer(for instance: Instance) -> String {
    JudgeText.line(HeapAlgorithms.mergeKSorted(instance))
  }
}
