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
