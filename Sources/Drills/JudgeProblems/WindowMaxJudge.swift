import DeterministicRandom

/// Judge problem `window-max`: the maximum of every window of k consecutive values.
enum WindowMaxJudge: JudgeDefinition {
  typealias Instance = ValuesWithK

  static let name = "window-max"
  static let family = DrillFamily.window
  static let statement = """
    Print the maximum of every window of k consecutive values, left to right.

    A deque of indices whose values decrease from front to back keeps the maximum at the \
    front: each index enters and leaves once, so O(n). Large cases have n = 200,000 and k up \
    to 100,000, where rescanning each window is far too slow.

    Example input:
    8 3
    1 3 -1 -3 5 3 6 7
    Example output:
    3 3 5 5 6 7
    """
  static let inputFormat = """
    Line 1: n k (1 <= k <= n <= 200000).
    Line 2: n integers, each between -1000000000 and 1000000000.
    """
  static let outputFormat = "One line: the n - k + 1 window maximums, separated by spaces."

  static let edgeInstances = [
    Instance(values: [5], k: 1),
    Instance(values: [4, 2, 12, 3], k: 4),
    Instance(values: [4, 2, 12, 3], k: 1),
    Instance(values: [9, 8, 7, 6, 5], k: 2),
    Instance(values: [1, 2, 3, 4, 5], k: 3),
    Instance(values: [7, 7, 7, 7], k: 2),
    Instance(values: [-5, -1, -3, -9], k: 2),
    Instance(values: [1, 3, -1, -3, 5, 3, 6, 7], k: 3),
  ]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    let values = (0..<random.int(in: 1...40)).map { _ in random.int(in: -20...20) }
    return Instance(values: values, k: random.int(in: 1...values.count))
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    let count = 200_000
    let noisy = (0..<count).map { _ in random.int(in: -1_000_000_000...1_000_000_000) }
    let falling = (0..<count).map { 1_000_000_000 - $0 * 5000 }
    return [Instance(values: noisy, k: 10_000), Instance(values: falling, k: 100_000)]
  }

  static func input(for instance: Instance) -> String { instance.input }

  static func parse(_ input: String) -> Instance? {
    ValuesWithK.parse(input) { k, values in k <= values.count }
  }

  static func answer(for instance: Instance) -> String {
    JudgeText.line(SlidingWindow.maxima(instance.values, k: instance.k))
  }
}
