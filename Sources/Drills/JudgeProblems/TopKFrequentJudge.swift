import DeterministicRandom

/// Judge problem `top-k-frequent`: the k most frequent values, in a fixed order.
enum TopKFrequentJudge: JudgeDefinition {
  typealias Instance = ValuesWithK

  static let name = "top-k-frequent"
  static let family = DrillFamily.heap
  static let statement = """
    Print the k most frequent of n integers, most frequent first. Equal counts put the \
    smaller value first, so the answer is unique.

    Count with a hash map, then keep the k best in a min-heap whose root is the weakest kept \
    (lowest count, then larger value): O(n log k). Large cases have n = 200,000.

    Example input:
    7 2
    4 1 1 2 2 3 4
    Example output:
    1 2
    """
  static let inputFormat = """
    Line 1: n k (1 <= n <= 200000; 1 <= k <= the number of distinct values).
    Line 2: n integers, each between -1000000000 and 1000000000.
    """
  static let outputFormat = """
    One line: the k values separated by spaces, most frequent first; equal counts put the \
    smaller value first.
    """

  static let edgeInstances = [
    Instance(values: [1], k: 1),
    Instance(values: [1, 1, 2, 2, 3], k: 2),
    Instance(values: [5, -1, 5, -1, 7], k: 3),
    Instance(values: [4, 3, 2, 1], k: 2),
    Instance(values: [0, 0, 0], k: 1),
    Instance(values: [4, 1, 1, 2, 2, 3, 4], k: 2),
    Instance(values: [9, 8, 8, 7, 7, 7], k: 3),
  ]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    let values = (0..<random.int(in: 1...40)).map { _ in random.int(in: -5...5) }
    return Instance(values: values, k: random.int(in: 1...Set(values).count))
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    // Skewed draws (the minimum of two) give a spread of counts with many ties.
    let wide = (0..<200_000).map { _ in min(random.int(in: 0...50_000), random.int(in: 0...50_000))
    }
    let narrow = (0..<200_000).map { _ in random.int(in: -1000...1000) }
    return [Instance(values: wide, k: 1000), Instance(values: narrow, k: 100)]
  }

  static func input(for instance: Instance) -> String { instance.input }

  static func parse(_ input: String) -> Instance? {
    ValuesWithK.parse(input) { k, values in k <= Set(values).count }
  }

  static func answer(for instance: Instance) -> String {
    JudgeText.line(HeapAlgorithms.topKFrequent(instance.values, k: instance.k))
  }
}
