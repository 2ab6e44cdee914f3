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
