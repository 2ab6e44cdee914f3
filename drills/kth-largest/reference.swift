// Reference solution: what a correct program prints.

/// An array-backed binary min-heap.
struct MinHeap<Element: Comparable> {
  private(set) var items: [Element] = []

  var count: Int { items.count }
  var top: Element? { items.first }

  mutating func push(_ item: Element) {
    items.append(item)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      if items[child] >= items[parent] { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Element? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < items.count, items[left] < items[smallest] { smallest = left }
        if right < items.count, items[right] < items[smallest] { smallest = right }
        if smallest == parent { break }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return first
  }
}

/// Returns the k-th largest value of nums (1 <= k <= nums.count), counting duplicates.
func kthLargest(_ nums: [Int], _ k: Int) -> Int {
  var heap = MinHeap<Int>()
  for value in nums {
    if heap.count < k {
      heap.push(value)
    } else if value > heap.top! {
      _ = heap.pop()
      heap.push(value)
    }
  }
  return heap.top!
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
