/// Every judge problem by name.
public enum JudgeCatalog {
  /// The problems, family by family.
  public static let all: [JudgeProblem] = [
    KthLargestJudge.problem, TopKFrequentJudge.problem, MergeKSortedJudge.problem,
    TaskSchedulerJudge.problem, LRUCacheJudge.problem, WindowMaxJudge.problem,
    LongestUniqueSubstringJudge.problem, GridShortestPathJudge.problem,
  ]

  /// Every problem name, in catalog order: the list to show for an unknown name.
  public static var names: [String] { all.map(\.name) }

  /// The problem called `name` (case and surrounding spaces ignored), or nil.
  public static func named(_ name: String) -> JudgeProblem? {
    let key = String(
      name.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
    )
    .lowercased()
    return all.first { $0.name == key }
  }
}
