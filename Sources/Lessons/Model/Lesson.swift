/// One day of the week: its plans, blocks and steps, read from a lesson file.
public struct Lesson: Sendable {
  /// The day number, 1–7.
  public var day: Int
  /// The day's title.
  public var title: String
  /// One sentence on what the learner can do by the end of the day.
  public var goal: String?
  /// The minimum Redis version the whole day needs, if any.
  public var requires: RedisVersion?
  /// Markdown shown when the day starts, before the first block.
  public var introduction: String
  /// The blocks in the order they run; each plan uses a subset.
  public var blocks: [LessonBlock]
  /// The file the lesson was read from.
  public var file: String

  public init(
    day: Int, title: String, goal: String? = nil, requires: RedisVersion? = nil,
    introduction: String = "", blocks: [LessonBlock] = [], file: String = ""
  ) {
    self.day = day
    self.title = title
    self.goal = goal
    self.requires = requires
    self.introduction = introduction
    self.blocks = blocks
    self.file = file
  }

  /// The blocks of one plan, in order.
  public func blocks(in plan: StudyPlan) -> [LessonBlock] {
    blocks.filter { $0.plans.contains(plan) }
  }

  /// The steps of one plan, in order, each with the block it belongs to.
  public func steps(in plan: StudyPlan) -> [LessonStep] {
    blocks(in: plan).flatMap(\.steps)
  }

  /// Every step of the lesson, whichever plan it belongs to.
  public var allSteps: [LessonStep] { blocks.flatMap(\.steps) }

  /// The block that holds a step.
  public func block(containing stepID: String) -> LessonBlock? {
    blocks.first { block in block.steps.contains { $0.id == stepID } }
  }

  /// Every quiz-ready fact in the lesson.
  public var facts: [String] { allSteps.flatMap(\.facts) }

  /// Every self-quiz card in the lesson, in file order.
  public var cards: [QuizCard] { allSteps.flatMap(\.cards) }
}

/// A timed part of a day's plan: concepts, hands-on work, DSA practice, review or design.
public struct LessonBlock: Sendable {
  /// The id from the front matter, such as `concepts`.
  public var id: String
  /// What kind of work the block is.
  public var kind: BlockKind
  /// The block's title.
  public var title: String
  /// The planned minutes; a single number is a range of one.
  public var minutes: ClosedRange<Int>
  /// The plans that include this block.
  public var plans: Set<StudyPlan>
  /// Markdown shown when the block starts.
  public var introduction: String
  /// The steps, in order.
  public var steps: [LessonStep]
  /// The front-matter line that declared the block.
  public var line: Int

  public init(
    id: String, kind: BlockKind, title: String, minutes: ClosedRange<Int>,
    plans: Set<StudyPlan>, introduction: String = "", steps: [LessonStep] = [], line: Int = 0
  ) {
    self.id = id
    self.kind = kind
    self.title = title
    self.minutes = minutes
    self.plans = plans
    self.introduction = introduction
    self.steps = steps
    self.line = line
  }

  /// The planned time as the week's plan writes it: `60 min` or `60–75 min`.
  public var minutesText: String {
    minutes.lowerBound == minutes.upperBound
      ? "\(minutes.lowerBound) min" : "\(minutes.lowerBound)–\(minutes.upperBound) min"
  }
}

/// The kinds of block a plan is made of.
public enum BlockKind: String, Sendable, CaseIterable {
  case concepts
  case handsOn = "hands-on"
  case dsa
  case review
  case design
}

/// The two daily plans: four hours, or six with the extra blocks.
public enum StudyPlan: String, Sendable, CaseIterable, Hashable {
  case fourHours = "4h"
  case sixHours = "6h"
}

/// A Redis server version such as 7.0 or 6.2.7, compared numerically.
public struct RedisVersion: Sendable, Comparable, CustomStringConvertible {
  /// The numeric parts, major first.
  public var parts: [Int]

  /// Reads `7.0` or `6.2.7`; nil when a part is not a number.
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
    guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
    self.parts = parts.map { $0! }
  }

  public static func < (lhs: RedisVersion, rhs: RedisVersion) -> Bool {
    for index in 0..<max(lhs.parts.count, rhs.parts.count) {
      let left = index < lhs.parts.count ? lhs.parts[index] : 0
      let right = index < rhs.parts.count ? rhs.parts[index] : 0
      if left != right { return left < right }
    }
    return false
  }

  public static func == (lhs: RedisVersion, rhs: RedisVersion) -> Bool {
    !(lhs < rhs) && !(rhs < lhs)
  }

  public var description: String { parts.map(String.init).joined(separator: ".") }
}
