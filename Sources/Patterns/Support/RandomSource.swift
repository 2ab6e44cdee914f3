import DeterministicRandom

/// Randomness for the cache demos, injected so tests can use a seed.
///
/// TTL jitter and XFetch's early-recompute draw use it. Implementations are classes shared
/// by several client threads, so the methods are not `mutating` and must be thread-safe.
public protocol RandomSource: Sendable {
  /// 64 uniformly random bits.
  func nextUInt64() -> UInt64
  /// A uniform double in [0, 1); derived from `nextUInt64` unless overridden.
  func nextDouble() -> Double
  /// A uniform integer in 0..<upperBound; derived from `nextUInt64` unless overridden.
  func next(upperBound: Int) -> Int
}

extension RandomSource {
  /// A uniform double in [0, 1).
  public func nextDouble() -> Double {
    // The top 53 bits fill a double's mantissa exactly.
    Double(nextUInt64() >> 11) * 0x1.0p-53
  }

  /// A uniform integer in 0..<upperBound (upperBound > 0), without modulo bias.
  public func next(upperBound: Int) -> Int {
    precondition(upperBound > 0, "upperBound must be positive")
    let bound = UInt64(upperBound)
    // Lemire's method: multiply, and redraw the rare values that would favour small results.
    let threshold = (0 &- bound) % bound
    while true {
      let product = nextUInt64().multipliedFullWidth(by: bound)
      if product.low >= threshold { return Int(product.high) }
    }
  }
}

/// A seeded SplitMix64 generator: the same seed gives the same sequence.
///
/// Thread-safe: concurrent callers each get the next number of the one sequence (which
/// thread gets which number depends on scheduling).
public final class SeededRandom: RandomSource {
  private let state: Locked<UInt64>

  public init(seed: UInt64) { state = Locked(seed) }

  public func nextUInt64() -> UInt64 {
    let advanced = state.withLock { state -> UInt64 in
      state &+= 0x9E37_79B9_7F4A_7C15
      return state
    }
    var mixed = advanced
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}

/// The operating system's random numbers, for demo runs that need no reproducibility.
public final class SystemRandom: RandomSource {
  public init() {}

  public func nextUInt64() -> UInt64 {
    var generator = SystemRandomNumberGenerator()
    return generator.next()
  }
}
