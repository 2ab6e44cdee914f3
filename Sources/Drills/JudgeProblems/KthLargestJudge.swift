/// Judge problem `kth-largest`: the k-th largest of n integers.
enum KthLargestJudge: JudgeDefinition {
  struct Instance {
    var values: [Int]
    var k: Int
  }

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

  static func input(for instance: Instance) -> String {
    JudgeText.input(["\(instance.values.count) \(instance.k)", JudgeText.line(instance.values)])
  }

  static func parse(_ input: String) -> Instance? {
    var reader = JudgeInputReader(input)
    guard let count = reader.nextInt(), let k = reader.nextInt(), k >= 1, k <= count,
      let values = reader.nextInts(count)
    else { return nil }
    return Instance(values: values, k: k)
  }

  static func answer(for instance: Instance) -> String {
    String(HeapAlgorithms.kthLargest(instance.values, k: instance.k))
  }

  static let templates = [
    "go": #"""
    package main

    import (
    	"bufio"
    	"os"
    	"strconv"
    )

    // kthLargest returns the k-th largest value of nums (1 <= k <= len(nums)), counting duplicates.
    func kthLargest(nums []int, k int) int {
    	// TODO: keep a min-heap of the k largest values seen so far (container/heap);
    	// its root is the answer.
    	return 0
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
    	out.WriteString(strconv.Itoa(kthLargest(nums, k)) + "\n")
    }

    """#,
    "python": #"""
    import sys


    def kth_largest(nums, k):
        """Return the k-th largest value of nums (1 <= k <= len(nums)), counting duplicates."""
        # TODO: keep a min-heap of the k largest values seen so far (heapq);
        # its root is the answer.
        return 0


    def main():
        data = sys.stdin.buffer.read().split()
        n, k = int(data[0]), int(data[1])
        nums = [int(x) for x in data[2:2 + n]]
        print(kth_largest(nums, k))


    if __name__ == "__main__":
        main()

    """#,
    "swift": #"""
    /// Returns the k-th largest value of nums (1 <= k <= nums.count), counting duplicates.
    func kthLargest(_ nums: [Int], _ k: Int) -> Int {
      // TODO: keep a min-heap of the k largest values seen so far (an array-backed binary heap);
      // its root is the answer.
      return 0
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
      print(kthLargest(nums, k))
    }

    main()

    """#,
  ]
}
