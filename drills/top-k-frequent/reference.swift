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

/// A value and how often it occurs; "less" is the worse of two, so a min-heap drops it first.
struct Ranked: Comparable {
  var value: Int
  var count: Int

  static func < (a: Ranked, b: Ranked) -> Bool {
    a.count != b.count ? a.count < b.count : a.value > b.value
  }
}

/// Returns the k most frequent values of nums, most frequent first;
/// equal counts put the smaller value first.
func topKFrequent(_ nums: [Int], _ k: Int) -> [Int] {
  var counts: [Int: Int] = [:]
  for value in nums { counts[value, default: 0] += 1 }
  var heap = MinHeap<Ranked>()
  for (value, count) in counts {
    heap.push(Ranked(value: value, count: count))
    if heap.count > k { _ = heap.pop() }
  }
  var best: [Int] = []
  while let worst = heap.pop() { best.append(worst.value) }
  return best.reversed()
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
