import DeterministicRandom

/// Every drill by name and family, and the weighted pick for mixed review.
///
/// Names: a drill's own name (`heap-insert`) or a family's name (`heap`). `named(_:)` turns
/// a family name into its representative drill, the first of the family; `resolve(_:)` turns
/// it into all of the family's drills, for a session that walks through them.
public enum DrillCatalog {
  /// Every drill, family by family (heap, lru, window, bfs, then mixed-review).
  public static let all: [Drill] =
    HeapDrills.all + CacheDrills.all + WindowDrills.all + BFSDrills.all + [mixedReview]

  /// Every drill name, in catalog order: the list to show for an unknown name.
  public static var names: [String] { all.map(\.name) }

  /// The drill called `name`, or for a family name that family's first drill.
  ///
  /// `heap` gives `heap-insert` and `mixed` gives `mixed-review`; an unknown name gives nil.
  /// Case and surrounding spaces are ignored.
  public static func named(_ name: String) -> Drill? {
    let key = normalized(name)
    if let drill = all.first(where: { $0.name == key }) { return drill }
    guard let family = DrillFamily(rawValue: key) else { return nil }
    return drills(in: family).first
  }

  /// The drills a name stands for: one drill for a drill name, the whole family for a family
  /// name (`mixed` gives `mixed-review`), nothing for an unknown name.
  public static func resolve(_ name: String) -> [Drill] {
    let key = normalized(name)
    if let drill = all.first(where: { $0.name == key }) { return [drill] }
    guard let family = DrillFamily(rawValue: key) else { return [] }
    return drills(in: family)
  }

  /// The drills of `family`, in catalog order.
  public static func drills(in family: DrillFamily) -> [Drill] {
    all.filter { $0.family == family }
  }

  /// A drill from any family but `mixed`, the weak families more likely.
  ///
  /// `weakSpots` maps a family to the learner's accuracy in 0...1. A family's weight is
  /// `1.1 - accuracy` (so a mastered family still turns up now and then); a family with no
  /// history counts as accuracy 0.5. The weight is shared among the family's drills, so a
  /// family with more drills is not picked more often. The same seed gives the same drill.
  public static func pickMixed(weakSpots: [DrillFamily: Double], seed: UInt64) -> Drill {
    let families = DrillFamily.allCases.filter { $0 != .mixed }
    let weights = families.map { family -> Double in
      let accuracy = weakSpots[family].map { min(1, max(0, $0.isNaN ? 0.5 : $0)) } ?? 0.5
      return 1.1 - accuracy
    }
    var random = SplitMix64(seed: seed, stream: "mixed-review")
    var target = random.nextDouble() * weights.reduce(0, +)
    var chosen = families[families.count - 1]
    for (family, weight) in zip(families, weights) {
      if target < weight {
        chosen = family
        break
      }
      target -= weight
    }
    return random.element(of: drills(in: chosen))
  }

  /// The mixed-review drill: a drill from any family, picked by the seed with equal weights.
  ///
  /// The sessions it builds carry the picked drill's own name and family, so results are
  /// recorded where they belong. Use `pickMixed(weakSpots:seed:)` to weight the pick.
  public static let mixedReview = Drill(
    name: "mixed-review", family: .mixed,
    summary: "A random drill from every family, weighted to weak spots.",
    trace: { seed in
      let drill = pickMixed(weakSpots: [:], seed: seed)
      return drill.trace!(SplitMix64.derivedSeed(from: seed))
    },
    solve: { seed in
      let drill = pickMixed(weakSpots: [:], seed: seed)
      return drill.solve!(SplitMix64.derivedSeed(from: seed))
    })

  private static func normalized(_ name: String) -> String {
    String(name.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
      .lowercased()
  }
}
