// Reference solution: what a correct program prints.

/// One line of the input; its number is its position.
struct Task {
  var arrival: Int
  var priority: Int
  var duration: Int
}

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

/// A ready task, ordered as the CPU picks: priority, then arrival, then number.
struct Ready: Comparable {
  var priority: Int
  var arrival: Int
  var number: Int

  static func < (a: Ready, b: Ready) -> Bool {
    (a.priority, a.arrival, a.number) < (b.priority, b.arrival, b.number)
  }
}

/// Returns the task numbers in the order the CPU runs them.
func runOrder(_ tasks: [Task]) -> [Int] {
  let byArrival = tasks.indices.sorted { (tasks[$0].arrival, $0) < (tasks[$1].arrival, $1) }
  var ready = MinHeap<Ready>()
  var order: [Int] = []
  var now = 0
  var next = 0
  while order.count < tasks.count {
    while next < byArrival.count, tasks[byArrival[next]].arrival <= now {
      let number = byArrival[next]
      ready.push(
        Ready(priority: tasks[number].priority, arrival: tasks[number].arrival, number: number))
      next += 1
    }
    guard let task = ready.pop() else {
      now = tasks[byArrival[next]].arrival
      continue
    }
    order.append(task.number)
    now += tasks[task.number].duration
  }
  return order
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
  let tasks = (0..<n).map { i in
    Task(
      arrival: Int(tokens[1 + 3 * i])!, priority: Int(tokens[2 + 3 * i])!,
      duration: Int(tokens[3 + 3 * i])!)
  }
  print(runOrder(tasks).map(String.init).joined(separator: " "))
}

main()
