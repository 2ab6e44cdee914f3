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
