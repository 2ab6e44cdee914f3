import RedisClient

/// Why a command's reply may differ between a recording and a re-run, and how the two
/// replies are compared instead of as exact text.
public struct RerunRule: Sendable, Equatable {
  /// How the recorded and the new reply are compared.
  public var comparison: Comparison
  /// Why the reply may differ, in words shown to the learner.
  public var reason: String
  /// When the rule applies; otherwise the reply is compared exactly.
  public var condition: Condition

  public init(_ comparison: Comparison, _ reason: String, when condition: Condition = .always) {
    self.comparison = comparison
    self.reason = reason
    self.condition = condition
  }

  /// The comparisons a rule can ask for.
  public enum Comparison: Sendable, Equatable {
    /// A remaining time that counts down: `-1`/`-2` must match exactly; otherwise both must
    /// be ≥ 0 and differ by no more than the time elapsed (in `unitsPerSecond`) plus
    /// `tolerance`, in either direction (the learner may have waited before asking).
    case countdown(unitsPerSecond: Double, tolerance: Int64)
    /// A clock reading or an id the server makes from its clock: same reply type only.
    case timestamp
    /// A value that depends on server state a re-run does not reproduce (idle times,
    /// memory, counters, other clients): same reply type only.
    case ignoreValue
    /// Members picked at random: same reply type and, for arrays, the same count.
    case randomMembers
    /// Elements in hash-table order, which changes with every server's random seed.
    case unordered(UnorderedLayout)
    /// Stream entries whose ids were made from the clock (`XADD … *`): equal text once every
    /// `"<ms>-<seq>"` string is masked.
    case streamIDs

    /// A short word for the summary line ("TTL countdown").
    public var label: String {
      switch self {
      case .countdown: return "countdown"
      case .timestamp: return "clock"
      case .ignoreValue: return "server state"
      case .randomMembers: return "random"
      case .unordered: return "order"
      case .streamIDs: return "stream ids"
      }
    }
  }

  /// How an unordered reply is grouped before its elements are compared as a multiset.
  public enum UnorderedLayout: Sendable, Equatable {
    /// Single elements (SMEMBERS, KEYS).
    case elements
    /// Field/value pairs (HGETALL).
    case pairs
    /// A SCAN-family reply `[cursor, [items]]`: the cursor may differ; the items are compared
    /// (as pairs when `pairs`) only when both cursors are 0, i.e. each reply held everything.
    case scan(pairs: Bool)
  }

  /// When a rule applies to a command of its name.
  public enum Condition: Sendable, Equatable {
    /// Always.
    case always
    /// When one of the arguments after the name is exactly this word (`XADD … *`).
    case argument(String)

    func holds(for argv: [String]) -> Bool {
      switch self {
      case .always: return true
      case .argument(let word): return argv.dropFirst().contains(word)
      }
    }
  }
}

extension RerunRule.Comparison {
  /// Whether `now` is an acceptable re-run of `recorded` (both terminal text), `elapsed`
  /// seconds after the recording's first command.
  public func accepts(recorded: String, now: String, elapsed: Double) -> Bool {
    if recorded == now { return true }
    let old = ReplyShape.parse(recorded)
    let new = ReplyShape.parse(now)
    switch self {
    case .countdown(let unitsPerSecond, let tolerance):
      guard case .integer(let before) = old.reply, case .integer(let after) = new.reply,
        before >= 0, after >= 0
      else { return false }
      let allowed = Int64((elapsed * unitsPerSecond).rounded(.up)) + tolerance
      return abs(after - before) <= allowed
    case .timestamp, .ignoreValue:
      return old.kind == new.kind
    case .randomMembers:
      guard old.kind == new.kind else { return false }
      return old.reply?.array?.count == new.reply?.array?.count
    case .unordered(let layout):
      guard let before = old.reply?.array, let after = new.reply?.array else { return false }
      return Self.sameItems(before, after, layout: layout)
    case .streamIDs:
      return Self.maskingStreamIDs(recorded) == Self.maskingStreamIDs(now)
    }
  }

  private static func sameItems(
    _ before: [Reply], _ after: [Reply], layout: RerunRule.UnorderedLayout
  )
    -> Bool
  {
    switch layout {
    case .elements:
      return counts(before.map { [$0] }) == counts(after.map { [$0] })
    case .pairs:
      return before.count.isMultiple(of: 2) && after.count.isMultiple(of: 2)
        && counts(pairs(before)) == counts(pairs(after))
    case .scan(let grouped):
      guard before.count == 2, after.count == 2, let oldItems = before[1].array,
        let newItems = after[1].array
      else { return false }
      let complete = before[0] == .bulk("0") && after[0] == .bulk("0")
      guard complete else { return true }
      return sameItems(oldItems, newItems, layout: grouped ? .pairs : .elements)
    }
  }

  private static func pairs(_ elements: [Reply]) -> [[Reply]] {
    stride(from: 0, to: elements.count - 1, by: 2).map { [elements[$0], elements[$0 + 1]] }
  }

  private static func counts(_ groups: [[Reply]]) -> [[Reply]: Int] {
    groups.reduce(into: [:]) { $0[$1, default: 0] += 1 }
  }

  private static func maskingStreamIDs(_ text: String) -> String {
    text.replacing(#/"[0-9]+-[0-9]+"/#, with: "\"<id>\"")
  }
}
