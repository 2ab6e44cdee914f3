/// Judge problem `top-k-frequent`: the k most frequent values, in a fixed order.
enum TopKFrequentJudge: JudgeDefinition {
  struct Instance {
    var values: [Int]
    var k: Int
  }

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

  static func input(for instance: Instance) -> String {
    JudgeText.input(["\(instance.values.count) \(instance.k)", JudgeText.line(instance.values)])
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let count = reader.nextInt(), let k = reader.nextInt(), k >= 1,
      let values = reader.nextInts(count), k <= Set(values).count
    else { return nil }
    return Instance(values: values, k: k)
  }

  static func answer(for instance: Instance) -> String {
    JudgeText.line(HeapAlgorithms.topKFrequent(instance.values, k: instance.k))
  }

  static let templates = [
    "go": #"""
    package main

    import (
    	"bufio"
    	"os"
    	"strconv"
    )

    // topKFrequent returns the k most frequent values of nums, most frequent first;
    // equal counts put the smaller value first.
    func topKFrequent(nums []int, k int) []int {
    	// TODO: count with a map, then keep the k best in a heap (container/heap).
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
    	n, k := nextInt(), nextInt()
    	nums := make([]int, n)
    	for i := range nums {
    		nums[i] = nextInt()
    	}
    	out := bufio.NewWriter(os.Stdout)
    	defer out.Flush()
    	for i, value := range topKFrequent(nums, k) {
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


    def top_k_frequent(nums, k):
        """Return the k most frequent values of nums, most frequent first;
        equal counts put the smaller value first."""
        # TODO: count with a dict, then keep the k best in a heap (heapq).
        return []


    def main():
        data = sys.stdin.buffer.read().split()
        n, k = int(data[0]), int(data[1])
        nums = [int(x) for x in data[2:2 + n]]
        print(" ".join(map(str, top_k_frequent(nums, k))))


    if __name__ == "__main__":
        main()

    """#,
    "swift": #"""
    /// Returns the k most frequent values of nums, most frequent first;
    /// equal counts put the smaller value first.
    func topKFrequent(_ nums: [Int], _ k: Int) -> [Int] {
      // TODO: count with a dictionary, then keep the k best in a heap.
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
      let n = Int(tokens[0])!
      let k = Int(tokens[1])!
      let nums = tokens[2..<(2 + n)].map { Int($0)! }
      print(topKFrequent(nums, k).map(String.init).joined(separator: " "))
    }

    main()

    """#,
  ]
}
