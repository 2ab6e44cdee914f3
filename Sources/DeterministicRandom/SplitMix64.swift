/// A small, fast, seeded pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// The same seed gives the same sequence on every machine and toolchain, which neither
/// `SystemRandomNumberGenerator` nor Swift's own `random(in:using:)` promises: a drill
/// instance is rebuilt from its seed, and demo and benchmark workloads repeat. Not for
/// secrets. A value type: each thread owns its own generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// A generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// A generator for one named stream of `seed`, so different drills given the same seed
  /// draw different instances.
  public init(seed: UInt64, stream: String) {
    // FNV-1a of the stream name, mixed into the seed.
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in stream.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    state = seed ^ hash
  }

  /// A new seed drawn from `seed`, for a second instance that must not repeat the first.
  public static func derivedSeed(from seed: UInt64) -> UInt64 {
    var random = SplitMix64(seed: seed)
    return random.next()
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A uniform integer in `range`, without modulo bias.
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
    if span == 0 { return Int(truncatingIfNeeded: next()) }
    // Redraw the few values past the last whole multiple of `span`.
    let limit = UInt64.max - UInt64.max % span
    var drawn = next()
    while drawn >= limit { drawn = next() }
    return range.lowerBound &+ Int(truncatingIfNeeded: drawn % span)
  }

  /// A uniform integer in `range`, which must not be empty.
  public mutating func int(in range: Range<Int>) -> Int {
    int(in: range.lowerBound...(range.upperBound - 1))
  }

  /// A uniform double in [0, 1).
  public mutating func nextDouble() -> Double {
    // The top 53 bits fill a double's mantissa exactly.
    Double(next() >> 11) * 0x1.0p-53
  }

  /// True with probability `probability`.
  public mutating func chance(_ probability: Double) -> Bool {
    nextDouble() < probability
  }

  /// One element of `items`, which must not be empty.
  public mutating func element<T>(of items: [T]) -> T {
    items[int(in: 0..<items.count)]
  }

  /// `items` in a uniformly random order (Fisher-Yates).
  public mutating func shuffled<T>(_ items: [T]) -> [T] {
    var result = items
    var index = result.count - 1
    while index > 0 {
      result.swapAt(index, int(in: 0...index))
      index -= 1
    }
    return result
  }

  /// `count` distinct integers drawn from `range`, in random order.
  public mutating func distinct(_ count: Int, from range: ClosedRange<Int>) -> [Int] {
    precondition(count <= range.count, "not enough distinct values in range")
    var chosen = Set<Int>()
    var result: [Int] = []
    while result.count < count {
      let value = int(in: range)
      if chosen.insert(value).inserted { result.append(value) }
    }
    return result
  }
}
