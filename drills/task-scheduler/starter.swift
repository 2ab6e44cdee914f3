/// One line of the input; its number is its position.
struct Task {
  var arrival: Int
  var priority: Int
  var duration: Int
}

/// Returns the task numbers in the order the CPU runs them.
func runOrder(_ tasks: [Task]) -> [Int] {
  // TODO: sort task numbers by arrival, then keep the ready ones in a min-heap
  // on (priority, arrival, number).
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
  let tasks = (0..<n).map { i in
    Task(
      arrival: Int(tokens[1 + 3 * i])!, priority: Int(tokens[2 + 3 * i])!,
      duration: Int(tokens[3 + 3 * i])!)
  }
  print(runOrder(tasks).map(String.init).joined(separator: " "))
}

main()
