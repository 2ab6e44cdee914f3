import Drills
import Foundation
import Testing

/// The starter programs, run for real.
///
/// The Python ones with a solution filled in must pass the cases, and the Go ones must build.
/// Each test is skipped when python3 or go is not installed.
@Suite struct StarterTemplateTests {
  /// Python solutions, appended just before the template's `if __name__ == "__main__":` line so
  /// they replace the TODO stubs while the template's own input parsing and output stay.
  static let pythonSolutions: [String: String] = [
    "kth-largest": """
    import heapq
    def kth_largest(nums, k):
        heap = nums[:k]
        heapq.heapify(heap)
        for x in nums[k:]:
            if x > heap[0]:
                heapq.heapreplace(heap, x)
        return heap[0]
    """,
    "top-k-frequent": """
    from collections import Counter
    def top_k_frequent(nums, k):
        ranked = sorted(Counter(nums).items(), key=lambda entry: (-entry[1], entry[0]))
        return [value for value, _ in ranked[:k]]
    """,
    "merge-k-sorted": """
    import heapq
    def merge_k_sorted(lists):
        return list(heapq.merge(*lists))
    """,
    "task-scheduler": """
    import heapq
    def run_order(tasks):
        order = sorted(range(len(tasks)), key=lambda i: (tasks[i][0], i))
        ready, out, now, j = [], [], 0, 0
        while len(out) < len(tasks):
            while j < len(order) and tasks[order[j]][0] <= now:
                i = order[j]
                heapq.heappush(ready, (tasks[i][1], tasks[i][0], i))
                j += 1
            if not ready:
                now = tasks[order[j]][0]
                continue
            _, _, i = heapq.heappop(ready)
            out.append(i)
            now += tasks[i][2]
        return out
    """,
    "lru-cache": """
    from collections import OrderedDict
    class LRUCache:
        def __init__(self, capacity):
            self.capacity = capacity
            self.entries = OrderedDict()
        def get(self, key):
            if key not in self.entries:
                return -1
            self.entries.move_to_end(key)
            return self.entries[key]
        def put(self, key, value):
            if key in self.entries:
                self.entries.move_to_end(key)
            elif len(self.entries) == self.capacity:
                self.entries.popitem(last=False)
            self.entries[key] = value
    """,
    "window-max": """
    from collections import deque
    def window_max(nums, k):
        window, out = deque(), []
        for i, x in enumerate(nums):
            while window and nums[window[-1]] <= x:
                window.pop()
            window.append(i)
            if window[0] <= i - k:
                window.popleft()
            if i >= k - 1:
                out.append(nums[window[0]])
        return out
    """,
    "longest-unique-substring": """
    def longest_unique(s):
        last, start, best = {}, 0, 0
        for i, c in enumerate(s):
            if last.get(c, -1) >= start:
                start = last[c] + 1
            last[c] = i
            best = max(best, i - start + 1)
        return best
    """,
    "grid-shortest-path": """
    from collections import deque
    def shortest_path(grid):
        rows, cols = len(grid), len(grid[0])
        start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "S")
        distance = {start: 0}
        queue = deque([start])
        while queue:
            r, c = queue.popleft()
            if grid[r][c] == "G":
                return distance[(r, c)]
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" \\
                        and (nr, nc) not in distance:
                    distance[(nr, nc)] = distance[(r, c)] + 1
                    queue.append((nr, nc))
        return -1
    """,
  ]

  static let python = executable(named: "python3")
  static let go = executable(named: "go")

  /// The first `name` on PATH, if any.
  static func executable(named name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map {
      URL(fileURLWithPath: String($0)).appendingPathComponent(name)
    }
    .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// Runs `program` with `arguments`, feeding `input` on stdin; returns stdout and the exit status.
  static func run(_ program: URL, _ arguments: [String], input: String, in directory: URL) throws
    -> (output: String, status: Int32)
  {
    let inputFile = directory.appendingPathComponent("stdin.txt")
    try input.write(to: inputFile, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = try FileHandle(forReadingFrom: inputFile)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
  }

  static func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("drills-templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  @Test(.enabled(if: python != nil), arguments: ProblemCatalogTests.names)
  func pythonTemplateWithASolutionPassesEveryCase(name: String) throws {
    let problem = try #require(JudgeCatalog.named(name))
    let template = try #require(problem.templates["python"])
    let solution = try #require(Self.pythonSolutions[name])
    let marker = "if __name__ == \"__main__\":"
    let program = template.replacingOccurrences(of: marker, with: solution + "\n\n\n" + marker)
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try program.write(
      to: directory.appendingPathComponent("solution.py"), atomically: true, encoding: .utf8)
    let cases = ProblemCaseCache.cases(name)
    // Edge cases, some random ones, and one large case to show the parsing copes with size.
    let chosen =
      cases.filter { $0.category == .edge } + cases.filter { $0.category == .random }.prefix(8)
      + cases.filter { $0.category == .large }.prefix(1)
    for judgeCase in chosen {
      let result = try Self.run(
        Self.python!, ["solution.py"], input: judgeCase.input, in: directory)
      #expect(result.status == 0)
      #expect(
        problem.check(judgeCase.input, judgeCase.expected, result.output),
        "\(name) \(judgeCase.category): got \(result.output.prefix(80))")
    }
  }

  @Test(.enabled(if: python != nil), arguments: ProblemCatalogTests.names)
  func pythonTemplateAsWrittenRunsCleanly(name: String) throws {
    let problem = try #require(JudgeCatalog.named(name))
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try problem.templates["python"]!.write(
      to: directory.appendingPathComponent("solution.py"), atomically: true, encoding: .utf8)
    let first = try #require(ProblemCaseCache.cases(name).first)
    let result = try Self.run(Self.python!, ["solution.py"], input: first.input, in: directory)
    #expect(result.status == 0)
  }

  @Test(.enabled(if: go != nil), arguments: ProblemCatalogTests.names)
  func goTemplateBuilds(name: String) throws {
    let problem = try #require(JudgeCatalog.named(name))
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try problem.templates["go"]!.write(
      to: directory.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
    try "module starter\n\ngo 1.19\n".write(
      to: directory.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
    let build = try Self.run(Self.go!, ["build", "-o", "starter", "."], input: "", in: directory)
    #expect(build.status == 0, "go build failed for \(name)")
    let first = try #require(ProblemCaseCache.cases(name).first)
    let run = try Self.run(
      directory.appendingPathComponent("starter"), [], input: first.input, in: directory)
    #expect(run.status == 0)
  }
}
