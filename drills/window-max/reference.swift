// Reference solution: what a correct program prints.

/// Returns the maximum of every window of k consecutive values of nums.
func windowMax(_ nums: [Int], _ k: Int) -> [Int] {
  var window: [Int] = []
  var head = 0
  var maxima: [Int] = []
  for (index, value) in nums.enumerated() {
    while window.count > head, nums[window[window.count - 1]] <= value { window.removeLast() }
    window.append(index)
    if window[head] <= index - k { head += 1 }
    if index >= k - 1 { maxima.append(nums[window[head]]) }
  }
  return maxima
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
