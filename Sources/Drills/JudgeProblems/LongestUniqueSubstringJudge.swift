import DeterministicRandom

/// Judge problem `longest-unique-substring`: the longest run of distinct characters.
enum LongestUniqueSubstringJudge: JudgeDefinition {
  /// The string's bytes, each printable ASCII from `!` to `~`.
  typealias Instance = [UInt8]

  static let name = "longest-unique-substring"
  static let family = DrillFamily.window
  static let statement = """
    Print the length of the longest substring of s in which no character repeats.

    Slide a window: remember where each character was last seen, and when the new character \
    is inside the window, move the left edge just past that copy (never backwards). O(n). \
    Large cases have n = 200,000.

    Example input:
    8
    abcabcbb
    Example output:
    3
    """
  static let inputFormat = """
    Line 1: n (0 <= n <= 200000).
    Line 2: the string s of n characters, each printable ASCII from ! to ~ (no spaces); the \
    line is empty when n is 0.
    """
  static let outputFormat =
    "One line: the length of the longest substring with no repeated character."

  static let edgeInstances: [Instance] =
    ["", "a", "aaaa", "abcabcbb", "pwwkew", "abba", "dvdf", "tmmzuxt"].map { Array($0.utf8) }
    + [Array(33...126)]

  static func randomInstance(_ random: inout SplitMix64) -> Instance {
    let alphabet = Array(random.chance(0.5) ? "abcde".utf8 : "abcdefghijklmnopqrstuvwxyz".utf8)
    return (0..<random.int(in: 0...40)).map { _ in random.element(of: alphabet) }
  }

  static func largeInstances(_ random: inout SplitMix64) -> [Instance] {
    let noisy = (0..<200_000).map { _ in UInt8(random.int(in: 33...126)) }
    let cycling = (0..<200_000).map { UInt8(33 + $0 % 94) }
    return [noisy, cycling]
  }

  static func input(for instance: Instance) -> String {
    JudgeText.input([String(instance.count), String(decoding: instance, as: UTF8.self)])
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let count = reader.nextInt() else { return nil }
    guard count > 0 else { return [] }
    guard let text = reader.nextToken(), text.count == count else { return nil }
    return Array(text)
  }

  static func answer(for instance: Instance) -> String {
    String(SlidingWindow.longestUniqueLength(instance))
  }
}
