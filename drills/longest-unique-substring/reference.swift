// Reference solution: what a correct program prints.

/// Returns the length of the longest substring of s with no repeated character.
func longestUnique(_ s: [UInt8]) -> Int {
  var lastSeen = [Int](repeating: -1, count: 256)
  var start = 0
  var best = 0
  for (index, byte) in s.enumerated() {
    if lastSeen[Int(byte)] >= start { start = lastSeen[Int(byte)] + 1 }
    lastSeen[Int(byte)] = index
    best = max(best, index - start + 1)
  }
  return best
}

func main() {
  let n = Int(readLine() ?? "0") ?? 0
  let s = n > 0 ? Array((readLine() ?? "").utf8) : []
  print(longestUnique(s))
}

main()
