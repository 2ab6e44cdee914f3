/// A group of rows of the table that `--only` can select.
enum BenchmarkGroup: String, CaseIterable {
  case piped
  case startup = "start-up"
  case throughput
  case memory
  case cache
  case limiter
  case queue
  case judge
  case service

  /// Every group's name, comma-separated, for help and errors.
  static var names: String { allCases.map(\.rawValue).joined(separator: ",") }

  /// Parses `piped,start-up`; throws on a name that is not a group.
  static func parseList(_ list: String) throws(HarnessError) -> Set<BenchmarkGroup> {
    var groups: Set<BenchmarkGroup> = []
    for name in list.split(separator: ",", omittingEmptySubsequences: true) {
      guard let group = BenchmarkGroup(rawValue: String(name)) else {
        throw HarnessError("--only: no group '\(name)'; the groups are \(names)")
      }
      groups.insert(group)
    }
    return groups
  }
}
