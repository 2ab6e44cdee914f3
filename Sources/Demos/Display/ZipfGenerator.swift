import DeterministicRandom
import Foundation
import Patterns

/// Seeded Zipf-distributed integers over `1...n`: rank k comes up in proportion to 1/kˢ.
///
/// Models a skewed workload where a few hot keys take most requests (with n = 10,000 and
/// s = 1, rank 1 is about 10% of requests and the top 100 about 53%). Draws use a
/// precomputed cumulative distribution and a binary search: O(n) memory and setup once,
/// O(log n) per draw, fine for n up to a million.
///
/// A generator is a value with its own `SplitMix64`; it is not meant to be shared between
/// threads. Give each thread its own with `reseeded(_:)`, which shares the (immutable)
/// distribution table rather than building it again.
public struct ZipfGenerator: Sendable {
  /// The largest value drawn; values are in `1...count`.
  public let count: Int
  /// The skew: 0 is uniform, 1 is classic Zipf, larger is more skewed.
  public let exponent: Double
  /// `cumulative[k - 1]` is the probability of drawing k or less; the last is exactly 1.
  private let cumulative: [Double]
  private var random: SplitMix64

  /// A generator of values in `1...count` with exponent `exponent` (at least 0).
  public init(count: Int, exponent: Double = 1.0, seed: UInt64) {
    precondition(count >= 1, "a Zipf distribution needs at least one value")
    precondition(exponent >= 0 && exponent.isFinite, "the Zipf exponent must be 0 or more")
    self.count = count
    self.exponent = exponent
    var cumulative = [Double]()
    cumulative.reserveCapacity(count)
    var total = 0.0
    for rank in 1...count {
      total += Self.weight(rank: rank, exponent: exponent)
      cumulative.append(total)
    }
    for index in cumulative.indices { cumulative[index] /= total }
    cumulative[count - 1] = 1
    self.cumulative = cumulative
    self.random = SplitMix64(seed: seed)
  }

  /// A generator with the same distribution and a new seed, sharing the table.
  public func reseeded(_ seed: UInt64) -> ZipfGenerator {
    var copy = self
    copy.random = SplitMix64(seed: seed)
    return copy
  }

  /// The next value, in `1...count`.
  public mutating func next() -> Int {
    let draw = random.nextDouble()
    // The first rank whose cumulative probability exceeds the draw.
    var low = 0
    var high = count - 1
    while low < high {
      let middle = (low + high) / 2
      if cumulative[middle] > draw {
        high = middle
      } else {
        low = middle + 1
      }
    }
    return low + 1
  }

  /// The probability of drawing `rank`, 0 outside `1...count`.
  public func probability(of rank: Int) -> Double {
    guard (1...count).contains(rank) else { return 0 }
    return rank == 1 ? cumulative[0] : cumulative[rank - 1] - cumulative[rank - 2]
  }

  private static func weight(rank: Int, exponent: Double) -> Double {
    exponent == 1 ? 1 / Double(rank) : pow(Double(rank), -exponent)
  }
}
