import Drills

/// Judge cases for seed 1, generated once and shared by the suites that need them.
///
/// Large cases take a while to build in a debug build, so the suites reuse one set.
enum ProblemCaseCache {
  static let seed: UInt64 = 1

  static let casesByProblem: [String: [JudgeCase]] = Dictionary(
    uniqueKeysWithValues: JudgeCatalog.all.map { ($0.name, $0.cases(seed)) })

  static func cases(_ name: String) -> [JudgeCase] {
    casesByProblem[name] ?? []
  }
}
