import DeterministicRandom

/// The parts every judge problem defines; `problem` assembles them into a `JudgeProblem`.
protocol JudgeDefinition: SendableMetatype {
  associatedtype Instance
  static var name: String { get }
  static var family: DrillFamily { get }
  static var statement: String { get }
  static var inputFormat: String { get }
  static var outputFormat: String { get }
  /// Hand-written boundary cases.
  static var edgeInstances: [Instance] { get }
  /// One small random instance.
  static func randomInstance(_ random: inout SplitMix64) -> Instance
  /// The large instances.
  static func largeInstances(_ random: inout SplitMix64) -> [Instance]
  static func input(for instance: Instance) -> String
  static func parse(_ input: String) -> Instance?
  static func answer(for instance: Instance) -> String
}

extension JudgeDefinition {
  /// The number of random cases between the edge and the large ones.
  static var randomCaseCount: Int { 20 }

  static var problem: JudgeProblem {
    JudgeProblem(
      name: name, family: family, statement: statement, inputFormat: inputFormat,
      outputFormat: outputFormat,
      cases: { seed in
        var random = SplitMix64(seed: seed, stream: "judge-\(name)")
        let edge = edgeInstances.map { judgeCase(.edge, $0) }
        let randomCases = (0..<randomCaseCount).map { _ in
          judgeCase(.random, randomInstance(&random))
        }
        let large = largeInstances(&random).map { judgeCase(.large, $0) }
        return edge + randomCases + large
      },
      check: { _, expected, got in JudgeCheck.sameTokens(expected, got) },
      reference: { input in parse(input).map(answer) ?? "" })
  }

  private static func judgeCase(_ category: JudgeCase.Category, _ instance: Instance) -> JudgeCase {
    JudgeCase(category: category, input: input(for: instance), expected: answer(for: instance))
  }
}
