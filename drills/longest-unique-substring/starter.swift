/// Returns the length of the longest substring of s with no repeated character.
func longestUnique(_ s: [UInt8]) -> Int {
  // TODO: slide a window; remember where each byte was last seen
  // ([Int](repeating: -1, count: 128) works).
  return 0
}

func main() {
  let n = Int(readLine() ?? "0") ?? 0
  let s = n > 0 ? Array((readLine() ?? "").utf8) : []
  print(longestUnique(s))
}

main()
