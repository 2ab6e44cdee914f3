import DeterministicRandom

/// Judge problem `kth-largest`: the k-th largest of n integers.
enum KthLargestJudge: JudgeDefinition {
  typealias Instance = ValuesWithK

  static let name = "kth-largest"
  static let family = DrillFamily.heap
  static let statement = """
    Print the k-th largest of n integers, counting duplicates: in 5 9 9 the 2nd largest is 9.

    A min-heap holding the k largest values seen so far does it in O(n log k): its root is the \
    answer. Large cases have n = 200,000.

    Example input:
    5 2
    3 1 5 9 9
    Example output:
    9
    """
  static let inputFormat = """
    Line 1: n k (1 <= k <= n <= 200000).
    Line 2: n integers, each between -1000000000 and 1000000000.
    """
  static let outputFormat = "One line: the k-th largest value."

  static let edgeInstances = [
    Instance(values: [7], k: 1),
    Instance(values: [3, 3, 3], k: 2),
    Instance(values: [-1, -5, -3], k: 3),
    Instance(values: [1, 2], k: 1),
    Instance(values: [5, 9, 9], k: 2),
    Instance(values: [1_000_000_000, -1_000_000_000], k: 2),
    Instance(values: Array(1...10), k: 10),
    Instance(values: Array((1...10).reversed()), k: 1),
  ]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    let values = (0..<random.int(in: 1...40)).map { _ in random.int(in: -50...50) }
    return Instance(values: values, k: random.int(in: 1...values.count))
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    let count = 200_000
    let values = (0..<count).map { _ in random.int(in: -1_000_000_000...1_000_000_000) }
    let ascending = (0..<count).map { $0 * 3 - 250_000 }
    return [Instance(values: values, k: count / 2), Instance(values: ascending, k: 1000)]
  }

  static func input(for instance: Instance) -> String { instance.input }

  static func parse(_ input: String) -> Instance? {
    ValuesWithK.parse(input) { k, values in k <= values.count }
  }

  static func answer(for instance: Instance) -> String {
    String(HeapAlgorithms.kthLargest(instance.values, k: instance.k))
  }
}
