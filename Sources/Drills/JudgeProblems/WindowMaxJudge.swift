/// Judge problem `window-max`: the maximum of every window of k consecutive values.
enum WindowMaxJudge: JudgeDefinition {
  struct Instance {
    var values: [Int]
    var k: Int
  }

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
    JudgeText.line(SlidingWindow.maxima(instance.values, k: instance.k))
  }

  static let templates = [
    "go": #"""
    package main

    import (
    	"bufio"
    	"os"
    	"strconv"
    )

    // windowMax returns the maximum of every window of k consecutive values of nums.
    func windowMax(nums []int, k int) []int {
    	// TODO: keep a deque (a slice with a head index) of indices whose values decrease.
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
    	for i, value := range windowMax(nums, k) {
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


    def window_max(nums, k):
        """Return the maximum of every window of k consecutive values of nums."""
        # TODO: keep a deque (collections.deque) of indices whose values decrease.
        return []


    def main():
        data = sys.stdin.buffer.read().split()
        n, k = int(data[0]), int(data[1])
        nums = [int(x) for x in data[2:2 + n]]
        print(" ".join(map(str, window_max(nums, k))))


    if __name__ == "__main__":
        main()

    """#,
    "swift": #"""
    /// Returns the maximum of every window of k consecutive values of nums.
    func windowMax(_ nums: [Int], _ k: Int) -> [Int] {
      // TODO: keep a deque (an array with a head index) of indices whose values decrease.
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
      print(windowMax(nums, k).map(String.init).joined(separator: " "))
    }

    main()

    """#,
  ]
}
