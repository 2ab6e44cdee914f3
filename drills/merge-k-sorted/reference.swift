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

/// The next unmerged value of one list.
struct Head: Comparable {
  var value: Int
  var list: Int
  var index: Int

  static func < (a: Head, b: Head) -> Bool {
    (a.value, a.list) < (b.value, b.list)
  }
}

/// Merges the sorted lists into one sorted list.
func mergeKSorted(_ lists: [[Int]]) -> [Int] {
  var heap = MinHeap<Head>()
  for (list, values) in lists.enumerated() where !values.isEmpty {
    heap.push(Head(value: values[0], list: list, index: 0))
  }
  var merged: [Int] = []
  while let head = heap.pop() {
    merged.append(head.value)
    let next = head.index + 1
    if next < lists[head.list].count {
      heap.push(Head(value: lists[head.list][next], list: head.list, index: next))
    }
  }
  return merged
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
