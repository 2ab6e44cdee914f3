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

  static let templates = [
    "go": #"""
    package main

    import (
    	"bufio"
    	"os"
    	"strconv"
    )

    // mergeKSorted merges the sorted lists into one sorted list.
    func mergeKSorted(lists [][]int) []int {
    	// TODO: keep a min-heap of each list's next value (container/heap).
    	return []int{}
    }

    func main() {
    	in := bufio.NewScanner(os.Stdin)
    	in.Buffer(make([]byte, 1<<20), 1<<26)
    	in.Split(bufio.ScanWords)
    	nextInt := func() int {
    		in.Scan()
    		value, _ := strconv.Atoi(in.Text())
    		return value
    	}
    	k := nextInt()
    	lists := make([][]int, k)
    	for i := range lists {
    		lists[i] = make([]int, nextInt())
    		for j := range lists[i] {
    			lists[i][j] = nextInt()
    		}
    	}
    	out := bufio.NewWriter(os.Stdout)
    	defer out.Flush()
    	for i, value := range mergeKSorted(lists) {
    		if i > 0 {
    			out.WriteString(" ")
    		}
    		out.WriteString(strconv.Itoa(value))
    	}
    	out.WriteString("\n")
    }

    """#,
    "python": #"""
    import sys


    def merge_k_sorted(lists):
        """Merge the sorted lists into one sorted list."""
        # TODO: keep a min-heap of each list's next value (heapq).
        return []


    def main():
        data = sys.stdin.buffer.read().split()
        k = int(data[0])
        position = 1
        lists = []
        for _ in range(k):
            m = int(data[position])
            lists.append([int(x) for x in data[position + 1:position + 1 + m]])
            position += 1 + m
        print(" ".join(map(str, merge_k_sorted(lists))))


    if __name__ == "__main__":
        main()

    """#,
    "swift": #"""
    /// Merges the sorted lists into one sorted list.
    func mergeKSorted(_ lists: [[Int]]) -> [Int] {
      // TODO: keep a min-heap of each list's next value.
      return []
    }

    /// Reads all of stdin as whitespace-separated tokens.
    func readTokens() -> [Substring] {
      var tokens: [Substring] = []
      while let line = readLine() {
        tokens += line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      }
      return tokens
    }

    func main() {
      let tokens = readTokens()
      let k = Int(tokens[0])!
      var position = 1
      var lists: [[Int]] = []
      for _ in 0..<k {
        let m = Int(tokens[position])!
        lists.append(tokens[(position + 1)..<(position + 1 + m)].map { Int($0)! })
        position += 1 + m
      }
      print(mergeKSorted(lists).map(String.init).joined(separator: " "))
    }

    main()

    """#,
  ]
}
