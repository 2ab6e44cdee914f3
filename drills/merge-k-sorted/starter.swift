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
